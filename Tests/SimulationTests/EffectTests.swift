import Foundation
import Testing

@testable import Simulation

/// The scenario effects touch the canary's proxies and istiod only: the same seed gives the
/// same mesh, load and requests, so a scenario can be compared with `migration-healthy`.
@Suite struct EffectTests {
  /// Samples of `name` keyed by series and time.
  static func values(_ mesh: SimulatedFiles, _ folder: String, _ name: String) -> [String: Double] {
    var out: [String: Double] = [:]
    for sample in mesh.samples(below: folder) where sample.name == name {
      out["\(sample.series) \(sample.time)"] = sample.value
    }
    return out
  }

  @Test func latencyFactorSlowsOnlyRequestsThroughCanaryProxies() throws {
    let healthy = try SimulatedFiles(SimulatedFiles.short())
    let slow = try SimulatedFiles(SimulatedFiles.short(.latency))
    let name = "istio_request_duration_milliseconds_sum"
    let before = Self.values(healthy, "sidecar", name)
    let after = Self.values(slow, "sidecar", name)
    #expect(before.keys.sorted() == after.keys.sorted())
    var canary = 0
    var stable = 0
    for (key, value) in before where key.contains("reporter=\"destination\"") {
      let changed = try #require(after[key])
      if key.contains("istio_io_rev=\"canary\"") {
        canary += 1
        // Every request a canary proxy answers takes 25% longer: so does their sum.
        #expect(abs(changed / value - 1.25) < 1e-9, "\(key)")
      } else {
        stable += 1
        #expect(changed == value, "\(key)")
      }
    }
    #expect(canary > 20)
    #expect(stable > 100)
    let counts = "istio_request_duration_milliseconds_count"
    #expect(Self.values(healthy, "sidecar", counts) == Self.values(slow, "sidecar", counts))
  }

  @Test func errorFactorRaisesOnlyTheCanaryFiveHundreds() throws {
    let healthy = try SimulatedFiles(SimulatedFiles.short())
    let failing = try SimulatedFiles(SimulatedFiles.short(.errors))
    func errors(_ mesh: SimulatedFiles, canary: Bool) -> Double {
      let samples = mesh.samples(below: "sidecar").filter {
        $0.name == "istio_requests_total" && $0.label("reporter") == "destination"
          && $0.label("response_code") == "503" && $0.time == SimulatedFiles.last
          && ($0.label("istio_io_rev") == "canary") == canary
      }
      return samples.reduce(0) { $0 + $1.value }
    }
    #expect(errors(failing, canary: false) == errors(healthy, canary: false))
    #expect(errors(failing, canary: true) > 0)
    #expect(errors(failing, canary: true) > 4 * errors(healthy, canary: true))
  }

  @Test func pushStormAndRejectsAreTheCanaryIstiods() throws {
    let mesh = try SimulatedFiles(SimulatedFiles.short(.pushStorm))
    let move = try mesh.moveTime()
    let end = SimulatedFiles.last
    func total(_ folder: String, _ name: String, at time: Int64) -> Double {
      mesh.samples(below: folder).filter { $0.name == name && $0.time == time }.reduce(0) {
        $0 + $1.value
      }
    }
    func perProxy(_ folder: String) -> Double {
      let pushes =
        total(folder, "pilot_xds_pushes", at: end)
        - total(folder, "pilot_xds_pushes", at: move + 15)
      return pushes / total(folder, "pilot_xds", at: end)
    }
    let ratio = perProxy("istiod-canary") / perProxy("istiod-stable")
    #expect(ratio > 3 && ratio < 8, "canary/stable pushes per proxy \(ratio)")
    #expect(total("istiod-canary", "pilot_total_xds_rejects", at: end) > 0)
    #expect(total("istiod-canary", "pilot_total_xds_rejects", at: move - 15) == 0)
    #expect(total("istiod-stable", "pilot_total_xds_rejects", at: end) == 0)
  }

  @Test func warmUpSlowsRestartedPodsOnlyAtFirst() throws {
    var scenario = SimulatedFiles.short()
    scenario.warmupMinutes = 2
    // Only the latency part: extra errors would move requests between response codes.
    scenario.warmupErrorFactor = 1
    let warm = try SimulatedFiles(scenario)
    let cold = try SimulatedFiles(SimulatedFiles.short())
    let name = "istio_request_duration_milliseconds_sum"
    let move = try cold.moveTime()
    let before = Self.values(cold, "sidecar", name)
    let after = Self.values(warm, "sidecar", name)
    let firstScrape = "istio_io_rev=\"canary\""
    let canaryKeys = before.keys.filter {
      $0.contains(firstScrape) && $0.contains("reporter=\"destination\"")
        && $0.hasSuffix(" \(move + 15)")
    }
    #expect(!canaryKeys.isEmpty)
    for key in canaryKeys {
      let ratio = try #require(after[key]) / (before[key] ?? 1)
      #expect(abs(ratio - 1.5) < 1e-9, "\(key)")
    }
  }
}

import Foundation
import Testing

@testable import Simulation

@Suite struct MigrationSimulatorTests {
  /// Counter-like sample names: totals, histogram parts and istiod counters.
  static func isCounter(_ name: String) -> Bool {
    name.hasSuffix("_total") || name.hasSuffix("_bucket") || name.hasSuffix("_count")
      || name.hasSuffix("_sum") || name == "pilot_xds_pushes"
  }

  @Test func sameSeedGivesTheSameBytes() throws {
    let first = try SimulatedFiles(SimulatedFiles.short(), seed: 11)
    let again = try SimulatedFiles(SimulatedFiles.short(), seed: 11)
    let other = try SimulatedFiles(SimulatedFiles.short(), seed: 12)
    #expect(first.order == again.order)
    #expect(first.files == again.files)
    #expect(first.files != other.files)
    #expect(first.order.count > 100)
  }

  @Test func countersNeverFallWithinASeries() throws {
    let mesh = try SimulatedFiles(SimulatedFiles.short())
    var series: [String: [(Int64, Double)]] = [:]
    for sample in mesh.samples(below: "sidecar") + mesh.samples(below: "istiod-canary")
    where Self.isCounter(sample.name) {
      series[sample.series, default: []].append((sample.time, sample.value))
    }
    #expect(series.count > 1000)
    var falls = 0
    for points in series.values {
      let sorted = points.sorted { $0.0 < $1.0 }
      for index in sorted.indices.dropFirst() where sorted[index].1 < sorted[index - 1].1 {
        falls += 1
      }
    }
    // A restarted pod is a new series (new name), so no series ever resets.
    #expect(falls == 0)
  }

  @Test func bucketsAreCumulativeAndInfEqualsCount() throws {
    let mesh = try SimulatedFiles(SimulatedFiles.short())
    var buckets: [String: [Double]] = [:]
    var counts: [String: Double] = [:]
    for sample in mesh.samples(below: "sidecar") + mesh.samples(below: "istiod-stable") {
      if sample.name.hasSuffix("_bucket") {
        buckets[sample.histogramKey, default: []].append(sample.value)
      } else if sample.name.hasSuffix("_count") {
        counts[sample.histogramKey] = sample.value
      }
    }
    #expect(buckets.count > 500)
    for (key, values) in buckets {
      #expect(values.count == 20 || values.count == 9 || values.count == 7, "\(key)")
      #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "\(key)")
      #expect(values.last == counts[key], "\(key)")
    }
  }

  @Test func podsRestartOntoTheCanaryAtTheMove() throws {
    let scenario = SimulatedFiles.short()
    let mesh = try SimulatedFiles(scenario)
    let move = try mesh.moveTime()
    #expect(move == SimulatedFiles.move)
    let moved = try mesh.movedNamespaces()
    #expect(moved.count == 2)
    let samples = mesh.samples(below: "sidecar")
    func pods(_ namespaces: Set<String>, before: Bool) -> Set<String> {
      Set(
        samples.filter {
          namespaces.contains($0.label("namespace") ?? "") && ($0.time < move) == before
        }.compactMap { $0.label("pod") })
    }
    let all = Set(samples.compactMap { $0.label("namespace") })
    #expect(all.count == 4)
    let stayed = all.subtracting(moved)
    #expect(!pods(moved, before: true).isEmpty)
    #expect(pods(moved, before: true).isDisjoint(with: pods(moved, before: false)))
    #expect(pods(stayed, before: true) == pods(stayed, before: false))
    for sample in samples {
      let canary = sample.label("istio_io_rev") == "canary"
      let inMoved = moved.contains(sample.label("namespace") ?? "")
      #expect(canary == (inMoved && sample.time > move), "\(sample.series) at \(sample.time)")
    }
    let firstUptimes = samples.filter {
      $0.name == "envoy_server_uptime" && $0.label("istio_io_rev") == "canary"
        && $0.time < move + 30
    }
    #expect(!firstUptimes.isEmpty)
    #expect(firstUptimes.allSatisfy { $0.value == 15 })
  }

  @Test func connectedProxiesFollowTheMigration() throws {
    let mesh = try SimulatedFiles(SimulatedFiles.short())
    let move = try mesh.moveTime()
    let moved = try mesh.movedNamespaces()
    let sidecars = mesh.samples(below: "sidecar").filter { $0.name == "envoy_server_live" }
    func proxies(canary: Bool, at time: Int64) -> Double {
      Double(
        sidecars.filter {
          $0.time == time && moved.contains($0.label("namespace") ?? "") == canary
        }.count)
    }
    for (folder, canary) in [("istiod-stable", false), ("istiod-canary", true)] {
      let gauges = mesh.samples(below: folder).filter { $0.name == "pilot_xds" }
      #expect(gauges.count == SimulatedFiles.scrapes)
      for gauge in gauges {
        let expected = canary && gauge.time < move ? 0 : proxies(canary: canary, at: gauge.time)
        let total = proxies(canary: false, at: gauge.time) + proxies(canary: true, at: gauge.time)
        #expect(gauge.value == (gauge.time < move && !canary ? total : expected), "\(folder)")
        #expect(gauge.label("istio_io_rev") == (canary ? "canary" : "stable"))
      }
    }
  }

  @Test func sourceAndDestinationCountTheSameRequests() throws {
    let mesh = try SimulatedFiles(SimulatedFiles.short())
    let last = try mesh.moveTime() - 15
    var counted: [String: [String: Double]] = [:]
    var edges = 0
    for sample in mesh.samples(below: "sidecar")
    where sample.name == "istio_requests_total" && sample.time == last {
      let edge = [
        "source_workload", "destination_workload", "response_code",
      ].compactMap { sample.label($0) }.joined(separator: " ")
      counted[edge, default: [:]][sample.label("reporter") ?? "?", default: 0] += sample.value
    }
    for (edge, sides) in counted where sides["source"] != nil {
      edges += 1
      #expect(sides["source"] == sides["destination"], "\(edge)")
    }
    #expect(edges > 4)
    #expect(counted.values.contains { $0["source"] == nil })  // the ingress gateway's calls
  }

  @Test func withoutTheRevisionLabelTheNamespaceMapsSayIt() throws {
    var scenario = SimulatedFiles.short()
    scenario.revisionLabel = false
    let mesh = try SimulatedFiles(scenario)
    for name in [
      "namespaces-before.txt", "namespaces-after.txt", "migration.json", "migration.txt",
    ] {
      #expect(mesh.files[name] != nil, "\(name)")
    }
    #expect(!mesh.files.values.contains { $0.contains("istio_io_rev") })
    let moved = try mesh.movedNamespaces()
    let move = try mesh.moveTime()
    func revisions(_ file: String) throws -> [String: String] {
      let lines = try #require(mesh.files[file]).split(separator: "\n").dropFirst()
      return Dictionary(
        uniqueKeysWithValues: lines.map { line in
          let words = line.split(separator: " ")
          return (String(words[0]), words.count > 3 ? String(words[3]) : "")
        })
    }
    let before = try revisions("namespaces-before.txt")
    let after = try revisions("namespaces-after.txt")
    #expect(before.count == 7)
    #expect(before.filter { $0.value == "stable" }.count == 4)
    #expect(Set(after.filter { $0.value == "canary" }.keys) == moved)
    #expect(mesh.files["migration.txt"]?.hasPrefix("\(move) ") == true)
  }
}

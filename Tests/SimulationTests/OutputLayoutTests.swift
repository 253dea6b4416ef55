import Foundation
import Testing

@testable import Simulation

@Suite struct OutputLayoutTests {
  @Test(arguments: [OutputLayout.perScrape, .single])
  func everyLayoutCarriesTheSameSamples(_ layout: OutputLayout) throws {
    let scenario = SimulatedFiles.short(.latency)
    let perPod = try SimulatedFiles(scenario, layout: .perPod)
    let other = try SimulatedFiles(scenario, layout: layout)
    for folder in ["sidecar", "istiod-stable", "istiod-canary"] {
      let expected = perPod.samples(below: folder)
      let actual = other.samples(below: folder)
      #expect(expected.count > 0)
      #expect(actual.count == expected.count, "\(folder)")
      #expect(Set(actual) == Set(expected), "\(folder)")
      #expect(Set(expected).count == expected.count, "\(folder): a sample written twice")
    }
    for name in ["namespaces-before.txt", "namespaces-after.txt", "migration.json"] {
      #expect(other.files[name] == perPod.files[name])
    }
  }

  @Test func singleIsOneOpenMetricsFilePerSource() throws {
    let mesh = try SimulatedFiles(SimulatedFiles.short(), layout: .single)
    let metricFiles = mesh.order.filter { $0.hasSuffix(".om") }
    #expect(
      metricFiles == [
        "sidecar/sidecar.om", "istiod-stable/istiod-stable.om", "istiod-canary/istiod-canary.om",
      ])
    for path in metricFiles {
      let text = try #require(mesh.files[path])
      #expect(text.hasSuffix("# EOF\n"))
      // Each family is declared once, and counters by their OpenMetrics family name.
      let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }
      #expect(Set(types).count == types.count, "\(path)")
      // A `# UNIT` line or a `_total` counter sample early in the file marks it as OpenMetrics
      // for format detection, which reads only the first megabyte of a file.
      let marker = [text.range(of: "\n# UNIT "), text.range(of: "_total{")].compactMap { $0 }
        .map { text.utf8.distance(from: text.startIndex, to: $0.lowerBound) }.min()
      #expect((marker ?? .max) < 65_536, "\(path)")
      if path.hasPrefix("istiod") {
        #expect(text.contains("# UNIT process_resident_memory_bytes bytes\n"))
      }
      if path.hasPrefix("sidecar") {
        #expect(types.contains("# TYPE istio_requests counter"))
        #expect(types.contains("# TYPE istio_request_duration_milliseconds histogram"))
      }
    }
  }

  @Test func perScrapeIsOneTextFilePerScrapeTime() throws {
    let mesh = try SimulatedFiles(SimulatedFiles.short(), layout: .perScrape)
    let sidecar = mesh.order.filter { $0.hasPrefix("sidecar/") }
    #expect(sidecar.count == SimulatedFiles.scrapes)
    #expect(sidecar.first == "sidecar/scrape-1788220807.prom")
    let text = try #require(sidecar.first.flatMap { mesh.files[$0] })
    let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }
    #expect(Set(types).count == types.count)
    #expect(text.contains("# TYPE istio_requests_total counter"))
  }
}

import Foundation
import Ingestion
import MetricModel

/// A handler that only counts, so the figure is the parser's own speed.
private struct CountingHandler: SampleHandler {
  var series = 0
  var samples = 0
  var skipped = 0
  var checksum = 0.0

  mutating func newSeries(_ descriptor: SeriesDescriptor) throws -> Int32 {
    series += 1
    return Int32(series - 1)
  }

  mutating func sample(series: Int32, timestampMilliseconds: Int64?, value: Double) throws {
    samples += 1
    // Keeps the value parse from being optimized away.
    checksum += value
  }

  mutating func skippedLine(_ error: ParseError) {
    skipped += 1
  }
}

/// Parses the file at `path` with a counting handler and prints samples/s and MB/s.
///
/// When `path` does not exist, first writes a synthetic sidecar scrape of about 256 MB
/// there (Istio request counters and duration histograms, 600–900-byte lines).
func runParserBenchmarks(path: String) {
  if !FileManager.default.fileExists(atPath: path) {
    print("parser: writing a synthetic sidecar scrape to \(path)")
    do {
      try writeSyntheticScrape(to: path, bytes: 256 << 20)
    } catch {
      print("parser: cannot write \(path): \(error)")
      return
    }
  }
  do {
    var source = try FileSource(path: path)
    var handler = CountingHandler()
    let clock = ContinuousClock()
    var format = InputFormat.auto
    let elapsed = try clock.measure {
      format = try parseSamples(
        from: &source, format: .auto, options: ParserOptions(), handler: &handler)
    }
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let samplesPerSecond = Double(handler.samples) / seconds
    let megabytesPerSecond = Double(size) / 1e6 / seconds
    print(
      "parser: \(format.rawValue) \(size / 1_000_000) MB, \(handler.series) series, "
        + "\(handler.samples) samples in \(String(format: "%.3f", seconds)) s: "
        + "\(String(format: "%.0f", samplesPerSecond)) samples/s, "
        + "\(String(format: "%.0f", megabytesPerSecond)) MB/s")
  } catch {
    print("parser: \(path): \(error)")
  }
}

/// Writes repeated scrapes of one sidecar (the same series, new values) until `bytes`.
func writeSyntheticScrape(to path: String, bytes: Int) throws {
  let labels =
    "reporter=\"destination\",source_workload=\"productpage-v1\","
    + "source_workload_namespace=\"bookinfo\","
    + "source_principal=\"spiffe://cluster.local/ns/bookinfo/sa/bookinfo-productpage\","
    + "source_app=\"productpage\",source_version=\"v1\",source_cluster=\"Kubernetes\","
    + "destination_workload=\"reviews-v2\",destination_workload_namespace=\"bookinfo\","
    + "destination_principal=\"spiffe://cluster.local/ns/bookinfo/sa/bookinfo-reviews\","
    + "destination_app=\"reviews\",destination_version=\"v2\","
    + "destination_service=\"reviews.bookinfo.svc.cluster.local\","
    + "destination_service_name=\"reviews\",destination_service_namespace=\"bookinfo\","
    + "destination_cluster=\"Kubernetes\",request_protocol=\"http\","
    + "grpc_response_status=\"\",response_flags=\"-\","
    + "connection_security_policy=\"mutual_tls\""
  let bounds = [
    "0.5", "1", "5", "10", "25", "50", "100", "250", "500", "1000", "2500", "5000", "10000",
    "30000", "60000", "300000", "600000", "1.8e+06", "3.6e+06", "+Inf",
  ]
  guard FileManager.default.createFile(atPath: path, contents: nil),
    let handle = FileHandle(forWritingAtPath: path)
  else { throw CocoaError(.fileWriteUnknown) }
  defer { try? handle.close() }
  var written = 0
  var scrape = 0
  while written < bytes {
    var text = "# TYPE istio_requests_total counter\n"
    let timestamp = 1_764_237_600_000 + scrape * 15_000
    for code in ["200", "404", "503"] {
      text +=
        "istio_requests_total{\(labels),response_code=\"\(code)\"} \(scrape * 7 + 3) \(timestamp)\n"
    }
    text += "# TYPE istio_request_duration_milliseconds histogram\n"
    for code in ["200", "503"] {
      for (index, bound) in bounds.enumerated() {
        text +=
          "istio_request_duration_milliseconds_bucket{\(labels),response_code=\"\(code)\","
          + "le=\"\(bound)\"} \(scrape * (index + 1)).5 \(timestamp)\n"
      }
    }
    let data = Data(text.utf8)
    handle.write(data)
    written += data.count
    scrape += 1
  }
}

import Foundation
import Simulation

/// The benchmark's Istio-shaped samples, written in three shapes of the same samples: one
/// OpenMetrics file; one Prometheus text file per scrape time and revision; one file per pod
/// per scrape, as `canary simulate` writes `sample-data/`.
///
/// 50 workloads per revision, each with 24 series (`istio_requests_total` for 2 response codes
/// and a 19-bucket `istio_request_duration_milliseconds` histogram), a dozen Istio labels plus
/// target labels: about 580 bytes a line; as many 15 s scrapes as it takes to reach `samples`.
struct IngestCorpus {
  /// Samples to generate (rounded down to whole scrapes).
  var samples: Int
  /// Where the inputs go.
  var folder: String

  static let workloads = 50
  static let seriesPerPod = 2 + IstioLabels.durationBuckets.count + 3
  static let start: Int64 = 1_788_220_800

  var pods: Int { 2 * Self.workloads }
  var steps: Int { max(1, samples / (pods * Self.seriesPerPod)) }

  /// The label text of pod `index` (without `response_code`).
  func labels(ofPod index: Int) -> String {
    let revision = revision(ofPod: index)
    let namespace = "team-\(index / 2)-\(revision)"
    let app = "app-\(index)"
    return [
      ("istio_io_rev", revision), ("namespace", namespace),
      ("pod", "\(app)-7d9f8b6c5-x2x4z"), ("reporter", "destination"),
      ("source_workload", "istio-ingressgateway"), ("source_workload_namespace", "istio-system"),
      ("source_app", "istio-ingressgateway"), ("destination_workload", app),
      ("destination_workload_namespace", namespace),
      ("destination_service", "\(app).\(namespace).svc.cluster.local"),
      ("destination_app", app), ("destination_version", "v1"), ("request_protocol", "http"),
      ("response_flags", "-"), ("connection_security_policy", "mutual_tls"),
    ].map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",")
  }

  func revision(ofPod index: Int) -> String { index % 2 == 0 ? "stable" : "canary" }

  /// One pod's samples at one step as Prometheus text lines; `timestamp` appended when given.
  func lines(pod labels: String, step: Int, timestamp: String?) -> (
    requests: String, histogram: String
  ) {
    let suffix = timestamp.map { " " + $0 } ?? ""
    var requests = ""
    for code in ["200", "503"] {
      let value = code == "200" ? step * 370 : step / 3
      requests += "istio_requests_total{\(labels),response_code=\"\(code)\"} \(value)\(suffix)\n"
    }
    let histogramLabels = "\(labels),response_code=\"200\""
    var histogram = ""
    for (index, bucket) in IstioLabels.durationBuckets.enumerated() {
      let count = step * min(370, 20 * (index + 1))
      histogram +=
        "istio_request_duration_milliseconds_bucket{\(histogramLabels),le=\"\(bucket.text)\"} \(count)\(suffix)\n"
    }
    histogram +=
      "istio_request_duration_milliseconds_bucket{\(histogramLabels),le=\"+Inf\"} \(step * 370)\(suffix)\n"
    histogram +=
      "istio_request_duration_milliseconds_count{\(histogramLabels)} \(step * 370)\(suffix)\n"
    histogram +=
      "istio_request_duration_milliseconds_sum{\(histogramLabels)} \(Double(step) * 4321.5)\(suffix)\n"
    return (requests, histogram)
  }

  static let requestsType = "# TYPE istio_requests_total counter\n"
  static let histogramType = "# TYPE istio_request_duration_milliseconds histogram\n"

  /// Writes the shape `name` once (reused while its marker file exists); returns its path.
  func ensure(_ name: String, write: (String) throws -> Void) throws -> String {
    let path = "\(folder)/\(name)-\(samples)"
    let marker = path + ".complete"
    if FileManager.default.fileExists(atPath: marker) { return path }
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try write(path)
    _ = FileManager.default.createFile(atPath: marker, contents: nil)
    return path
  }

  /// One Prometheus text file per scrape time and revision, every series of the revision in
  /// it, no timestamps, the time in the file name.
  func scrapeDirectory() throws -> String {
    try ensure("scrapes") { path in
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      let labels = (0..<pods).map(labels(ofPod:))
      for step in 0..<steps {
        let time = Self.start + Int64(step * 15)
        for revision in ["canary", "stable"] {
          var requests = Self.requestsType
          var histogram = Self.histogramType
          for pod in 0..<pods where self.revision(ofPod: pod) == revision {
            let text = lines(pod: labels[pod], step: step, timestamp: nil)
            requests += text.requests
            histogram += text.histogram
          }
          try (requests + histogram).write(
            toFile: "\(path)/scrape-\(revision)-\(time).prom", atomically: false, encoding: .utf8)
        }
      }
    }
  }

  /// One file per pod per scrape, `NAMESPACE/POD-TIME.prom`, as `sample-data/` has them.
  func podDirectory() throws -> String {
    try ensure("pods") { path in
      let labels = (0..<pods).map(labels(ofPod:))
      for pod in 0..<pods {
        let folder = "\(path)/team-\(pod / 2)-\(revision(ofPod: pod))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for step in 0..<steps {
          let time = Self.start + Int64(step * 15)
          let text = lines(pod: labels[pod], step: step, timestamp: nil)
          try (Self.requestsType + text.requests + Self.histogramType + text.histogram).write(
            toFile: "\(folder)/app-\(pod)-\(time).prom", atomically: false, encoding: .utf8)
        }
      }
    }
  }
}

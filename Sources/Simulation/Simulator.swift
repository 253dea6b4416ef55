import Foundation

/// Writes a scenario as the files a mesh would produce: one sidecar dump per pod per scrape
/// (Envoy's `/stats/prometheus` on port 15090, with the scrape's target labels), one istiod dump per revision per
/// scrape (`:15014/metrics`), and the namespace map (`kubectl get namespaces -L istio.io/rev`).
///
/// Sidecar dumps carry no revision label, as on the real endpoint: `canary ingest` attributes
/// them through their `namespace` label and the namespace map. istiod dumps carry none either; they are ingested with
/// `--revision`. The same scenario and seed always give the same bytes.
public struct Simulator: Sendable {
  /// The scenario to simulate.
  public var scenario: Scenario
  /// Seed of the random generator.
  public var seed: UInt64
  /// Unix seconds of the first scrape (default 2026-09-01T00:00:07Z: scrapes do not fall on
  /// minute boundaries, as in real meshes, so no sample sits exactly on a step's edge).
  public var start: Int64 = 1_788_220_807

  /// The workload names, in order; stable takes even positions, canary odd ones.
  static let workloadNames = [
    "frontend", "catalog", "cart", "checkout", "payments", "shipping", "reviews", "ratings",
    "search", "accounts", "ads", "recommend", "inventory", "pricing", "orders", "users",
  ]

  /// Creates a simulator.
  public init(scenario: Scenario, seed: UInt64) {
    self.scenario = scenario
    self.seed = seed
  }

  /// The revisions, baseline first.
  public static let revisions = ["stable", "canary"]

  /// One workload: its namespace (named after it) and revision.
  struct Workload {
    var name: String
    var namespace: String
    var revision: String
    var profile: RevisionProfile
    var requests: [String: Double] = [:]
    var buckets = [Double](repeating: 0, count: IstioLabels.durationBuckets.count)
    var count: Double = 0
    var sum: Double = 0
    var startedAt: Int64
  }

  /// The workloads of both revisions, interleaved.
  func workloads() -> [Workload] {
    (0..<(2 * scenario.workloadsPerRevision)).map { index in
      let base = Self.workloadNames[index % Self.workloadNames.count]
      let name =
        index < Self.workloadNames.count ? base : "\(base)-\(index / Self.workloadNames.count)"
      let revision = Self.revisions[index % 2]
      return Workload(
        name: name, namespace: name, revision: revision,
        profile: revision == "canary" ? scenario.canary : scenario.stable,
        startedAt: start - 86_400)
    }
  }

  /// One file of a simulated scenario: where it goes below the output folder, and its text.
  public struct File: Sendable {
    /// Path relative to the output folder, e.g. `sidecar/cart/cart-1788220807.prom`.
    public var path: String
    /// The file's text.
    public var text: String
  }

  /// Writes the scenario's files below `directory`; returns how many files it wrote.
  @discardableResult
  public func write(to directory: String) throws -> Int {
    let files = FileManager.default
    var folders: Set<String> = []
    var written = 0
    try generate { file in
      let target = "\(directory)/\(file.path)"
      let folder = (target as NSString).deletingLastPathComponent
      if folders.insert(folder).inserted {
        try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
      }
      try file.text.write(toFile: target, atomically: false, encoding: .utf8)
      written += 1
    }
    return written
  }

  /// Produces the scenario's files in order (namespace map first, then scrape by scrape),
  /// handing each to `visit` without keeping them: benchmarks ingest them from memory.
  public func generate(_ visit: (File) throws -> Void) throws {
    var random = SplitMix64(seed: seed)
    var pods = workloads()
    var controlPlanes = Self.revisions.map { ControlPlane(revision: $0, startedAt: start - 86_400) }
    try visit(File(path: "namespaces.txt", text: namespaceTable(pods)))
    let scrapes = scenario.durationSeconds / scenario.scrapeSeconds
    // One stable pod restarts part-way, so counters reset as they do in real meshes.
    let restartScrape = scrapes * 2 / 5
    for scrape in 0..<scrapes {
      let now = start + Int64(scrape * scenario.scrapeSeconds)
      for index in pods.indices {
        if scrape == restartScrape && index == 0 {
          pods[index] = Workload(
            name: pods[index].name, namespace: pods[index].namespace,
            revision: pods[index].revision, profile: pods[index].profile, startedAt: now)
        }
        advance(&pods[index], seconds: Double(scenario.scrapeSeconds), random: &random)
        try visit(
          File(
            path: "sidecar/\(pods[index].namespace)/\(pods[index].name)-\(now).prom",
            text: sidecarDump(pods[index], now: now)))
      }
      for index in controlPlanes.indices {
        let profile = controlPlanes[index].revision == "canary" ? scenario.canary : scenario.stable
        controlPlanes[index].advance(
          proxies: scenario.workloadsPerRevision, profile: profile,
          seconds: Double(scenario.scrapeSeconds), random: &random)
        try visit(
          File(
            path: "istiod-\(controlPlanes[index].revision)/scrape-\(now).prom",
            text: controlPlanes[index].dump(proxies: scenario.workloadsPerRevision, now: now)))
      }
    }
  }

  /// Adds one scrape interval of traffic to a pod's counters.
  func advance(_ pod: inout Workload, seconds: Double, random: inout SplitMix64) {
    let requests = random.poisson(scenario.requestsPerSecond * seconds)
    let mu = log(pod.profile.latencyMedian)
    for _ in 0..<requests {
      let failed = random.unit() < pod.profile.errorRate
      pod.requests[failed ? "503" : "200", default: 0] += 1
      let latency = exp(mu + pod.profile.latencySigma * random.normal())
      pod.count += 1
      pod.sum += latency
      for (index, bucket) in IstioLabels.durationBuckets.enumerated() where latency <= bucket.bound
      {
        pod.buckets[index] += 1
      }
    }
  }

  /// A sidecar's `/stats/prometheus` body as a Prometheus scrape stores it: Envoy's own
  /// families, then Istio's, each series with the target labels `namespace` and `pod` the
  /// scrape adds (without them, the same Envoy series of two pods could not be told apart).
  func sidecarDump(_ pod: Workload, now: Int64) -> String {
    let labels = IstioLabels(
      reporter: "destination", sourceWorkload: "istio-ingressgateway",
      sourceNamespace: "istio-system", destinationWorkload: pod.name,
      destinationNamespace: pod.namespace)
    let target = "namespace=\"\(pod.namespace)\",pod=\"\(pod.name)-7d9f8b6c5-x2x4z\""
    let total = pod.requests.values.reduce(0, +)
    let uptime = now - pod.startedAt
    var out = ""
    func family(_ name: String, _ type: String, _ series: [(String, String)]) {
      out += "# TYPE \(name) \(type)\n"
      for (extra, value) in series {
        out += "\(name){\(target)\(extra.isEmpty ? "" : ",")\(extra)} \(value)\n"
      }
    }
    family(
      "envoy_cluster_upstream_cx_total", "counter",
      [
        ("cluster_name=\"inbound|8080||\"", "\(Int(total / 40))"),
        ("cluster_name=\"xds-grpc\"", "1"),
      ])
    family(
      "envoy_cluster_upstream_rq_total", "counter",
      [("cluster_name=\"inbound|8080||\"", "\(Int(total))")])
    family("envoy_cluster_upstream_rq_retry", "counter", [("cluster_name=\"inbound|8080||\"", "0")])
    family(
      "envoy_server_memory_allocated", "gauge",
      [("", "\(Int(pod.profile.proxyMemory + total * 3))")])
    family(
      "envoy_server_memory_heap_size", "gauge", [("", "\(Int(pod.profile.proxyMemory * 1.3))")])
    family("envoy_server_uptime", "gauge", [("", "\(uptime)")])
    family("envoy_server_live", "gauge", [("", "1")])
    family(
      "istio_requests_total", "counter",
      pod.requests.keys.sorted().map {
        (labels.text(responseCode: $0), "\(Int(pod.requests[$0] ?? 0))")
      })
    out += "# TYPE istio_request_duration_milliseconds histogram\n"
    if pod.count > 0 {
      let text = "\(target),\(labels.text(responseCode: "200"))"
      let name = "istio_request_duration_milliseconds"
      for (index, bucket) in IstioLabels.durationBuckets.enumerated() {
        out += "\(name)_bucket{\(text),le=\"\(bucket.text)\"} \(Int(pod.buckets[index]))\n"
      }
      out += "\(name)_bucket{\(text),le=\"+Inf\"} \(Int(pod.count))\n"
      out += "\(name)_sum{\(text)} \(format(pod.sum))\n"
      out += "\(name)_count{\(text)} \(Int(pod.count))\n"
    }
    return out
  }

  /// The namespace map, as `kubectl get namespaces -L istio.io/rev` prints it.
  func namespaceTable(_ pods: [Workload]) -> String {
    var rows = [("default", ""), ("istio-system", ""), ("kube-system", "")]
    rows += pods.map { ($0.namespace, $0.revision) }
    let width = max(18, (rows.map(\.0.count).max() ?? 0) + 3)
    func pad(_ text: String, _ count: Int) -> String {
      text + String(repeating: " ", count: max(1, count - text.count))
    }
    var out = pad("NAME", width) + "STATUS   AGE   REV\n"
    for (name, revision) in rows {
      out += pad(name, width) + "Active   97d   \(revision)\n"
    }
    return out
  }
}

/// Shortest text for a sum, in the form Go's Prometheus client prints floats.
func format(_ value: Double) -> String {
  value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}

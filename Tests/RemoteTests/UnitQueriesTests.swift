import Analysis
import MetricModel
import Testing

/// The per-workload PromQL: each part of a metric's observations, grouped by the labels that
/// name its unit.
@Suite struct UnitQueriesTests {
  static let workload = "destination_workload_namespace, destination_workload"
  static let proxy = "namespace, kubernetes_namespace, pod, kubernetes_pod_name, app"

  /// The built-in configuration's parts for the canary; istiod's metrics and thresholds have
  /// none.
  static let builtinCanary: [String: [String]] = [
    "error-rate": [
      #"sum by (\#(workload)) (increase(istio_requests_total{reporter="destination", response_code=~"5..", istio_io_rev="canary"}[1m]))"#,
      #"sum by (\#(workload)) (increase(istio_requests_total{reporter="destination", istio_io_rev="canary"}[1m]))"#,
    ],
    "latency-p50": latency, "latency-p90": latency, "latency-p99": latency,
    "requests-per-proxy": [
      #"sum by (\#(workload)) (increase(istio_requests_total{reporter="destination", istio_io_rev="canary"}[1m]))"#,
      #"sum by (\#(proxy)) (avg_over_time(envoy_server_live{istio_io_rev="canary"}[1m]))"#,
    ],
    "proxy-memory": [
      #"sum by (\#(proxy)) (avg_over_time(envoy_server_memory_allocated{istio_io_rev="canary"}[1m]))"#,
      #"count by (\#(proxy)) (avg_over_time(envoy_server_memory_allocated{istio_io_rev="canary"}[1m]))"#,
    ],
    "proxy-cpu": [
      #"sum by (\#(proxy)) (increase(container_cpu_usage_seconds_total{container="istio-proxy", istio_io_rev="canary"}[1m]))"#,
      #"sum by (\#(proxy)) (avg_over_time(envoy_server_live{istio_io_rev="canary"}[1m]))"#,
    ],
  ]

  static let latency = [
    #"sum by (\#(workload), le) (increase(istio_request_duration_milliseconds_bucket{reporter="destination", istio_io_rev="canary"}[1m]))"#,
    #"sum by (\#(workload)) (increase(istio_request_duration_milliseconds_sum{reporter="destination", istio_io_rev="canary"}[1m]))"#,
    #"sum by (\#(workload)) (increase(istio_request_duration_milliseconds_count{reporter="destination", istio_io_rev="canary"}[1m]))"#,
  ]

  @Test func builtinConfigurationPartsAreExact() throws {
    let configuration = try AnalysisConfiguration.builtin()
    let matcher = try PromQLQueries.revisionMatcher(label: "istio_io_rev", revision: "canary")
    var withParts: [String] = []
    for metric in configuration.metrics {
      let parts = UnitQueries.queries(
        for: metric, revision: matcher, stepMilliseconds: configuration.stepMilliseconds)
      #expect(parts?.map(\.text) == Self.builtinCanary[metric.name], "\(metric.name)")
      if parts != nil { withParts.append(metric.name) }
    }
    #expect(withParts.count == Self.builtinCanary.count)
    for name in ["xds-pushes-per-proxy", "convergence-p99", "push-time-p99"] {
      let metric = try #require(configuration.metrics.first { $0.name == name })
      #expect(UnitQueries.isRevisionLevel(metric), "\(name)")
    }
  }

  @Test func aConfiguredUnitRuleGroupsByItsLabels() throws {
    var metric = MetricSpecification(
      name: "queue", query: .gauge(query: try Selector(parsing: "depth"), aggregate: .max))
    metric.unit = .labels(["cluster", "service"])
    let matcher = try PromQLQueries.namespaceMatcher(namespaces: ["a", "b"])
    let parts = try #require(
      UnitQueries.queries(for: metric, revision: matcher, stepMilliseconds: 30_000))
    #expect(
      parts.map(\.text) == [
        #"max by (cluster, service) (avg_over_time(depth{namespace=~"a|b"}[30s]))"#
      ])
    #expect(parts.map(\.component) == [.max])
    // Such a metric is never revision-level by name, even on an istiod family.
    metric.query = .gauge(query: try Selector(parsing: "pilot_x"), aggregate: .max)
    #expect(!UnitQueries.isRevisionLevel(metric))
  }

  @Test func groupsAreNamedByTheRuleWithTheSelectorsFixedLabels() throws {
    let metric = MetricSpecification(
      name: "r",
      query: .rate(
        query: try Selector(parsing: #"istio_requests_total{reporter="source"}"#),
        per: try Selector(parsing: "envoy_server_live")))
    let matcher = try PromQLQueries.revisionMatcher(label: "rev", revision: "c")
    let parts = try #require(
      UnitQueries.queries(for: metric, revision: matcher, stepMilliseconds: 60_000))
    #expect(parts.map(\.component) == [.increase, .per])
    #expect(parts[0].text.hasPrefix("sum by (source_workload_namespace, source_workload) ("))
    // `reporter="source"` comes from the selector, not the group's labels.
    let caller = ["source_workload_namespace": "shop", "source_workload": "cart"]
    #expect(UnitQueries.unit(ofGroup: caller, query: parts[0], rule: .istio) == "shop/cart")
    // A proxy gauge: the pod's owner.
    let pod = ["namespace": "shop", "pod": "cart-7d9f8b6c5-x2x4z", "app": "cart"]
    #expect(UnitQueries.unit(ofGroup: pod, query: parts[1], rule: .istio) == "shop/cart")
    // istiod, or nothing that names a workload: the revision as a whole.
    let istiod = ["namespace": "istio-system", "pod": "istiod-7d9f8b6c5-x2x4z", "app": "istiod"]
    #expect(UnitQueries.unit(ofGroup: istiod, query: parts[1], rule: .istio) == "")
    #expect(UnitQueries.unit(ofGroup: [:], query: parts[1], rule: .istio) == "")
  }

  @Test func groupsOfOneUnitCombineAsTheDerivationDoes() {
    #expect(UnitQueries.Component.sum.combine(2, 3) == 5)
    #expect(UnitQueries.Component.bucket.combine(2, 3) == 5)
    #expect(UnitQueries.Component.min.combine(2, 3) == 2)
    #expect(UnitQueries.Component.max.combine(2, 3) == 3)
  }
}

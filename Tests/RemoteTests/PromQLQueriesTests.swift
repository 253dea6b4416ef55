import Analysis
import MetricModel
import Testing

@Suite struct PromQLQueriesTests {
  /// The built-in configuration's queries for the canary, selected by `istio_io_rev`.
  static let builtinCanary: [String: String] = [
    "error-rate":
      #"(sum(increase(istio_requests_total{reporter="destination", response_code=~"5..", istio_io_rev="canary"}[1m])) or vector(0)) / (sum(increase(istio_requests_total{reporter="destination", istio_io_rev="canary"}[1m])) > 0)"#,
    "latency-p50":
      #"histogram_quantile(0.5, sum by (le) (increase(istio_request_duration_milliseconds_bucket{reporter="destination", istio_io_rev="canary"}[1m])))"#,
    "latency-p90":
      #"histogram_quantile(0.9, sum by (le) (increase(istio_request_duration_milliseconds_bucket{reporter="destination", istio_io_rev="canary"}[1m])))"#,
    "latency-p99":
      #"histogram_quantile(0.99, sum by (le) (increase(istio_request_duration_milliseconds_bucket{reporter="destination", istio_io_rev="canary"}[1m])))"#,
    "requests-per-proxy":
      #"sum(increase(istio_requests_total{reporter="destination", istio_io_rev="canary"}[1m])) / 60 / (sum(avg_over_time(envoy_server_live{istio_io_rev="canary"}[1m])) != 0)"#,
    "xds-pushes-per-proxy":
      #"sum(increase(pilot_xds_pushes{istio_io_rev="canary"}[1m])) / 60 / (sum(avg_over_time(pilot_xds{istio_io_rev="canary"}[1m])) != 0)"#,
    "convergence-p99":
      #"histogram_quantile(0.99, sum by (le) (increase(pilot_proxy_convergence_time_bucket{istio_io_rev="canary"}[1m])))"#,
    "push-time-p99":
      #"histogram_quantile(0.99, sum by (le) (increase(pilot_xds_push_time_bucket{istio_io_rev="canary"}[1m])))"#,
    "xds-rejects": #"sum(increase(pilot_total_xds_rejects{istio_io_rev="canary"}[1m])) / 60"#,
    "xds-internal-errors":
      #"sum(increase(pilot_total_xds_internal_errors{istio_io_rev="canary"}[1m])) / 60"#,
    "proxy-memory":
      #"avg(avg_over_time(envoy_server_memory_allocated{istio_io_rev="canary"}[1m]))"#,
    "proxy-cpu":
      #"sum(increase(container_cpu_usage_seconds_total{container="istio-proxy", istio_io_rev="canary"}[1m])) / 60 / (sum(avg_over_time(envoy_server_live{istio_io_rev="canary"}[1m])) != 0)"#,
  ]

  @Test func builtinConfigurationQueriesAreExact() throws {
    let configuration = try AnalysisConfiguration.builtin()
    let matcher = try PromQLQueries.revisionMatcher(label: "istio_io_rev", revision: "canary")
    #expect(configuration.metrics.count == Self.builtinCanary.count)
    for metric in configuration.metrics {
      let query = PromQLQueries.query(
        for: metric, revision: matcher, stepMilliseconds: configuration.stepMilliseconds)
      #expect(query == Self.builtinCanary[metric.name], "\(metric.name)")
    }
  }

  @Test func namespaceMatcherEscapesSortsAndNeverMatchesAllWhenEmpty() throws {
    let matcher = try PromQLQueries.namespaceMatcher(namespaces: ["shop.eu", "cart", "cart"])
    #expect(matcher.description == #"namespace=~"cart|shop\\.eu""#)
    #expect(matcher.matches("shop.eu") && !matcher.matches("shopXeu"))
    let none = try PromQLQueries.namespaceMatcher(namespaces: [])
    #expect(!none.matches("") && !none.matches("cart"))
  }

  @Test(arguments: [
    (Int64(60_000), "1m"), (30_000, "30s"), (3_600_000, "1h"), (1_500, "1500ms"),
    (90_000, "90s"), (86_400_000, "1d"),
  ])
  func durations(_ milliseconds: Int64, _ text: String) {
    #expect(PromQLQueries.duration(milliseconds: milliseconds) == text)
  }

  @Test func gaugeAggregateAndStepFollowTheConfiguration() throws {
    let metric = MetricSpecification(
      name: "mem", query: .gauge(query: try Selector(parsing: "m"), aggregate: .max))
    let matcher = try PromQLQueries.revisionMatcher(label: "rev", revision: "a\"b")
    #expect(
      PromQLQueries.query(for: metric, revision: matcher, stepMilliseconds: 30_000)
        == #"max(avg_over_time(m{rev="a\"b"}[30s]))"#)
    let rate = MetricSpecification(
      name: "r", query: .rate(query: try Selector(parsing: "c_total"), per: nil))
    #expect(
      PromQLQueries.query(for: rate, revision: matcher, stepMilliseconds: 1_500)
        == #"sum(increase(c_total{rev="a\"b"}[1500ms])) / 1.5"#)
  }
}

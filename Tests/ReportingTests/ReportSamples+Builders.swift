import Analysis
import Foundation
import MetricModel

extension ReportSamples {
  /// A configuration's snapshot, read from YAML as `canary analyze --config` would.
  static func configuration(_ yaml: String) throws -> ConfigurationSnapshot {
    try AnalysisConfiguration(yaml: yaml).snapshot
  }

  /// Twelve per-step values starting at `start`, rising by `step` and wobbling around it.
  static func series(_ start: Double, step: Double) -> [Double] {
    (0..<12).map { index in start + step * Double(index % 5) - step * Double(index % 3) / 2 }
  }

  /// Values stamped one minute apart from `start`.
  static func steps(_ start: Int64, _ values: [Double]) -> [StepValue] {
    values.enumerated().map { index, value in
      StepValue(time: start + 60 * Int64(index), value: value)
    }
  }

  /// Descriptive statistics as the analysis computes them (R type 7 percentiles).
  static func summary(_ values: [Double]) -> MetricResult.Summary {
    let sorted = values.sorted()
    func percentile(_ p: Double) -> Double {
      let position = p * Double(sorted.count - 1)
      let lower = Int(position.rounded(.down))
      let upper = min(lower + 1, sorted.count - 1)
      return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
    return MetricResult.Summary(
      n: values.count, mean: values.reduce(0, +) / Double(values.count),
      median: percentile(0.5), p90: percentile(0.9), min: sorted.first, max: sorted.last)
  }

  /// A metric compared by a test.
  static func compared(
    _ name: String, kind: MetricKind, test: AppliedTest = .mannWhitney,
    direction: Direction = .increase,
    critical: Bool = false, classification: Classification, reason: String,
    baseline: [Double], canary: [Double], statistic: Double, pValue: Double,
    effect: MetricResult.Effect
  ) -> MetricResult {
    MetricResult(
      name: name, kind: kind, test: test, direction: direction, critical: critical,
      classification: classification, reason: reason, baseline: summary(baseline),
      canary: summary(canary), statistic: statistic, pValue: pValue, effect: effect,
      values: .init(
        baseline: steps(baselineStart, baseline), canary: steps(canaryStart, canary)))
  }

  /// A metric without enough data: no summaries, no statistics, no values.
  static func nodata(_ name: String, kind: MetricKind, critical: Bool = false, reason: String)
    -> MetricResult
  {
    MetricResult(
      name: name, kind: kind, test: .mannWhitney, direction: .increase, critical: critical,
      classification: .nodata, reason: reason, baseline: nil, canary: nil, statistic: nil,
      pValue: nil, effect: .none, values: .init(baseline: [], canary: []))
  }
}

/// The YAML behind the samples' `config`.
enum ReportSampleConfigurations {
  static let rollback = """
    version: 1
    step: 1m
    alpha: 0.05
    minIntervals: 10
    scoring: {pass: 95, marginal: 75}
    metrics:
      - name: error-rate
        kind: ratio
        numerator: istio_requests_total{reporter="destination", response_code=~"5.."}
        denominator: istio_requests_total{reporter="destination"}
        allowedIncrease: 1.5
        critical: true
      - name: latency-p99
        kind: quantile
        histogram: istio_request_duration_milliseconds{reporter="destination"}
        quantile: 0.99
        allowedIncrease: 1.1
        critical: true
      - name: proxy-memory
        kind: gauge
        query: container_memory_working_set_bytes{container="istio-proxy"}
        aggregate: avg
        allowedIncrease: 1.2
      - name: xds-rejects
        kind: rate
        query: pilot_total_xds_rejects
        threshold: {max: 0}
      - name: grpc-status|unavailable
        kind: ratio
        numerator: istio_requests_total{grpc_response_status="14"}
        denominator: istio_requests_total{request_protocol="grpc"}
        test: welch-t
      - name: convergence-p99
        kind: quantile
        histogram: pilot_proxy_convergence_time
        quantile: 0.99
        allowedIncrease: 1.5
      - name: push-errors
        kind: rate
        query: pilot_xds_push_errors
      - name: requests-per-proxy-on-the-canary-revision-including-ingress-and-egress-gateways
        kind: rate
        query: istio_requests_total{reporter="destination"}
        per: envoy_server_live
        direction: decrease
        allowedDecrease: 0.5
    """

  static let promote = """
    version: 1
    metrics:
      - name: error-rate
        kind: ratio
        numerator: istio_requests_total{reporter="destination", response_code=~"5.."}
        denominator: istio_requests_total{reporter="destination"}
        allowedIncrease: 1.5
        critical: true
      - name: latency-p99
        kind: quantile
        histogram: istio_request_duration_milliseconds{reporter="destination"}
        quantile: 0.99
        allowedIncrease: 1.1
        critical: true
    """
}

extension ReportSamples {
  /// The window between two RFC 3339 times (test data: both are valid and in order).
  static func window(_ from: String, _ to: String) -> TimeWindow {
    // Safe: the samples' times are literals written in order.
    try! TimeWindow(from: RFC3339.milliseconds(from)!, to: RFC3339.milliseconds(to)!)
  }
}

extension AnalysisConfiguration {
  /// The configuration `canary analyze` uses without `--config`, as YAML (`canary config show`).
  ///
  /// It works with zero flags on Istio's standard metrics; a metric absent from the data is
  /// `nodata`, never an error. Each default says why it is set as it is.
  public static let builtinYAML = """
    # canary's built-in analysis configuration for Istio revisions.
    # Print it with `canary config show`, edit it, and pass it with `--config FILE`.
    version: 1
    # One value per minute: with 15 s scrapes every step holds four samples of each counter,
    # enough for a stable increase() and for per-step latency quantiles.
    step: 1m
    alpha: 0.05
    # Ten minutes of data on each side at the least: fewer steps leave the tests without power.
    minIntervals: 10
    scoring: {pass: 95, marginal: 75}
    # Compare like with like: a control-plane canary moves whole namespaces, so its workloads
    # are not the baseline's. auto takes, per metric, the strongest design the data supports:
    # concurrent (a workload with pods on both revisions at once), else before-after (each
    # moved workload after its move against its own past, less the change of the workloads
    # that stayed), else pooled, which the report marks as unmatched. istiod's metrics compare
    # the two control planes in the same steps, per connected proxy.
    design: auto
    # Restarted pods warm up (caches, connections): drop two steps after each move.
    warmup: 2
    # Non-critical metrics are one family: their p-values are adjusted by Holm, so twelve
    # metrics do not give twelve chances of a false failure. Critical metrics and thresholds
    # are vetoes, each at alpha.
    metrics:
      # Share of requests answered 5xx, as the receiving proxies saw them (reporter=destination
      # counts each request once). Critical: a real error regression must roll back whatever
      # else passes, and no verdict is given without it. +50% relative is tolerated, so a
      # baseline of 0.1% fails from about 0.15%. Matched, errors are tested as counts: each
      # workload's rate ratio, combined across workloads with the spread the workloads that
      # stayed show between them and over time (random effects), exact when a side has none. An absolute rise of up to 0.01 percentage points is tolerated too (a
      # ratio means little at a baseline of almost no errors). To promote, the interval must
      # also exclude a rise beyond both allowances: too few requests to tell gives
      # inconclusive, with how many more minutes would settle it.
      - name: error-rate
        kind: ratio
        numerator: istio_requests_total{reporter="destination", response_code=~"5.."}
        denominator: istio_requests_total{reporter="destination"}
        direction: increase
        allowedIncrease: 1.5
        allowedAbsoluteIncrease: 0.0001
        critical: true
      # Request latency quantiles from the proxies' duration histograms. A 10% rise is
      # tolerated. Matched, each is judged on the exact mean latency (_sum/_count) and on the
      # interpolated quantile (bucket-limited: Istio's buckets are coarse); either failing
      # fails the metric.
      - name: latency-p50
        kind: quantile
        histogram: istio_request_duration_milliseconds{reporter="destination"}
        quantile: 0.5
        direction: increase
        allowedIncrease: 1.1
      - name: latency-p90
        kind: quantile
        histogram: istio_request_duration_milliseconds{reporter="destination"}
        quantile: 0.9
        direction: increase
        allowedIncrease: 1.1
      # The tail is what users feel first: critical.
      - name: latency-p99
        kind: quantile
        histogram: istio_request_duration_milliseconds{reporter="destination"}
        quantile: 0.99
        direction: increase
        allowedIncrease: 1.1
        critical: true
      # Requests per second per live proxy. Fewer on the canary can mean traffic that never
      # arrives; revisions serve different workloads, so only halving fails.
      - name: requests-per-proxy
        kind: rate
        query: istio_requests_total{reporter="destination"}
        per: envoy_server_live
        direction: decrease
        allowedDecrease: 0.5
      # istiod: xDS pushes per connected proxy, so revisions serving different numbers of
      # proxies compare fairly. Push counts are bursty (config changes): +50% is tolerated.
      - name: xds-pushes-per-proxy
        kind: rate
        query: pilot_xds_pushes
        per: pilot_xds
        direction: increase
        allowedIncrease: 1.5
      # Time from a config change to a proxy holding all of it, and time to build a push.
      # Few observations per step make these noisy: +50% is tolerated.
      - name: convergence-p99
        kind: quantile
        histogram: pilot_proxy_convergence_time
        quantile: 0.99
        direction: increase
        allowedIncrease: 1.5
      - name: push-time-p99
        kind: quantile
        histogram: pilot_xds_push_time
        quantile: 0.99
        direction: increase
        allowedIncrease: 1.5
      # Zero tolerance: a proxy rejecting the canary's configuration, or istiod failing to
      # build it, is a broken control plane. Thresholds check the canary alone.
      - name: xds-rejects
        kind: rate
        query: pilot_total_xds_rejects
        threshold: {max: 0}
      - name: xds-internal-errors
        kind: rate
        query: pilot_total_xds_internal_errors
        threshold: {max: 0}
      # Sidecar memory per proxy (Envoy's own figure; present in every sidecar scrape).
      - name: proxy-memory
        kind: gauge
        query: envoy_server_memory_allocated
        aggregate: avg
        direction: increase
        allowedIncrease: 1.2
      # Sidecar CPU seconds per second per proxy, when cAdvisor's container metrics are ingested.
      - name: proxy-cpu
        kind: rate
        query: container_cpu_usage_seconds_total{container="istio-proxy"}
        per: envoy_server_live
        direction: increase
        allowedIncrease: 1.2

    """

  /// The built-in configuration, parsed.
  public static func builtin() throws -> AnalysisConfiguration {
    try AnalysisConfiguration(yaml: builtinYAML)
  }
}

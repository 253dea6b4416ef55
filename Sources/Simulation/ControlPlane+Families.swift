extension ControlPlane {
  /// istiod's metric families for `proxies` connected proxies; `target` is the label text a
  /// scrape puts before each series' own labels (empty: none).
  func families(proxies: Int, target: String) -> [MetricFamily] {
    func with(_ labels: String) -> String {
      target.isEmpty ? labels : labels.isEmpty ? target : "\(target),\(labels)"
    }
    func gauge(_ name: String, _ help: String, _ labels: String, _ value: Double) -> MetricFamily {
      var family = MetricFamily(name: name, type: "gauge", help: help)
      family.add(name, with(labels), value)
      return family
    }
    var out = [
      gauge(
        "go_goroutines", "Number of goroutines that currently exist.", "",
        Double(600 + proxies * 12)),
      gauge(
        "process_resident_memory_bytes", "Resident memory size in bytes.", "",
        1.2e8 + Double(proxies) * 2e6),
      gauge(
        "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "",
        Double(startedAt)),
      gauge(
        "pilot_xds", "Number of endpoints connected to this pilot using XDS.",
        "version=\"1.24.2\"", Double(proxies)),
    ]
    var pushFamily = MetricFamily(
      name: "pilot_xds_pushes", type: "counter",
      help: "Pilot build and send errors for lds, rds, cds and eds.")
    for type in pushes.keys.sorted() {
      pushFamily.add("pilot_xds_pushes", with("type=\"\(type)\""), pushes[type] ?? 0)
    }
    out.append(pushFamily)
    var convergenceFamily = MetricFamily(
      name: "pilot_proxy_convergence_time", type: "histogram",
      help:
        "Delay in seconds between config change and a proxy receiving all required configuration."
    )
    convergence.append(to: &convergenceFamily, labels: target)
    out.append(convergenceFamily)
    var pushTimeFamily = MetricFamily(
      name: "pilot_xds_push_time", type: "histogram",
      help: "Total time in seconds Pilot takes to push lds, rds, cds and eds.")
    pushTime.append(to: &pushTimeFamily, labels: target)
    out.append(pushTimeFamily)
    var rejectFamily = MetricFamily(
      name: "pilot_total_xds_rejects", type: "counter",
      help: "Total number of XDS responses from pilot rejected by proxy.")
    rejectFamily.add(
      "pilot_total_xds_rejects",
      with("type=\"type.googleapis.com/envoy.config.cluster.v3.Cluster\""), rejects)
    out.append(rejectFamily)
    out.append(
      MetricFamily(
        name: "pilot_total_xds_internal_errors", type: "counter",
        help: "Total number of internal XDS errors in pilot.",
        samples: [.init(name: "pilot_total_xds_internal_errors", labels: with(""), value: 0)]))
    return out
  }
}

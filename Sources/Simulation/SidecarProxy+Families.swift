extension SidecarProxy {
  /// The pod's `/stats/prometheus` families as a scrape stores them: Envoy's own, then Istio's,
  /// each series led by the scrape's `target` labels.
  func families(mesh: MeshTopology, target: String, now: Int64) -> [MetricFamily] {
    let home = mesh.workloads[workload]
    let keys = traffic.keys.sorted()
    let inbound = inboundRequests
    var outboundByCallee: [Int: Double] = [:]
    for key in keys where key.outbound {
      outboundByCallee[key.peer, default: 0] += traffic[key]?.requests ?? 0
    }
    func family(_ name: String, _ type: String, _ series: [(String, Double)]) -> MetricFamily {
      var family = MetricFamily(name: name, type: type)
      for (labels, value) in series {
        family.add(name, labels.isEmpty ? target : "\(target),\(labels)", value)
      }
      return family
    }
    let inboundCluster = "cluster_name=\"inbound|8080||\""
    let outbound = outboundByCallee.keys.sorted().map { callee -> (String, Double) in
      let peer = mesh.workloads[callee]
      let cluster = "outbound|8080||\(peer.name).\(peer.namespace).svc.cluster.local"
      return ("cluster_name=\"\(cluster)\"", outboundByCallee[callee] ?? 0)
    }
    var out = [
      family(
        "envoy_cluster_upstream_cx_total", "counter",
        [(inboundCluster, (inbound / 40).rounded(.down)), ("cluster_name=\"xds-grpc\"", 1)]),
      family("envoy_cluster_upstream_rq_total", "counter", [(inboundCluster, inbound)] + outbound),
      family("envoy_cluster_upstream_rq_retry", "counter", [(inboundCluster, 0)]),
      family(
        "envoy_server_memory_allocated", "gauge",
        [("", (home.proxyMemory + Double(traffic.count) * 65_536).rounded())]),
      family("envoy_server_memory_heap_size", "gauge", [("", (home.proxyMemory * 1.3).rounded())]),
      family("envoy_server_uptime", "gauge", [("", Double(now - startedAt))]),
      family("envoy_server_live", "gauge", [("", 1)]),
    ]
    var requests = MetricFamily(name: "istio_requests_total", type: "counter")
    var durations = MetricFamily(name: "istio_request_duration_milliseconds", type: "histogram")
    let bounds = IstioLabels.durationBuckets.map(\.text)
    for key in keys {
      guard let counter = traffic[key] else { continue }
      let labels = "\(target),\(counter.labels)"
      requests.add("istio_requests_total", labels, counter.requests)
      durations.addHistogram(
        labels: labels, bounds: bounds, counts: counter.buckets, sum: counter.sum)
    }
    out += [requests, durations]
    return out
  }

  /// The Istio labels of `key`'s series on a pod of `workload`.
  static func istioLabels(mesh: MeshTopology, workload: Int, key: TrafficKey) -> String {
    let home = mesh.workloads[workload]
    let peer: (name: String, namespace: String) =
      key.peer < 0
      ? ("istio-ingressgateway", "istio-system")
      : (mesh.workloads[key.peer].name, mesh.workloads[key.peer].namespace)
    let labels =
      key.outbound
      ? IstioLabels(
        reporter: "source", sourceWorkload: home.name, sourceNamespace: home.namespace,
        destinationWorkload: peer.name, destinationNamespace: peer.namespace)
      : IstioLabels(
        reporter: "destination", sourceWorkload: peer.name, sourceNamespace: peer.namespace,
        destinationWorkload: home.name, destinationNamespace: home.namespace)
    return labels.text(responseCode: String(key.code))
  }
}

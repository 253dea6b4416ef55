import MetricModel

/// Which workload a series belongs to: the unit that matched comparisons are made in
/// (VERDICT.md §2).
///
/// Istio's request metrics name the workload of the reporting proxy: `destination_workload`
/// and `destination_workload_namespace` for `reporter="destination"`, the `source_*` labels
/// for `reporter="source"`. Proxy gauges (Envoy's own metrics, container metrics) carry the
/// scrape's `namespace` (or `kubernetes_namespace`) and `pod`; the pod's owner is its name
/// without the ReplicaSet and pod hashes (`cart-7d9f8b6c5-x2x4z` → `cart`), or its `app`
/// label. A series with none of these (istiod's own metrics) has no unit: the control plane
/// as a whole is compared.
public enum UnitRule: Sendable, Equatable {
  /// Istio's labels, as above.
  case istio
  /// The values of these labels, joined by `/` (the configuration's `unit: [label, ...]`);
  /// a series lacking all of them has no unit.
  case labels([String])

  /// The unit of a series, or nil when it has none.
  public func unit(of labels: LabelSet) -> String? {
    switch self {
    case .labels(let names):
      let values = names.map { labels[$0] ?? "" }
      return values.allSatisfy(\.isEmpty) ? nil : values.joined(separator: "/")
    case .istio:
      return Self.istioUnit(of: labels)
    }
  }

  private static func istioUnit(of labels: LabelSet) -> String? {
    // istiod's own metrics: the control plane as a whole is the unit (VERDICT.md §3).
    if labels["app"] == "istiod" || labels["pod"]?.hasPrefix("istiod") == true {
      return nil
    }
    switch labels["reporter"] {
    case "destination":
      if let workload = labels["destination_workload"] {
        return (labels["destination_workload_namespace"] ?? "") + "/" + workload
      }
    case "source":
      if let workload = labels["source_workload"] {
        return (labels["source_workload_namespace"] ?? "") + "/" + workload
      }
    default:
      break
    }
    guard let namespace = labels["namespace"] ?? labels["kubernetes_namespace"]
    else { return nil }
    if let pod = labels["pod"] ?? labels["kubernetes_pod_name"] {
      return namespace + "/" + owner(ofPod: pod)
    }
    if let app = labels["app"] { return namespace + "/" + app }
    return nil
  }

  /// A pod's owning workload: the name without a Deployment's `-<replicaset hash>-<pod
  /// suffix>` (`cart-7d9f8b6c5-x2x4z` → `cart`), without a bare 5-character suffix
  /// (DaemonSets: `node-agent-x2x4z` → `node-agent`), else the name itself (StatefulSets
  /// keep their ordinal: `db-0`).
  static func owner(ofPod pod: String) -> String {
    var parts = pod.split(separator: "-", omittingEmptySubsequences: false)
    func isHash(_ part: Substring, lengths: ClosedRange<Int>) -> Bool {
      lengths.contains(part.count)
        && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
    }
    guard parts.count >= 2, let last = parts.last, isHash(last, lengths: 5...5) else {
      return pod
    }
    parts.removeLast()
    if parts.count >= 2, let hash = parts.last, isHash(hash, lengths: 6...10),
      hash.contains(where: \.isNumber)
    {
      parts.removeLast()
    }
    return parts.joined(separator: "-")
  }
}

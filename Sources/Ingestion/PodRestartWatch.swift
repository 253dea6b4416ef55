import MetricModel

/// Watches for a unit whose pods were replaced while the namespace map gives its namespace
/// one revision throughout: a pod restarting under a new name is how a workload moves to
/// another revision, so the map probably lacks a time (`--namespace-map FILE@TIME`).
///
/// Only series attributed by the namespace map with one revision and carrying a pod name
/// (`pod` or `kubernetes_pod_name`) are watched; each pod's first and last sample time is kept,
/// so memory grows with the pods, not the samples. A unit is the namespace and the workload:
/// the `app` label, else the reporting side's Istio workload, else the pod name without its
/// last two `-` parts (a Deployment's ReplicaSet hash and pod suffix).
struct PodRestartWatch {
  private struct Pod {
    var unit: String
    var name: String
    var namespace: String
    var revision: String
    var first: Int64
    var last: Int64
  }

  private var pods: [Pod] = []
  private var positions: [String: Int] = [:]
  /// Parser handle → index into `pods`, -1 for series not watched.
  private var byHandle: [Int32] = []

  /// Registers the next parser handle's series with its schedule.
  mutating func add(_ descriptor: SeriesDescriptor, schedule: RevisionAttributor.Schedule) {
    let labels = descriptor.labels
    guard !schedule.isTimed, schedule.periods[0].rule == .namespace,
      let pod = labels["pod"] ?? labels["kubernetes_pod_name"],
      let namespace = RevisionAttributor.reportingNamespace(of: labels)
    else {
      byHandle.append(-1)
      return
    }
    let unit = namespace + "/" + Self.workload(of: labels, pod: pod)
    let key = unit + "\u{0}" + pod
    if let known = positions[key] {
      byHandle.append(Int32(known))
      return
    }
    positions[key] = pods.count
    byHandle.append(Int32(pods.count))
    pods.append(
      Pod(
        unit: unit, name: pod, namespace: namespace, revision: schedule.periods[0].revision,
        first: Int64.max, last: Int64.min))
  }

  /// One sample of parser handle `handle` at `timestamp`.
  @inline(__always)
  mutating func sample(_ handle: Int, at timestamp: Int64) {
    let index = Int(byHandle[handle])
    guard index >= 0 else { return }
    if timestamp < pods[index].first { pods[index].first = timestamp }
    if timestamp > pods[index].last { pods[index].last = timestamp }
  }

  /// One warning per unit where a pod first appeared after another pod of it was last seen,
  /// naming the unit, the time and the new pods, by unit.
  func warnings() -> [String] {
    var byUnit: [String: [Pod]] = [:]
    for pod in pods where pod.first <= pod.last { byUnit[pod.unit, default: []].append(pod) }
    var out: [String] = []
    for unit in byUnit.keys.sorted() {
      guard let group = byUnit[unit], let gone = group.map(\.last).min() else { continue }
      let replacements = group.filter { $0.first > gone }.sorted { $0.first < $1.first }
      guard let first = replacements.first else { continue }
      let names = replacements.prefix(3).map(\.name).joined(separator: ", ")
      out.append(
        "\(unit): new pods from \(TimeSpecification.format(milliseconds: first.first)) "
          + "(\(names)) while the namespace map gives namespace \(first.namespace) one "
          + "revision (\(first.revision)) throughout; if it moved then, give the map that "
          + "time: --namespace-map FILE@TIME")
    }
    return out
  }

  private static func workload(of labels: LabelSet, pod: String) -> String {
    if let app = labels["app"] { return app }
    switch labels["reporter"] {
    case "destination": if let name = labels["destination_workload"] { return name }
    case "source": if let name = labels["source_workload"] { return name }
    default: break
    }
    let parts = pod.split(separator: "-")
    return parts.count >= 3 ? parts.dropLast(2).joined(separator: "-") : pod
  }
}

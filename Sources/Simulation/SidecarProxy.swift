/// One pod's sidecar in a migration: which revision it belongs to, when it started, and its
/// Istio and Envoy counters since then (a restarted pod is a new value, counting from 0).
struct SidecarProxy {
  /// Index of its workload in the mesh.
  var workload: Int
  /// Pod name: the Deployment's name, the ReplicaSet hash and the pod's own suffix.
  var name: String
  /// The control-plane revision its proxy belongs to.
  var revision: String
  /// Unix seconds it started.
  var startedAt: Int64
  /// Its traffic counters by reporting side, peer and response code.
  var traffic: [TrafficKey: TrafficCounter] = [:]

  /// What one of a pod's Istio series counts: which side reported it, the other workload and
  /// the response code.
  struct TrafficKey: Hashable, Comparable {
    /// True for `reporter="source"` (this pod called `peer`), false for `destination`.
    var outbound: Bool
    /// The other workload's index; -1 for the ingress gateway.
    var peer: Int
    /// HTTP response code.
    var code: Int

    static func < (left: TrafficKey, right: TrafficKey) -> Bool {
      (left.outbound ? 1 : 0, left.peer, left.code) < (
        right.outbound ? 1 : 0, right.peer, right.code
      )
    }
  }

  /// A counter and duration histogram of one Istio label set.
  struct TrafficCounter {
    /// The Istio label text (without the scrape's target labels).
    var labels: String
    /// Requests counted.
    var requests = 0.0
    /// Requests per duration bucket alone; the last entry is past the largest bound.
    var buckets = [Double](repeating: 0, count: IstioLabels.durationBuckets.count + 1)
    /// Sum of the durations, milliseconds.
    var sum = 0.0

    /// Counts one request of `milliseconds`.
    mutating func observe(_ milliseconds: Double) {
      requests += 1
      sum += milliseconds
      buckets[Self.bucket(of: milliseconds)] += 1
    }

    /// The index of the first bucket whose bound holds `milliseconds` (binary search).
    static func bucket(of milliseconds: Double) -> Int {
      let bounds = IstioLabels.durationBuckets
      var low = 0
      var high = bounds.count
      while low < high {
        let middle = (low + high) / 2
        if milliseconds <= bounds[middle].bound { high = middle } else { low = middle + 1 }
      }
      return low
    }
  }

  /// Counts one request of `milliseconds` under `key`, creating the series on first use as
  /// Envoy creates stats lazily.
  mutating func record(_ key: TrafficKey, milliseconds: Double, labels: () -> String) {
    if traffic[key] == nil { traffic[key] = TrafficCounter(labels: labels()) }
    traffic[key]?.observe(milliseconds)
  }

  /// Requests received (reporter="destination"), all codes.
  var inboundRequests: Double {
    traffic.reduce(0) { $0 + ($1.key.outbound ? 0 : $1.value.requests) }
  }
}

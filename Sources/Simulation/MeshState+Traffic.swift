import Foundation

extension MeshState {
  /// The proxies a request passes, and whether each one is the canary's or warming up.
  struct Hop {
    var pod: Int
    var canary: Bool
    var warming: Bool
    var counted: Bool
  }

  /// Adds one scrape interval of requests over every edge of the call graph.
  ///
  /// Each request is counted by the callee's pod (`reporter="destination"`) and, inside the
  /// mesh, by the caller's (`reporter="source"`, slightly slower: the caller's proxy and the
  /// network add to it). `transition` is `(interval start, move time)` in the interval of the
  /// move: requests before the move went to the old pods, whose last counts are never scraped.
  mutating func flow(seconds: Double, transition: (Int64, Int64)?, random: inout SplitMix64) {
    for edge in mesh.edges {
      let callee = mesh.workloads[edge.callee]
      let load = exp(callee.logLoad) * trend
      let count = random.poisson(callee.rate(trend: trend) * edge.share * seconds)
      let median = callee.median(load: load) * (minuteFactors?.latency(edge.callee) ?? 1)
      let errorFactor = minuteFactors?.errors(edge.callee) ?? 1
      let movedCallee = mesh.moved.contains(callee.namespace)
      let movedCaller = edge.caller.map { mesh.moved.contains(mesh.workloads[$0].namespace) }
      for _ in 0..<count {
        var beforeMove = false
        if let (from, move) = transition, movedCallee || movedCaller == true {
          beforeMove = Double(from) + seconds * random.unit() <= Double(move)
        }
        let server = hop(edge.callee, beforeMove: beforeMove, moved: movedCallee, random: &random)
        let client = edge.caller.map {
          hop($0, beforeMove: beforeMove, moved: movedCaller == true, random: &random)
        }
        let z = random.normal()
        let tailDraw = random.unit()
        let errorDraw = random.unit()
        let clientTailDraw = random.unit()
        let overhead = 0.2 + 0.4 * random.unit()
        var latency = MeshWorkload.latency(median: median, sigma: callee.latencySigma, normal: z)
        var errorShare = callee.errorShare * errorFactor
        if server.canary {
          latency *= slowdown(tailDraw)
          errorShare *= scenario.errorFactor
        }
        if server.warming {
          latency *= scenario.warmupLatencyFactor
          errorShare *= scenario.warmupErrorFactor
        }
        let code = errorDraw < errorShare ? 503 : 200
        if server.counted {
          let key = SidecarProxy.TrafficKey(outbound: false, peer: edge.caller ?? -1, code: code)
          record(edge.callee, server.pod, key, latency)
        }
        guard let caller = edge.caller, let client, client.counted else { continue }
        let seen = latency * (client.canary ? slowdown(clientTailDraw) : 1) + overhead
        record(caller, client.pod, .init(outbound: true, peer: edge.callee, code: code), seen)
      }
    }
  }

  /// Picks the pod of `workload` a request passes. Before the move, a moved workload's pods are
  /// the old stable ones, already gone from the scrape: the request is not counted there.
  func hop(_ workload: Int, beforeMove: Bool, moved: Bool, random: inout SplitMix64) -> Hop {
    let index = Int(random.next() % UInt64(pods[workload].count))
    if beforeMove && moved { return Hop(pod: index, canary: false, warming: false, counted: false) }
    let pod = pods[workload][index]
    let warming =
      pod.startedAt >= start && scenario.warmupMinutes > 0
      && Double(currentTime - pod.startedAt) <= scenario.warmupMinutes * 60
    return Hop(pod: index, canary: pod.revision == "canary", warming: warming, counted: true)
  }

  /// The latency multiplier of a canary proxy for a request whose tail draw is `draw`.
  func slowdown(_ draw: Double) -> Double {
    scenario.latencyFactor * (draw < scenario.tailShare ? scenario.tailFactor : 1)
  }

  /// Counts one request on a pod.
  mutating func record(
    _ workload: Int, _ pod: Int, _ key: SidecarProxy.TrafficKey, _ milliseconds: Double
  ) {
    let mesh = self.mesh
    pods[workload][pod].record(key, milliseconds: milliseconds) {
      SidecarProxy.istioLabels(mesh: mesh, workload: workload, key: key)
    }
  }
}

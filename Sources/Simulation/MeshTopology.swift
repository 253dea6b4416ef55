/// A simulated mesh drawn from a seed: namespaces of 2-4 workloads each, and the call graph
/// between them (every workload calls 0-3 others; the ingress gateway calls the rest).
struct MeshTopology {
  /// The workloads, namespace by namespace.
  var workloads: [MeshWorkload]
  /// The namespaces, in order.
  var namespaces: [String]
  /// The namespaces that move to the canary revision.
  var moved: Set<String>
  /// Every caller → callee edge with the callee's share of traffic it carries.
  var edges: [CallEdge]

  /// One edge of the call graph.
  struct CallEdge {
    /// Index of the calling workload; nil for the ingress gateway (outside the mesh).
    var caller: Int?
    /// Index of the called workload.
    var callee: Int
    /// Share of the callee's requests that come over this edge.
    var share: Double
  }

  static let namespacePool = [
    "shop", "payments", "identity", "search", "media", "logistics", "analytics", "support",
    "billing", "catalog", "notify", "inventory", "marketing", "orders", "risk", "partners",
  ]

  static let workloadPool = [
    "frontend", "api", "cart", "checkout", "ledger", "fraud", "auth", "profile", "sessions",
    "indexer", "query", "suggest", "thumbnails", "transcode", "cdn-origin", "tracking", "routes",
    "events", "reports", "warehouse", "tickets", "chat", "invoices", "tax", "products",
    "reviews", "mailer", "push", "stock", "reserve", "campaigns", "ads", "orders", "returns",
    "scoring", "rules", "gateway-adapter", "webhooks", "prices", "shipping", "accounts",
    "settings", "audit", "exports", "search-ui", "recommend", "currency", "geo",
  ]

  /// Draws a mesh of `namespaceCount` namespaces, `movedCount` of which move.
  static func draw(
    namespaceCount: Int, movedCount: Int, random: inout SplitMix64
  ) -> MeshTopology {
    var names = workloadPool
    shuffle(&names, random: &random)
    var workloads: [MeshWorkload] = []
    var namespaces: [String] = []
    for index in 0..<namespaceCount {
      let base = namespacePool[index % namespacePool.count]
      let namespace = index < namespacePool.count ? base : "\(base)-\(index / namespacePool.count)"
      namespaces.append(namespace)
      let count = 2 + Int(random.next() % 3)
      for _ in 0..<count {
        let serial = workloads.count
        let base = names[serial % names.count]
        let name = serial < names.count ? base : "\(base)-\(serial / names.count)"
        workloads.append(MeshWorkload.draw(name: name, namespace: namespace, random: &random))
      }
    }
    var order = Array(namespaces.indices)
    shuffle(&order, random: &random)
    let moved = Set(order.prefix(min(movedCount, namespaces.count)).map { namespaces[$0] })
    var callers = [[Int]](repeating: [], count: workloads.count)
    for caller in workloads.indices {
      var others = workloads.indices.filter { $0 != caller }
      shuffle(&others, random: &random)
      let fanOut = min(others.count, Int(random.next() % 4))
      workloads[caller].callees = others.prefix(fanOut).sorted()
      for callee in workloads[caller].callees { callers[callee].append(caller) }
    }
    var edges: [CallEdge] = []
    for callee in workloads.indices {
      // A workload nobody calls is an entry point; a called one takes gateway traffic too half
      // the time.
      let fromGateway = callers[callee].isEmpty || random.unit() < 0.5
      var weights: [(Int?, Double)] = callers[callee].map { ($0, 0.5 + random.unit()) }
      if fromGateway { weights.insert((nil, 0.5 + random.unit()), at: 0) }
      let total = weights.reduce(0) { $0 + $1.1 }
      edges += weights.map { CallEdge(caller: $0.0, callee: callee, share: $0.1 / total) }
    }
    return MeshTopology(workloads: workloads, namespaces: namespaces, moved: moved, edges: edges)
  }

  /// Fisher-Yates shuffle driven by the simulation's generator (the standard library's
  /// `shuffle(using:)` makes no promise of the same order across versions).
  static func shuffle<Element>(_ items: inout [Element], random: inout SplitMix64) {
    guard items.count > 1 else { return }
    for index in stride(from: items.count - 1, to: 0, by: -1) {
      let other = Int(random.next() % UInt64(index + 1))
      items.swapAt(index, other)
    }
  }
}

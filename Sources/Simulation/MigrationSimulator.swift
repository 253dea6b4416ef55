import Foundation

/// Writes a migration scenario as the files a scraped mesh produces: every sidecar's Envoy and
/// Istio series (`reporter="destination"` and `reporter="source"`, by the call graph), each
/// revision's istiod, the namespace maps before and after the move and `migration.json`.
///
/// The sidecar and istiod series carry the scrape's target labels `app`, `namespace`, `pod` and
/// (unless `revisionLabel` is off) `istio_io_rev`, which a plain `canary ingest` attributes
/// them by. The same scenario, seed and layout always give the same bytes; the layouts carry
/// the same samples.
public struct MigrationSimulator: Sendable {
  /// The scenario to simulate.
  public var scenario: MigrationScenario
  /// Seed of the random generators.
  public var seed: UInt64
  /// How the samples are arranged in files.
  public var layout: OutputLayout
  /// Unix seconds of the first scrape (2026-09-01T00:00:07Z, as `Simulator`).
  public var start: Int64 = 1_788_220_807

  /// Creates a simulator.
  public init(scenario: MigrationScenario, seed: UInt64, layout: OutputLayout = .perPod) {
    self.scenario = scenario
    self.seed = seed
    self.layout = layout
  }

  /// Independent generators for the mesh, its load, its traffic and its control planes, so
  /// scenarios that differ only in an effect share the same mesh, load and request draws.
  struct Generators {
    var load: SplitMix64
    var traffic: SplitMix64
    var control: SplitMix64
    /// Seeds the per-minute factors (``MinuteFactors``), drawn only when they are on.
    var minutes: SplitMix64

    init(seed: UInt64) {
      load = SplitMix64(seed: seed ^ 0x6C6F_6164_6C6F_6164)
      traffic = SplitMix64(seed: seed ^ 0x7472_6166_6669_6321)
      control = SplitMix64(seed: seed ^ 0x6973_7469_6F64_2121)
      minutes = SplitMix64(seed: seed ^ 0x6D69_6E75_7465_7321)
    }
  }

  /// Writes the scenario's files below `directory`; returns how many files it wrote.
  @discardableResult
  public func write(to directory: String) throws -> Int {
    var sink = FolderSink(directory: directory)
    try run(into: &sink)
    return sink.written
  }

  /// Produces the scenario's files in order (metadata first, then scrape by scrape), handing
  /// each to `visit`.
  public func generate(_ visit: (Simulator.File) throws -> Void) throws {
    try withoutActuallyEscaping(visit) { escapable in
      var sink = VisitorSink(visit: escapable)
      try run(into: &sink)
    }
  }

  /// The mesh this seed draws: its namespaces, workloads, call graph and moved namespaces
  /// (every median set to the scenario's ``MigrationScenario/latencyMedian`` when it has one).
  func mesh() -> MeshTopology {
    var random = SplitMix64(seed: seed)
    var mesh = MeshTopology.draw(
      namespaceCount: scenario.namespaces, movedCount: scenario.movedNamespaces, random: &random)
    if let median = scenario.latencyMedian {
      for index in mesh.workloads.indices { mesh.workloads[index].latencyMedian = median }
    }
    return mesh
  }

  /// Unix seconds of every scrape.
  var scrapeTimes: [Int64] {
    let count = max(1, scenario.durationSeconds / scenario.scrapeSeconds)
    return (0..<count).map { start + Int64($0 * scenario.scrapeSeconds) }
  }

  /// Simulates scrape by scrape into `sink`.
  func run(into sink: inout some FileSink) throws {
    let mesh = mesh()
    var generators = Generators(seed: seed)
    var state = MeshState(mesh: mesh, scenario: scenario, start: start, random: &generators.load)
    if scenario.autocorrelation > 0 {
      state.minuteFactors = MinuteFactors(
        workloads: mesh.workloads.count, rho: scenario.autocorrelation,
        minute: MinuteFactors.minute(ofIntervalEndingAt: start, seconds: scenario.scrapeSeconds),
        random: generators.minutes)
    }
    let times = scrapeTimes
    let moveTime = scenario.moveTime(start: start)
    let manifest = MigrationManifest(
      namespaces: mesh.namespaces, moved: mesh.moved, moveTime: moveTime,
      first: times.first ?? start, last: times.last ?? start)
    for (path, text) in [
      ("namespaces-before.txt", manifest.namespaceTable(after: false)),
      ("namespaces-after.txt", manifest.namespaceTable(after: true)),
      ("migration.json", manifest.json), ("migration.txt", manifest.text),
    ] {
      try sink.open(path)
      try sink.append(text)
      try sink.close()
    }
    var writer = ScrapeWriter(layout: layout)
    for now in times {
      let previous = now - Int64(scenario.scrapeSeconds)
      let moving = previous < moveTime && moveTime <= now
      if moving { state.move(at: moveTime, random: &generators) }
      state.drift(now: now, random: &generators.load)
      state.flow(
        seconds: Double(scenario.scrapeSeconds), transition: moving ? (previous, moveTime) : nil,
        random: &generators.traffic)
      state.advanceControlPlanes(seconds: Double(scenario.scrapeSeconds), random: &generators)
      for pods in state.pods {
        for pod in pods {
          let workload = mesh.workloads[pod.workload]
          try writer.add(
            folder: "sidecar", source: "\(workload.namespace)/\(pod.name)", time: now,
            families: pod.families(
              mesh: mesh,
              target: target(
                app: workload.name, revision: pod.revision,
                namespace: workload.namespace, pod: pod.name), now: now),
            to: &sink)
        }
      }
      for plane in state.controlPlanes {
        let proxies = state.proxies(of: plane.revision)
        try writer.add(
          folder: "istiod-\(plane.revision)", source: "scrape", time: now,
          families: plane.families(
            proxies: proxies,
            target: target(
              app: "istiod", revision: plane.revision, namespace: "istio-system",
              pod: state.istiodPods[plane.revision] ?? "istiod")),
          to: &sink)
      }
      try writer.endScrape(time: now, to: &sink)
    }
    try writer.finish(to: &sink)
  }

  /// The target labels a kubernetes_sd scrape of a pod adds: its `app` and (relabelled from
  /// `istio.io/rev`) `istio_io_rev` pod labels, its namespace and name.
  func target(app: String, revision: String, namespace: String, pod: String) -> String {
    let rev = scenario.revisionLabel ? "istio_io_rev=\"\(revision)\"," : ""
    return "app=\"\(app)\",\(rev)namespace=\"\(namespace)\",pod=\"\(pod)\""
  }
}

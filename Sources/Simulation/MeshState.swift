import Foundation

/// The changing state of a simulated migration: every workload's pods and load, and both
/// revisions' istiod.
struct MeshState {
  /// The mesh drawn from the seed.
  var mesh: MeshTopology
  /// The scenario's parameters.
  var scenario: MigrationScenario
  /// Unix seconds of the first scrape.
  var start: Int64
  /// The pods of each workload, by workload index.
  var pods: [[SidecarProxy]]
  /// istiod of `stable` and of `canary`, baseline first.
  var controlPlanes: [ControlPlane]
  /// The istiod pod name of each revision.
  var istiodPods: [String: String]
  /// Phase of the shared daily load trend, radians.
  var trendPhase: Double
  /// The shared load trend at the current scrape.
  var trend = 1.0
  /// Unix seconds of the current scrape.
  var currentTime: Int64 = 0
  /// Per-minute latency and 5xx multipliers of each workload; nil when the scenario has none.
  var minuteFactors: MinuteFactors?

  /// Pod-name characters, as Kubernetes draws ReplicaSet and pod suffixes (no vowels, no 0,
  /// 1 or 3, so a name never spells a word or reads as a number).
  static let podAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

  /// Starts every workload's pods on `stable`, up for days already.
  init(mesh: MeshTopology, scenario: MigrationScenario, start: Int64, random: inout SplitMix64) {
    self.mesh = mesh
    self.scenario = scenario
    self.start = start
    trendPhase = 2 * Double.pi * random.unit()
    var pods: [[SidecarProxy]] = []
    for (index, workload) in mesh.workloads.enumerated() {
      let hash = Self.suffix(10, random: &random)
      let age = Int64(1 + random.next() % 20) * 86_400
      pods.append(
        (0..<workload.podCount).map { _ in
          SidecarProxy(
            workload: index, name: "\(workload.name)-\(hash)-\(Self.suffix(5, random: &random))",
            revision: "stable", startedAt: start - age)
        })
    }
    self.pods = pods
    controlPlanes = [
      ControlPlane(revision: "stable", startedAt: start - 30 * 86_400),
      ControlPlane(revision: "canary", startedAt: start - 3_600),
    ]
    var names: [String: String] = [:]
    for revision in ["stable", "canary"] {
      names[revision] =
        "istiod-\(revision)-\(Self.suffix(10, random: &random))-\(Self.suffix(5, random: &random))"
    }
    istiodPods = names
  }

  /// `count` random pod-name characters; the first is a letter, so no run of ten digits (which
  /// `canary ingest` would read as a Unix time in a file name) can form.
  static func suffix(_ count: Int, random: inout SplitMix64) -> String {
    var text = String(podAlphabet[Int(random.next() % 20)])
    for _ in 1..<count { text.append(podAlphabet[Int(random.next() % UInt64(podAlphabet.count))]) }
    return text
  }

  /// Moves the scenario's namespaces to the canary at `time`: their pods restart with a new
  /// ReplicaSet hash, counters from 0, and connect to the canary istiod, which sends each its
  /// full configuration; stable's proxies get the changed endpoints.
  mutating func move(at time: Int64, random: inout MigrationSimulator.Generators) {
    var moved = 0
    for (index, workload) in mesh.workloads.enumerated()
    where mesh.moved.contains(workload.namespace) {
      let hash = Self.suffix(10, random: &random.load)
      pods[index] = (0..<workload.podCount).map { _ in
        SidecarProxy(
          workload: index,
          name: "\(workload.name)-\(hash)-\(Self.suffix(5, random: &random.load))",
          revision: "canary", startedAt: time)
      }
      moved += workload.podCount
    }
    controlPlanes[1].connect(proxies: moved, random: &random.control)
    controlPlanes[0].pushEndpoints(proxies: proxies(of: "stable"), random: &random.control)
  }

  /// Connected proxies of `revision`.
  func proxies(of revision: String) -> Int {
    pods.reduce(0) { $0 + $1.filter { $0.revision == revision }.count }
  }

  /// Moves every workload's load one scrape along its own mean-reverting random walk (on the
  /// log scale: about ±20% over an hour) and the shared trend along its daily wave.
  mutating func drift(now: Int64, random: inout SplitMix64) {
    currentTime = now
    for index in mesh.workloads.indices {
      mesh.workloads[index].logLoad = 0.99 * mesh.workloads[index].logLoad + 0.03 * random.normal()
    }
    trend = 1 + scenario.diurnalAmplitude * sin(2 * Double.pi * Double(now) / 86_400 + trendPhase)
    minuteFactors?.advance(
      to: MinuteFactors.minute(ofIntervalEndingAt: now, seconds: scenario.scrapeSeconds))
  }

  /// Adds one scrape interval of pushes and rejects to both istiods.
  mutating func advanceControlPlanes(seconds: Double, random: inout MigrationSimulator.Generators) {
    for index in controlPlanes.indices {
      let revision = controlPlanes[index].revision
      let proxies = proxies(of: revision)
      var profile = RevisionProfile()
      if revision == "canary" {
        profile.pushesPerProxyPerMinute *= scenario.pushFactor
        profile.rejectsPerMinute = proxies > 0 ? scenario.canaryRejectsPerMinute : 0
      }
      controlPlanes[index].advance(
        proxies: proxies, profile: profile, seconds: seconds, random: &random.control)
    }
  }
}

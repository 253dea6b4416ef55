/// A control-plane migration as it happens in a real mesh: every namespace starts on the
/// `stable` revision, then a few whole namespaces move to `canary` at once (their pods restart
/// with the canary's sidecar), while each workload's own load drifts the whole time.
///
/// The revision changes nothing unless the effects below say so; effects apply only to the
/// proxies of the canary revision (the moved pods) and to the canary istiod.
public struct MigrationScenario: Sendable, Hashable {
  /// Name, as `canary simulate --scenario` takes it.
  public var name: String
  /// What a sound judge should decide: promote, rollback or inconclusive.
  public var expectedVerdict: String
  /// One sentence on what the scenario shows.
  public var summary: String

  /// Namespaces in the mesh (2-4 workloads each, drawn from the seed).
  public var namespaces = 8
  /// Namespaces that move to the canary revision (drawn from the seed).
  public var movedNamespaces = 2
  /// Length of the simulated window, seconds.
  public var durationSeconds = 3600
  /// Seconds from the start to the move (the moved namespaces' pods restart then).
  public var moveAfterSeconds = 1800
  /// Scrape interval, seconds.
  public var scrapeSeconds = 15
  /// Whether the scrape adds the pod label `istio.io/rev` as `istio_io_rev` to every series
  /// (a `labelmap` relabelling of kubernetes_sd's pod labels); without it the namespace maps
  /// and `migration.json` say which revision a series belongs to when.
  public var revisionLabel = true
  /// Relative amplitude of a load trend shared by every workload (one 24 h sine wave).
  public var diurnalAmplitude = 0.3
  /// Lag-1 autocorrelation ρ (0 ≤ ρ < 1) of per-minute multipliers on each workload's latency
  /// and 5xx share (``MinuteFactors``: marginal log sd 8% and 30%); 0 for none, the mesh's
  /// minutes then differ only by load and request draws.
  public var autocorrelation = 0.0
  /// Every workload's median latency at its base load, milliseconds, in place of the drawn
  /// one (the rest of the draw stays); nil keeps the draw (log-uniform in 3-200 ms).
  public var latencyMedian: Double?

  /// Minutes after a pod restart during which it answers slower and fails more often (cold
  /// caches, connection pools filling); 0 for none.
  public var warmupMinutes = 0.0
  /// Latency multiplier during the warm-up.
  public var warmupLatencyFactor = 1.5
  /// 5xx multiplier during the warm-up.
  public var warmupErrorFactor = 3.0

  /// Latency multiplier of requests passing a canary proxy (inbound: the callee's; outbound:
  /// the caller's, seen by `reporter="source"`).
  public var latencyFactor = 1.0
  /// 5xx share multiplier of requests answered through a canary proxy.
  public var errorFactor = 1.0
  /// Share of requests through a canary proxy that are `tailFactor` times slower (0: none).
  public var tailShare = 0.0
  /// Slowdown of those tail requests.
  public var tailFactor = 1.0
  /// xDS pushes per proxy of the canary istiod, relative to stable's.
  public var pushFactor = 1.0
  /// Configurations the canary's proxies reject, per minute, once they are connected.
  public var canaryRejectsPerMinute = 0.0

  /// Creates a migration where the canary revision changes nothing.
  public init(name: String, expectedVerdict: String, summary: String) {
    self.name = name
    self.expectedVerdict = expectedVerdict
    self.summary = summary
  }

  /// The migration scenarios of `sample-data/`.
  public static let all: [MigrationScenario] = [
    healthy, latency, errors, pushStorm,
  ]

  /// Two namespaces move; the canary changes nothing: promote.
  public static let healthy = MigrationScenario(
    name: "migration-healthy", expectedVerdict: "promote",
    summary: "Two of eight namespaces move to an identical canary while load drifts.")

  /// Moved workloads answer 25% slower: rollback.
  public static var latency: MigrationScenario {
    var scenario = MigrationScenario(
      name: "migration-latency", expectedVerdict: "rollback",
      summary: "Requests through canary proxies take 25% longer.")
    scenario.latencyFactor = 1.25
    return scenario
  }

  /// Moved workloads fail ten times as often: rollback.
  public static var errors: MigrationScenario {
    var scenario = MigrationScenario(
      name: "migration-errors", expectedVerdict: "rollback",
      summary: "Requests answered through canary proxies fail (5xx) ten times as often.")
    scenario.errorFactor = 10
    return scenario
  }

  /// The canary istiod pushes five times as often per proxy and its config is rejected.
  public static var pushStorm: MigrationScenario {
    var scenario = MigrationScenario(
      name: "migration-push-storm", expectedVerdict: "rollback",
      summary: "The canary istiod pushes 5x as often per proxy and proxies reject its config.")
    scenario.pushFactor = 5
    scenario.canaryRejectsPerMinute = 0.5
    return scenario
  }

  /// The scenario called `name`, if any.
  public static func named(_ name: String) -> MigrationScenario? {
    all.first { $0.name == name }
  }

  /// Unix seconds of the move for a simulation starting at `start`: half a scrape interval
  /// before the scrape at `moveAfterSeconds`, so no scrape coincides with the restart.
  func moveTime(start: Int64) -> Int64 {
    start + Int64(moveAfterSeconds - scrapeSeconds / 2)
  }
}

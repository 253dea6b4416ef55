/// How one revision's proxies and control plane behave in a simulated scenario.
public struct RevisionProfile: Sendable, Hashable {
  /// Median request latency, milliseconds.
  public var latencyMedian: Double = 12
  /// Log-normal shape of request latency (larger: longer tail).
  public var latencySigma: Double = 0.55
  /// Share of requests answered with a 5xx code.
  public var errorRate: Double = 0.001
  /// xDS pushes per connected proxy per minute.
  public var pushesPerProxyPerMinute: Double = 1.5
  /// Rejected xDS configurations per minute (normally zero).
  public var rejectsPerMinute: Double = 0
  /// Sidecar memory, bytes.
  public var proxyMemory: Double = 48_000_000

  /// The profile of a healthy revision.
  public init() {}
}

/// A reproducible mesh scenario: a stable and a canary revision side by side.
public struct Scenario: Sendable, Hashable {
  /// Name, as `canary simulate --scenario` takes it.
  public var name: String
  /// What `canary analyze` should decide: promote, rollback or inconclusive.
  public var expectedVerdict: String
  /// One sentence on what the scenario shows.
  public var summary: String
  /// Length of the simulated window, seconds.
  public var durationSeconds: Int = 1800
  /// Scrape interval, seconds.
  public var scrapeSeconds: Int = 15
  /// Workloads (one pod each) per revision.
  public var workloadsPerRevision: Int = 4
  /// Requests per second each workload receives.
  public var requestsPerSecond: Double = 25
  /// The baseline revision's behaviour.
  public var stable = RevisionProfile()
  /// The canary revision's behaviour.
  public var canary = RevisionProfile()

  /// Creates a scenario where both revisions behave the same.
  public init(name: String, expectedVerdict: String, summary: String) {
    self.name = name
    self.expectedVerdict = expectedVerdict
    self.summary = summary
  }

  /// The scenarios of `sample-data/`.
  public static let all: [Scenario] = [
    healthy, latencyRegression, errorSpike, pushStorm, lowTraffic,
  ]

  /// Both revisions alike: promote.
  public static let healthy = Scenario(
    name: "healthy", expectedVerdict: "promote",
    summary: "Canary and stable behave alike.")

  /// Canary request latency 30% higher: rollback.
  public static var latencyRegression: Scenario {
    var scenario = Scenario(
      name: "latency-regression", expectedVerdict: "rollback",
      summary: "Canary proxies answer 30% slower (p99 +30%).")
    scenario.canary.latencyMedian *= 1.3
    return scenario
  }

  /// Canary 5xx share from 0.1% to 3%: rollback.
  public static var errorSpike: Scenario {
    var scenario = Scenario(
      name: "error-spike", expectedVerdict: "rollback",
      summary: "Canary 5xx responses rise from 0.1% to 3%.")
    scenario.canary.errorRate = 0.03
    return scenario
  }

  /// Canary istiod pushes five times as often per proxy, and rejects configuration: rollback.
  public static var pushStorm: Scenario {
    var scenario = Scenario(
      name: "push-storm", expectedVerdict: "rollback",
      summary: "Canary istiod pushes 5x as often per proxy and proxies reject its config.")
    scenario.canary.pushesPerProxyPerMinute *= 5
    scenario.canary.rejectsPerMinute = 0.5
    return scenario
  }

  /// A handful of requests: inconclusive.
  public static var lowTraffic: Scenario {
    var scenario = Scenario(
      name: "low-traffic", expectedVerdict: "inconclusive",
      summary: "Only a handful of requests reach the canary: not enough data to judge.")
    scenario.requestsPerSecond = 0.0008
    return scenario
  }

  /// The scenario called `name`, if any.
  public static func named(_ name: String) -> Scenario? {
    all.first { $0.name == name }
  }
}

import Foundation

/// Per-minute multipliers of every workload's latency and 5xx share that drift with memory:
/// real per-minute values are autocorrelated (a slow minute tends to follow a slow minute),
/// which a judge that treats minutes as independent mistakes for evidence.
///
/// Each workload has two stationary AR(1) processes on the log scale, one for latency and one
/// for the 5xx share, x(t) = ρ·x(t − 1) + √(1 − ρ²)·s·ε(t) with ε standard normal, started
/// from their stationary N(0, s²), so every minute's marginal standard deviation is s
/// whatever ρ: ``latencySpread`` (latency multiplier exp(x): median 1, about ±8%) and
/// ``errorSpread`` (5xx multiplier exp(x − s²/2): mean 1, about ±30%). The lag-1
/// autocorrelation of x is ρ.
struct MinuteFactors {
  /// Standard deviation of the log latency multiplier in any one minute.
  static let latencySpread = 0.08
  /// Standard deviation of the log 5xx multiplier in any one minute.
  static let errorSpread = 0.3

  /// Lag-1 autocorrelation of the minute-to-minute factors, 0 ≤ ρ < 1.
  let rho: Double
  /// The processes' own generator, apart from the mesh's, so the other draws stay as they are.
  private var random: SplitMix64
  /// Log latency multiplier of each workload in the current minute.
  private(set) var logLatency: [Double]
  /// Log 5xx multiplier of each workload in the current minute.
  private(set) var logError: [Double]
  /// The current minute (Unix seconds / 60).
  private(set) var minute: Int64

  /// Starts `workloads` pairs of processes at `minute`, drawn from their stationary law.
  init(workloads: Int, rho: Double, minute: Int64, random: SplitMix64) {
    var random = random
    self.rho = rho
    self.minute = minute
    logLatency = (0..<workloads).map { _ in Self.latencySpread * random.normal() }
    logError = (0..<workloads).map { _ in Self.errorSpread * random.normal() }
    self.random = random
  }

  /// Steps every process forward, minute by minute, to `minute` (no step when it is not
  /// later than the current one).
  mutating func advance(to minute: Int64) {
    let innovation = (1 - rho * rho).squareRoot()
    while self.minute < minute {
      for index in logLatency.indices {
        logLatency[index] =
          rho * logLatency[index] + innovation * Self.latencySpread * random.normal()
        logError[index] = rho * logError[index] + innovation * Self.errorSpread * random.normal()
      }
      self.minute += 1
    }
  }

  /// The latency multiplier of `workload` this minute.
  func latency(_ workload: Int) -> Double {
    exp(logLatency[workload])
  }

  /// The 5xx share multiplier of `workload` this minute (mean 1 over minutes).
  func errors(_ workload: Int) -> Double {
    exp(logError[workload] - Self.errorSpread * Self.errorSpread / 2)
  }

  /// The minute a scrape interval ending at `now` and `seconds` long counts in: the one
  /// holding its middle.
  static func minute(ofIntervalEndingAt now: Int64, seconds: Int) -> Int64 {
    Int64(((Double(now) - Double(seconds) / 2) / 60).rounded(.down))
  }
}

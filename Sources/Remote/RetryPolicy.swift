/// How often and how patiently a failed request is retried: exponential backoff,
/// `initialDelay × multiplier^(n−1)` seconds before the n-th retry, capped at `maximumDelay`.
///
/// Retried: connection errors, timeouts, HTTP 429 and 5xx. Never retried: 4xx query errors,
/// which would fail again the same way.
public struct RetryPolicy: Sendable, Equatable {
  /// Retries after the first attempt (0: one attempt only).
  public var retries: Int
  /// Delay before the first retry, seconds.
  public var initialDelay: Double
  /// Factor between successive delays.
  public var multiplier: Double
  /// Longest delay, seconds.
  public var maximumDelay: Double

  /// Three retries after 0.5 s, 1 s and 2 s by default.
  public init(
    retries: Int = 3, initialDelay: Double = 0.5, multiplier: Double = 2, maximumDelay: Double = 30
  ) {
    self.retries = max(0, retries)
    self.initialDelay = max(0, initialDelay)
    self.multiplier = max(1, multiplier)
    self.maximumDelay = max(0, maximumDelay)
  }

  /// The delay before retry `number` (1-based), seconds.
  public func delay(beforeRetry number: Int) -> Double {
    guard number >= 1 else { return 0 }
    var delay = initialDelay
    for _ in 1..<number {
      delay *= multiplier
      // Stop multiplying once capped, so huge retry counts cannot overflow to infinity.
      if delay >= maximumDelay { break }
    }
    return min(delay, maximumDelay)
  }

  /// Whether an HTTP status is worth retrying: 429 (rate limited) and 5xx (server trouble).
  public static func isRetryable(status: Int) -> Bool {
    status == 429 || (500...599).contains(status)
  }
}

/// Whether a matched comparison's interval excludes a harmful change beyond the metric's
/// allowance (non-inferiority): what a promotion needs from a critical metric, beyond "no
/// significant harm" (`tolerance` in the JSON report).
///
/// A metric can pass (no harm shown) while its interval still reaches past the allowance: the
/// data cannot yet tell a harmless canary from a harmful one. A critical metric in that state
/// makes the verdict inconclusive, and the reason says what more data would settle it.
public struct ToleranceCheck: Sendable, Codable, Equatable {
  /// The allowed ratio on the harmful side (`allowedIncrease`, or `allowedDecrease` for a
  /// metric where lower is worse; for a histogram's tail, what the allowed slowdown gives).
  public var allowed: Double
  /// The interval's end on the harmful side, as a ratio (a confidence sequence's with the
  /// anytime horizon); nil when it has none (nothing counted on one side).
  public var bound: Double?
  /// Whether `bound` lies within `allowed`: a harmful change beyond the allowance is excluded.
  public var inside: Bool
  /// The interval this check used: `fixed` or `anytime`.
  public var horizon: Horizon
  /// Anytime only: the e-value that the change exceeds the allowance (a rollback at
  /// `threshold` or more).
  public var eValue: Double?
  /// Anytime only: 1/alpha.
  public var threshold: Double?
  /// About how many more minutes of the canary's current traffic would bring `bound` within
  /// `allowed`, when the estimate itself lies within it and the data can say (counts); nil
  /// otherwise.
  public var moreMinutes: Double?
  /// The canary's current requests per second over the compared workloads, when counted.
  public var canaryRequestsPerSecond: Double?

  /// Creates a check.
  public init(
    allowed: Double, bound: Double?, inside: Bool, horizon: Horizon, eValue: Double? = nil,
    threshold: Double? = nil, moreMinutes: Double? = nil, canaryRequestsPerSecond: Double? = nil
  ) {
    self.allowed = allowed
    self.bound = bound
    self.inside = inside
    self.horizon = horizon
    self.eValue = eValue
    self.threshold = threshold
    self.moreMinutes = moreMinutes
    self.canaryRequestsPerSecond = canaryRequestsPerSecond
  }

  /// What is missing, in words ("cannot yet exclude ×3.6 (allowed ×1.5); about 14 more
  /// minutes at the canary's current 90 requests/s would settle it").
  public var missing: String {
    let reach = bound.map { "×" + Figures.number($0) } ?? "any ratio"
    var text = "cannot yet exclude \(reach) (allowed ×\(Figures.number(allowed)))"
    if let moreMinutes {
      let minutes = max(1, moreMinutes.rounded(.up))
      text += "; about \(Figures.number(minutes)) more minute\(minutes == 1 ? "" : "s")"
      if let rate = canaryRequestsPerSecond {
        text += " at the canary's current \(Figures.number(rate)) requests/s"
      }
      text += " would settle it"
    } else {
      text += "; more data is needed"
    }
    return text
  }
}

extension ToleranceCheck {
  enum CodingKeys: String, CodingKey {
    case allowed, bound, inside, horizon, eValue, threshold, moreMinutes, canaryRequestsPerSecond
  }

  /// Every key, null when absent or not finite (reports never carry NaN or infinities; an
  /// e-value too large to write is written as the largest finite double).
  public func encode(to encoder: any Encoder) throws {
    func finite(_ value: Double?) -> Double? {
      guard let value, !value.isNaN else { return nil }
      return value.isInfinite ? (value > 0 ? .greatestFiniteMagnitude : nil) : value
    }
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(allowed, forKey: .allowed)
    try container.encode(finite(bound), forKey: .bound)
    try container.encode(inside, forKey: .inside)
    try container.encode(horizon, forKey: .horizon)
    try container.encode(finite(eValue), forKey: .eValue)
    try container.encode(finite(threshold), forKey: .threshold)
    try container.encode(finite(moreMinutes), forKey: .moreMinutes)
    try container.encode(finite(canaryRequestsPerSecond), forKey: .canaryRequestsPerSecond)
  }
}

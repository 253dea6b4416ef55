/// One OpenMetrics histogram or gauge histogram group: the samples of one label set (but
/// `le`) and one timestamp, in the order they are written.
///
/// Buckets rise in bound and never fall in value; the last bucket is `+Inf`; `_count` /
/// `_gcount` equals the `+Inf` bucket; `_sum` and `_count` come together (`_gsum` and
/// `_gcount` likewise); a histogram with negative buckets has no `_sum`, and a negative
/// `_gsum` needs a negative bucket.
struct HistogramGroupCheck {
  let family: String
  /// The group's labels (JSON, `le` removed) and timestamp in seconds.
  let group: String
  let timestamp: Double?
  /// The line of the group's first sample, where end-of-group errors point.
  let line: Int

  private var lastBound: Double?
  private var lastBucketValue = 0.0
  private var count: Double?
  private var hasNegativeBucket = false
  private var hasSum = false
  private var hasGaugeSum = false
  private var hasNegativeGaugeSum = false

  /// Starts the group `group` of `family` at `line`.
  init(family: String, group: String, timestamp: Double?, line: Int) {
    self.family = family
    self.group = group
    self.timestamp = timestamp
    self.line = line
  }

  /// One sample of the group: `suffix` is `_bucket` (with its `bound`), `_count`, `_sum`,
  /// `_gcount`, `_gsum` or `_created`.
  mutating func add(
    suffix: String, value: Double, bound: Double?, fail: (String) -> ParseError
  ) throws {
    switch suffix {
    case "_bucket":
      guard let bound else { return }
      if bound < 0 { hasNegativeBucket = true }
      if let lastBound, bound <= lastBound {
        throw fail("histogram \"\(family)\" buckets must be in increasing order of le")
      }
      if value < lastBucketValue {
        throw fail("histogram \"\(family)\" bucket values must not decrease as le grows")
      }
      lastBound = bound
      lastBucketValue = value
    case "_count", "_gcount":
      count = value
    case "_sum":
      hasSum = true
    case "_gsum":
      hasGaugeSum = true
      if value < 0 { hasNegativeGaugeSum = true }
    default:
      break
    }
  }

  /// The rules of a complete group.
  func finish() throws {
    func fail(_ message: String) -> ParseError {
      ParseError(
        line: line, column: 1, message: "OpenMetrics: histogram \"\(family)\" \(group) " + message)
    }
    if lastBound != .infinity { throw fail("has no bucket with le=\"+Inf\"") }
    if let count, count != lastBucketValue {
      throw fail("count \(count) differs from the +Inf bucket \(lastBucketValue)")
    }
    if hasSum && count == nil { throw fail("has _sum but no _count") }
    if hasGaugeSum && count == nil { throw fail("has _gsum but no _gcount") }
    if !hasSum && !hasGaugeSum && count != nil { throw fail("has a count but no sum") }
    if hasNegativeBucket && hasSum { throw fail("has negative buckets, so it may not have _sum") }
    if !hasNegativeBucket && hasNegativeGaugeSum {
      throw fail("has a negative _gsum but no negative bucket")
    }
  }
}

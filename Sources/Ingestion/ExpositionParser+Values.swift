/// What follows a sample's series text: value, timestamp, exemplar.
struct SampleTail {
  var value: Double
  /// The 0-based byte index of the value in its line, for errors about it.
  var valueStart = 0
  /// Unix milliseconds; nil when there is no timestamp or it is out of Int64's range.
  var milliseconds: Int64?
  /// The timestamp in seconds as written (OpenMetrics), for the ordering rules.
  var seconds: Double?
  var hasTimestamp = false
  var hasExemplar = false
}

extension ExpositionParser {
  /// Parses ` value [timestamp] [# exemplar]` after the series text ending at `start`.
  ///
  /// Lenient and 0.0.4 modes accept a value right after `}` as Prometheus does; strict
  /// OpenMetrics wants one space. Strict 0.0.4 refuses blanks at the end of the line.
  @inline(__always)
  mutating func valueAndTimestamp(
    _ bytes: UnsafePointer<UInt8>, from start: Int, count: Int, afterLabels: Bool
  ) throws -> SampleTail {
    var index = start
    guard index < count else {
      throw failure(at: index, "missing value after the series name")
    }
    if TextBytes.isBlank(bytes[index]) {
      index = try skipSeparator(bytes, from: index, count: count)
    } else if !afterLabels {
      throw failure(
        at: index,
        "invalid character \"\(TextBytes.shown(bytes[index]))\" in metric name "
          + "(names match [a-zA-Z_:][a-zA-Z0-9_:]*)")
    } else if strict && dialect == .openMetrics {
      throw failure(at: index, "expected a space between the label set and the value (OpenMetrics)")
    }
    guard index < count else { throw failure(at: index, "missing value after the series name") }
    let valueStart = index
    while index < count && !TextBytes.isBlank(bytes[index]) { index += 1 }
    guard let value = PrometheusFloat.parse(bytes + valueStart, count: index - valueStart) else {
      let text = TextBytes.excerpt(bytes + valueStart, count: index - valueStart)
      throw failure(at: valueStart, "invalid value \"\(text)\": not a number")
    }
    var tail = SampleTail(value: value, valueStart: valueStart)
    guard index < count else { return tail }
    index = try skipSeparator(bytes, from: index, count: count)
    guard index < count else { return try trailingBlanks(tail, at: index - 1) }
    if bytes[index] == TextBytes.hash && dialect == .openMetrics {
      try exemplar(bytes, from: index, count: count)
      tail.hasExemplar = true
      return tail
    }
    let timestampStart = index
    while index < count && !TextBytes.isBlank(bytes[index]) { index += 1 }
    try parseTimestamp(bytes, from: timestampStart, to: index, into: &tail)
    guard index < count else { return tail }
    index = try skipSeparator(bytes, from: index, count: count)
    guard index < count else { return try trailingBlanks(tail, at: index - 1) }
    if bytes[index] == TextBytes.hash && dialect == .openMetrics {
      try exemplar(bytes, from: index, count: count)
      tail.hasExemplar = true
      return tail
    }
    let text = TextBytes.excerpt(bytes + index, count: count - index)
    throw failure(at: index, "unexpected text \"\(text)\" after the timestamp")
  }

  /// Blanks that end a sample line: refused by strict 0.0.4 (Prometheus' `TextParser`).
  private func trailingBlanks(_ tail: SampleTail, at index: Int) throws -> SampleTail {
    if strict && dialect == .prometheus {
      throw failure(at: index, "blank at the end of the sample line (text format 0.0.4)")
    }
    return tail
  }

  /// Skips the blanks at `start` (at least one is there); strict OpenMetrics wants exactly
  /// one space and no trailing space.
  @inline(__always)
  private func skipSeparator(_ bytes: UnsafePointer<UInt8>, from start: Int, count: Int) throws
    -> Int
  {
    var index = start
    while index < count && TextBytes.isBlank(bytes[index]) { index += 1 }
    if strict && dialect == .openMetrics
      && (index - start != 1 || bytes[start] != TextBytes.space || index == count)
    {
      throw failure(at: start, "tokens must be separated by exactly one space (OpenMetrics)")
    }
    return index
  }

  /// A timestamp: integer milliseconds in 0.0.4, float seconds in OpenMetrics (rounded to
  /// the nearest millisecond; a finite one beyond Int64 milliseconds leaves them nil).
  private func parseTimestamp(
    _ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int, into tail: inout SampleTail
  ) throws {
    tail.hasTimestamp = true
    if dialect == .prometheus {
      if let milliseconds = Self.integer(bytes + start, count: end - start) {
        tail.milliseconds = milliseconds
        return
      }
      let text = TextBytes.excerpt(bytes + start, count: end - start)
      throw failure(
        at: start,
        "invalid timestamp \"\(text)\" (text format 0.0.4: timestamps are integer milliseconds)")
    }
    if let seconds = PrometheusFloat.parse(bytes + start, count: end - start), seconds.isFinite {
      tail.seconds = seconds
      tail.milliseconds = Self.milliseconds(fromSeconds: seconds)
      return
    }
    let text = TextBytes.excerpt(bytes + start, count: end - start)
    throw failure(
      at: start,
      "invalid timestamp \"\(text)\" (OpenMetrics: timestamps are seconds, e.g. 1700000000.123)")
  }

  /// Seconds as Int64 milliseconds rounded to nearest (ties away from zero); nil when not
  /// finite or out of range.
  static func milliseconds(fromSeconds seconds: Double) -> Int64? {
    let scaled = (seconds * 1000).rounded()
    guard scaled.isFinite, scaled > -9.2e18, scaled < 9.2e18 else { return nil }
    return Int64(scaled)
  }

  /// An optionally signed decimal integer that fits Int64.
  @inline(__always)
  static func integer(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int64? {
    var index = 0
    var negative = false
    if count > 0 && (bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+")) {
      negative = bytes[0] == UInt8(ascii: "-")
      index = 1
    }
    guard index < count else { return nil }
    var magnitude: UInt64 = 0
    while index < count {
      let digit = bytes[index] &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
      guard !overflow1 && !overflow2 else { return nil }
      magnitude = sum
      index += 1
    }
    if negative {
      guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
      return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
    }
    guard magnitude <= UInt64(Int64.max) else { return nil }
    return Int64(magnitude)
  }
}

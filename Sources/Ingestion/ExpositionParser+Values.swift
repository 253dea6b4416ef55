extension ExpositionParser {
  /// Parses ` value [timestamp] [# exemplar]` after the series text ending at `start`.
  @inline(__always)
  mutating func valueAndTimestamp(
    _ bytes: UnsafePointer<UInt8>, from start: Int, count: Int, afterLabels: Bool
  ) throws -> (Double, Int64?) {
    var index = start
    guard index < count else {
      throw failure(at: index, "missing value after the series name")
    }
    guard TextBytes.isBlank(bytes[index]) else {
      if afterLabels {
        throw failure(at: index, "expected a space between the label set and the value")
      }
      throw failure(
        at: index,
        "invalid character \"\(TextBytes.shown(bytes[index]))\" in metric name "
          + "(names match [a-zA-Z_:][a-zA-Z0-9_:]*)")
    }
    index = try skipSeparator(bytes, from: index, count: count)
    guard index < count else { throw failure(at: index, "missing value after the series name") }
    let valueStart = index
    while index < count && !TextBytes.isBlank(bytes[index]) { index += 1 }
    guard let value = PrometheusFloat.parse(bytes + valueStart, count: index - valueStart) else {
      let text = TextBytes.excerpt(bytes + valueStart, count: index - valueStart)
      throw failure(at: valueStart, "invalid value \"\(text)\": not a number")
    }
    guard index < count else { return (value, nil) }
    index = try skipSeparator(bytes, from: index, count: count)
    guard index < count else { return (value, nil) }
    if bytes[index] == TextBytes.hash && dialect == .openMetrics {
      try exemplar(bytes, from: index, count: count)
      return (value, nil)
    }
    let timestampStart = index
    while index < count && !TextBytes.isBlank(bytes[index]) { index += 1 }
    let timestamp = try parseTimestamp(bytes, from: timestampStart, to: index)
    guard index < count else { return (value, timestamp) }
    index = try skipSeparator(bytes, from: index, count: count)
    guard index < count else { return (value, timestamp) }
    if bytes[index] == TextBytes.hash && dialect == .openMetrics {
      try exemplar(bytes, from: index, count: count)
      return (value, timestamp)
    }
    let text = TextBytes.excerpt(bytes + index, count: count - index)
    throw failure(at: index, "unexpected text \"\(text)\" after the timestamp")
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
  /// the nearest millisecond).
  private func parseTimestamp(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) throws
    -> Int64
  {
    if dialect == .prometheus {
      if let milliseconds = Self.integer(bytes + start, count: end - start) { return milliseconds }
      let text = TextBytes.excerpt(bytes + start, count: end - start)
      throw failure(
        at: start,
        "invalid timestamp \"\(text)\" (text format 0.0.4: timestamps are integer milliseconds)")
    }
    if let seconds = PrometheusFloat.parse(bytes + start, count: end - start),
      let milliseconds = Self.milliseconds(fromSeconds: seconds)
    {
      return milliseconds
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

  /// Validates and skips an OpenMetrics exemplar: `# {labels} value [timestamp]`.
  private mutating func exemplar(_ bytes: UnsafePointer<UInt8>, from hashIndex: Int, count: Int)
    throws
  {
    var index = hashIndex + 1
    guard index < count, bytes[index] == TextBytes.space else {
      throw failure(at: hashIndex, "expected \"# {\" to start an exemplar")
    }
    while index < count && TextBytes.isBlank(bytes[index]) { index += 1 }
    guard index < count, bytes[index] == TextBytes.openBrace else {
      throw failure(at: index, "expected \"{\" to start the exemplar's label set")
    }
    guard let end = Self.labelSetEnd(bytes, from: index, count: count) else {
      throw unterminatedLabelSet(bytes, from: index, count: count)
    }
    let labels = try parseLabels(bytes, open: index, end: end, canonicalNumbers: false)
    if strict {
      let length = labels.reduce(0) {
        $0 + $1.name.unicodeScalars.count + $1.value.unicodeScalars.count
      }
      if length > 128 {
        throw failure(
          at: index, "exemplar labels are \(length) characters long (OpenMetrics: at most 128)")
      }
    }
    index = end
    guard index < count, TextBytes.isBlank(bytes[index]) else {
      throw failure(at: index, "expected a space and a value after the exemplar's label set")
    }
    while index < count && TextBytes.isBlank(bytes[index]) { index += 1 }
    let valueStart = index
    while index < count && !TextBytes.isBlank(bytes[index]) { index += 1 }
    guard PrometheusFloat.parse(bytes + valueStart, count: index - valueStart) != nil else {
      let text = TextBytes.excerpt(bytes + valueStart, count: index - valueStart)
      throw failure(at: valueStart, "invalid exemplar value \"\(text)\": not a number")
    }
    while index < count && TextBytes.isBlank(bytes[index]) { index += 1 }
    guard index < count else { return }
    let timestampStart = index
    while index < count && !TextBytes.isBlank(bytes[index]) { index += 1 }
    guard
      let seconds = PrometheusFloat.parse(bytes + timestampStart, count: index - timestampStart),
      seconds.isFinite
    else {
      let text = TextBytes.excerpt(bytes + timestampStart, count: index - timestampStart)
      throw failure(at: timestampStart, "invalid exemplar timestamp \"\(text)\"")
    }
    while index < count && TextBytes.isBlank(bytes[index]) { index += 1 }
    if index < count {
      throw failure(at: index, "unexpected text after the exemplar")
    }
  }
}

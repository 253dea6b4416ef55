extension ExpositionParser {
  /// Validates and skips an OpenMetrics exemplar: `# {labels} value [timestamp]`.
  ///
  /// Strict mode wants exactly one space between the parts and none at the end, labels of
  /// at most 128 characters, and a finite timestamp; lenient mode skips any blanks.
  mutating func exemplar(_ bytes: UnsafePointer<UInt8>, from hashIndex: Int, count: Int) throws {
    var index = hashIndex + 1
    guard index < count, bytes[index] == TextBytes.space else {
      throw failure(at: hashIndex, "expected \"# {\" to start an exemplar")
    }
    index = try exemplarSeparator(bytes, from: index, count: count)
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
    index = try exemplarSeparator(bytes, from: index, count: count)
    let valueStart = index
    while index < count && !TextBytes.isBlank(bytes[index]) { index += 1 }
    guard PrometheusFloat.parse(bytes + valueStart, count: index - valueStart) != nil else {
      let text = TextBytes.excerpt(bytes + valueStart, count: index - valueStart)
      throw failure(at: valueStart, "invalid exemplar value \"\(text)\": not a number")
    }
    guard index < count else { return }
    index = try exemplarSeparator(bytes, from: index, count: count)
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
    if index < count && strict {
      throw failure(at: index, "blank at the end of the exemplar (OpenMetrics)")
    }
    while index < count && TextBytes.isBlank(bytes[index]) { index += 1 }
    if index < count {
      throw failure(at: index, "unexpected text after the exemplar")
    }
  }

  /// Skips the blanks at `start` inside an exemplar; strict mode wants exactly one space
  /// followed by more text.
  private func exemplarSeparator(_ bytes: UnsafePointer<UInt8>, from start: Int, count: Int)
    throws -> Int
  {
    var index = start
    while index < count && TextBytes.isBlank(bytes[index]) { index += 1 }
    if strict && (index - start != 1 || bytes[start] != TextBytes.space || index == count) {
      throw failure(
        at: start, "exemplar parts must be separated by exactly one space (OpenMetrics)")
    }
    return index
  }
}

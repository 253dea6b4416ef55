import MetricModel

/// Which written rules an ``ExpositionParser`` follows.
enum ExpositionDialect: Sendable {
  /// Prometheus text exposition format 0.0.4: integer millisecond timestamps.
  case prometheus
  /// OpenMetrics 1.0 text: float second timestamps, `# UNIT`, `# EOF`, exemplars.
  case openMetrics
}

/// A streaming parser of the Prometheus text formats (0.0.4 and OpenMetrics 1.0).
///
/// Each line is read in place from the ``LineReader``'s buffer. A sample line's series
/// text (`name{labels}` as written) is looked up in a ``SeriesInterner`` first; only a
/// series not seen before has its labels parsed, validated and passed to
/// ``SampleHandler/newSeries(_:)``. Lenient mode accepts what Prometheus' scraper accepts;
/// strict mode enforces the written specification of the dialect and names the rule.
struct ExpositionParser {
  let dialect: ExpositionDialect
  let strict: Bool
  /// `# EOF` must end the input (explicit `--format openmetrics`, or strict OpenMetrics).
  let requiresEOF: Bool

  var families = MetricFamilyTable()
  var interner = SeriesInterner()
  /// Lenient parses: the series texts other parsers of the ingest described (their name and
  /// labels need no second parse).
  var described: DescribedSeries?
  /// The line being parsed, for error positions.
  var lineNumber = 0
  var sawEOF = false
  /// Whether the line parsed last held only blanks.
  var lastLineWasBlank = true
  /// Families with `# HELP` / `# UNIT` lines and with samples, tracked in strict mode only.
  var helpSeen: Set<String> = []
  var unitSeen: Set<String> = []
  var familiesWithSamples: Set<String> = []
  /// Strict mode: histogram series groups (family and labels but `le`) and whether one of
  /// their buckets is `+Inf`, with the line of the group's first bucket.
  var bucketGroups: [String: (line: Int, family: String, hasInfinity: Bool)] = [:]
  /// Handles by descriptor, so texts that differ only in spelling (`le="1"` / `le="1.0"`,
  /// spacing) still reach ``SampleHandler/newSeries(_:)`` once.
  var handlesByDescriptor: [HashedDescriptor: Int32] = [:]
  /// Strict 0.0.4: the handles of histogram buckets and counts, whose values may not be
  /// negative.
  var histogramPopulations: Set<Int32> = []
  /// Reused buffer for unescaped label values.
  var scratch: [UInt8] = []
  /// The rules across lines of strict OpenMetrics; nil in every other mode.
  var openMetricsRules: OpenMetricsValidator?

  /// Creates a parser for `dialect`.
  init(dialect: ExpositionDialect, strict: Bool, requiresEOF: Bool) {
    self.dialect = dialect
    self.strict = strict
    self.requiresEOF = requiresEOF || (strict && dialect == .openMetrics)
    if strict && dialect == .openMetrics { openMetricsRules = OpenMetricsValidator() }
    scratch.reserveCapacity(256)
  }

  /// Clears what belongs to one input (its `# TYPE` lines, line count, `# EOF`, strict
  /// bookkeeping), keeping the storage and the interner, so one parser reads a stream's
  /// inputs one after another as a new parser would each.
  mutating func startInput() {
    families.removeAll()
    lineNumber = 0
    sawEOF = false
    lastLineWasBlank = true
    helpSeen.removeAll(keepingCapacity: true)
    unitSeen.removeAll(keepingCapacity: true)
    familiesWithSamples.removeAll(keepingCapacity: true)
    bucketGroups.removeAll(keepingCapacity: true)
    handlesByDescriptor.removeAll(keepingCapacity: true)
    histogramPopulations.removeAll(keepingCapacity: true)
    if strict && dialect == .openMetrics { openMetricsRules = OpenMetricsValidator() }
  }

  /// Parses every line of `reader`, then the end-of-input rules.
  mutating func run<S: ByteSource, H: SampleHandler>(
    reader: LineReader, source: inout S, skipInvalid: Bool, handler: inout H
  ) throws {
    while let line = try reader.nextLine(from: &source) {
      lineNumber = reader.lineNumber
      do {
        try parseLine(line, handler: &handler)
      } catch let error as ParseError where skipInvalid {
        handler.skippedLine(error)
      }
    }
    do {
      // TextParser ends at a last line of blanks alone without complaint.
      if reader.lastLineIsUnterminated && !lastLineWasBlank && strict && dialect == .prometheus {
        throw ParseError(
          line: reader.lineNumber, column: 1,
          message:
            "the last line has no line feed (text format 0.0.4: every line ends with \"\\n\")")
      }
      try finish(lastLine: reader.lineNumber, bytesRead: reader.bytesRead)
    } catch let error as ParseError where skipInvalid {
      handler.skippedLine(error)
    }
  }

  /// An error at the 0-based byte `index` of the current line.
  func failure(at index: Int, _ message: String) -> ParseError {
    ParseError(line: lineNumber, column: index + 1, message: message)
  }

  /// One line, without its line feed.
  @inline(__always)
  mutating func parseLine<H: SampleHandler>(_ line: UnsafeRawBufferPointer, handler: inout H)
    throws
  {
    lastLineWasBlank = true
    guard let raw = line.baseAddress, line.count > 0 else {
      return try blankLine(at: 0)
    }
    let bytes = raw.assumingMemoryBound(to: UInt8.self)
    var count = line.count
    if bytes[count - 1] == TextBytes.carriageReturn {
      if strict {
        throw failure(
          at: count - 1,
          "carriage return before the line feed (the text formats end lines with \"\\n\" only)")
      }
      count -= 1
    }
    if sawEOF { return try afterEOF(count: count) }
    var index = 0
    while index < count && TextBytes.isBlank(bytes[index]) { index += 1 }
    if index == count { return try blankLine(at: 0) }
    lastLineWasBlank = false
    if index > 0 && strict && dialect == .openMetrics {
      throw failure(at: 0, "leading whitespace (OpenMetrics: a line starts with its first token)")
    }
    if bytes[index] == TextBytes.hash {
      return try metadataLine(bytes, from: index, count: count)
    }
    try sampleLine(bytes, from: index, count: count, handler: &handler)
  }

  private mutating func blankLine(at index: Int) throws {
    if sawEOF && strict {
      throw failure(at: index, "content after # EOF (OpenMetrics: # EOF ends the exposition)")
    }
    if strict && dialect == .openMetrics {
      throw failure(at: index, "empty line (OpenMetrics does not allow blank lines)")
    }
  }

  private func afterEOF(count: Int) throws {
    // A trailing blank line after # EOF is tolerated unless strict.
    if count == 0 && !strict { return }
    throw failure(at: 0, "content after # EOF (OpenMetrics: # EOF ends the exposition)")
  }

  /// `name[{labels}] value [timestamp] [# exemplar]`.
  @inline(__always)
  private mutating func sampleLine<H: SampleHandler>(
    _ bytes: UnsafePointer<UInt8>, from keyStart: Int, count: Int, handler: inout H
  ) throws {
    var index = keyStart
    if bytes[index] == TextBytes.quote && allowsQuotedNames {
      index = Self.quotedEnd(bytes, from: index, count: count)
    } else {
      while index < count && TextBytes.isMetricNameByte(bytes[index]) { index += 1 }
    }
    let nameEnd = index
    var keyEnd = nameEnd
    var labelStart = -1
    var probe = nameEnd
    while probe < count && TextBytes.isBlank(bytes[probe]) { probe += 1 }
    if probe < count && bytes[probe] == TextBytes.openBrace {
      labelStart = probe
      guard let end = Self.labelSetEnd(bytes, from: probe, count: count) else {
        throw unterminatedLabelSet(
          bytes, from: probe, count: count,
          acceptsMetricName: probe == keyStart && allowsQuotedNames)
      }
      keyEnd = end
    }
    let keyLength = keyEnd - keyStart
    let hash = SeriesInterner.hash(bytes + keyStart, count: keyLength)
    var handle: Int32 = -1
    var newSeries: SeriesDescriptor?
    if openMetricsRules == nil,
      let known = interner.handle(for: bytes + keyStart, length: keyLength, hash: hash)
    {
      handle = known
    } else if let described,
      let (name, labels) = described.lookup(
        bytes + keyStart, length: keyLength, hash: hash, dialect: dialect)
    {
      let resolution = families.resolve(sampleName: name)
      newSeries = SeriesDescriptor(
        name: name, family: resolution.family, type: resolution.type, labels: labels)
    } else {
      let descriptor = try describeSeries(
        bytes, nameStart: keyStart, nameEnd: nameEnd, labelStart: labelStart, keyEnd: keyEnd,
        count: count)
      described?.record(
        bytes + keyStart, length: keyLength, hash: hash, dialect: dialect,
        name: descriptor.name, labels: descriptor.labels)
      newSeries = descriptor
    }
    let tail = try valueAndTimestamp(
      bytes, from: keyEnd, count: count, afterLabels: labelStart >= 0)
    if let descriptor = newSeries {
      if openMetricsRules != nil {
        let facts = OpenMetricsValidator.Sample(
          name: descriptor.name, labels: descriptor.labels, value: tail.value,
          timestamp: tail.seconds, hasExemplar: tail.hasExemplar, line: lineNumber)
        try openMetricsRules?.sample(facts, column: keyStart + 1)
      }
      handle = try handleFor(descriptor, handler: &handler)
      if strict && dialect == .prometheus && handle >= 0 && isHistogramPopulation(descriptor) {
        histogramPopulations.insert(handle)
      }
      // Strict OpenMetrics describes every line (its rules need the labels), so it never
      // looks the text up and need not intern it.
      if openMetricsRules == nil {
        interner.insert(bytes + keyStart, length: keyLength, hash: hash, handle: handle)
      }
    }
    guard handle >= 0 else { return }
    if tail.value < 0 && strict && dialect == .prometheus && histogramPopulations.contains(handle) {
      throw failure(
        at: tail.valueStart,
        "negative value \(PrometheusFloat.format(tail.value)) of a histogram bucket or count "
          + "(text format 0.0.4: bucket populations and counts are never negative)")
    }
    if tail.hasTimestamp && tail.milliseconds == nil {
      handler.warning(
        "line \(lineNumber): timestamp beyond what Int64 milliseconds hold; sample not stored")
      return
    }
    try handler.sample(series: handle, timestampMilliseconds: tail.milliseconds, value: tail.value)
  }

  /// The handle of a described series: -1 for `_created` samples (creation times, not
  /// values, dropped), else the handler's handle, asked once per distinct descriptor.
  private mutating func handleFor<H: SampleHandler>(
    _ descriptor: SeriesDescriptor, handler: inout H
  ) throws -> Int32 {
    if descriptor.family != descriptor.name && descriptor.name.hasSuffix("_created") {
      return -1
    }
    let key = HashedDescriptor(descriptor)
    if let known = handlesByDescriptor[key] { return known }
    let handle = try handler.newSeries(descriptor, hashValue: key.hash)
    handlesByDescriptor[key] = handle
    return handle
  }

  /// The index just past the `}` closing the label set opened at `open`, or nil when the
  /// line ends first. Quotes and backslash escapes are honoured so `}` in values is skipped.
  @inline(__always)
  static func labelSetEnd(_ bytes: UnsafePointer<UInt8>, from open: Int, count: Int) -> Int? {
    var index = open + 1
    while true {
      index = firstIndex(
        of: TextBytes.quote, or: TextBytes.closeBrace, in: bytes, from: index, count: count)
      guard index < count else { return nil }
      if bytes[index] == TextBytes.closeBrace { return index + 1 }
      index = quotedEnd(bytes, from: index, count: count)
      guard index < count else { return nil }
    }
  }

  /// The index just past the `"` closing the quoted name opening at `quote` (backslash
  /// escapes skipped), or `count` when the line ends first.
  @inline(__always)
  static func quotedEnd(_ bytes: UnsafePointer<UInt8>, from quote: Int, count: Int) -> Int {
    var index = quote + 1
    while true {
      index = firstIndex(
        of: TextBytes.quote, or: TextBytes.backslash, in: bytes, from: index, count: count)
      guard index < count else { return count }
      if bytes[index] == TextBytes.quote { return index + 1 }
      index += 2
    }
  }

  /// The index of the first `first` or `second` byte at or after `start`, or `count`.
  ///
  /// Eight bytes per step (SWAR): a byte equal to the target becomes zero after the xor,
  /// and `(x - 0x01…) & ~x & 0x80…` flags zero bytes; the lowest flag is always exact.
  @inline(__always)
  static func firstIndex(
    of first: UInt8, or second: UInt8, in bytes: UnsafePointer<UInt8>, from start: Int,
    count: Int
  ) -> Int {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let firstPattern = ones &* UInt64(first)
    let secondPattern = ones &* UInt64(second)
    let raw = UnsafeRawPointer(bytes)
    var index = start
    while index + 8 <= count {
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      let x = word ^ firstPattern
      let y = word ^ secondPattern
      let found = ((x &- ones) & ~x | (y &- ones) & ~y) & highs
      if found != 0 { return index + found.trailingZeroBitCount >> 3 }
      index += 8
    }
    while index < count {
      let byte = bytes[index]
      if byte == first || byte == second { return index }
      index += 1
    }
    return count
  }
}

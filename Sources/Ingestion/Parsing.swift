/// The default read size: large enough that `read(2)` calls are rare, small enough to stay
/// in the caches.
let defaultChunkSize = 1 << 20

/// Parses `source` in `format` (auto: detect from the first chunk), calling `handler`.
///
/// Throws ``ParseError`` (line and column of the first bad line) unless
/// `options.skipInvalid`, in which case bad lines go to ``SampleHandler/skippedLine(_:)``
/// and parsing goes on. Binary input, and Prometheus JSON that is not valid JSON or not a
/// successful API response, throw even with `skipInvalid`. An empty input is zero samples,
/// not an error.
///
/// - Returns: The format actually used (`auto` resolved).
public func parseSamples<S: ByteSource, H: SampleHandler>(
  from source: inout S, format: InputFormat, options: ParserOptions, handler: inout H
) throws -> InputFormat {
  try parseSamples(
    from: &source, format: format, options: options, chunkSize: defaultChunkSize,
    handler: &handler)
}

/// ``parseSamples(from:format:options:handler:)`` with a chosen buffer size, for tests of
/// lines that straddle chunks.
public func parseSamples<S: ByteSource, H: SampleHandler>(
  from source: inout S, format: InputFormat, options: ParserOptions, chunkSize: Int,
  handler: inout H
) throws -> InputFormat {
  try parseSamples(
    from: &source, format: format, options: options, chunkSize: chunkSize, stream: nil,
    handler: &handler)
}

/// ``parseSamples(from:format:options:handler:)`` as one input of a ``ParseStream``: the
/// stream's detected format and series interner are used and kept. `reader`, when given, is
/// read into instead of a new one: one reset for this input (``ReadCache/lineReader(chunkSize:)``).
func parseSamples<S: ByteSource, H: SampleHandler>(
  from source: inout S, format: InputFormat, options: ParserOptions, chunkSize: Int,
  stream: ParseStream?, reader kept: LineReader? = nil, handler: inout H
) throws -> InputFormat {
  let reader = kept ?? LineReader(chunkSize: chunkSize)
  var head = try reader.prefetch(from: &source)
  if head.starts(with: [0xEF, 0xBB, 0xBF]) {
    // A UTF-8 byte order mark, as spreadsheet programs write before CSV.
    reader.skip(3)
    head = UnsafeRawBufferPointer(rebasing: head[3...])
  }
  // An explicit OpenMetrics input may carry any UTF-8, NUL included (the reference parser
  // keeps it in # HELP text); its tokens are still checked one by one.
  if format != .openmetrics,
    let offset = FormatDetector.firstBinaryByte(inHeadOf: head, reachedEnd: reader.reachedEnd)
  {
    let before = head[..<offset]
    let line = before.reduce(1) { $0 + ($1 == TextBytes.lineFeed ? 1 : 0) }
    let lineStart = before.lastIndex(of: TextBytes.lineFeed).map { $0 + 1 } ?? 0
    let what = head[offset] == 0 ? "a NUL byte" : "a byte that is not UTF-8"
    throw ParseError(
      line: line, column: offset - lineStart + 1,
      message: "the input is binary, not text (\(what))")
  }
  let used = format == .auto ? (stream?.format ?? FormatDetector.detect(head)) : format
  if format == .auto, !head.isEmpty { stream?.format = used }
  switch used {
  case .auto, .prometheus, .openmetrics:
    let dialect: ExpositionDialect = used == .openmetrics ? .openMetrics : .prometheus
    let requiresEOF = format == .openmetrics
    var parser: ExpositionParser
    if !options.strict, let kept = stream?.takeParser(dialect: dialect, requiresEOF: requiresEOF) {
      parser = kept
    } else {
      parser = ExpositionParser(dialect: dialect, strict: options.strict, requiresEOF: requiresEOF)
      if let stream, !options.strict {
        parser.interner = stream.interner
        parser.described = stream.described
      }
    }
    defer { stream?.keepParser(parser) }
    try parser.run(
      reader: reader, source: &source, skipInvalid: options.skipInvalid, handler: &handler)
    return used == .auto ? .prometheus : used
  case .prometheusJSON:
    try PrometheusJSONParser.run(
      reader: reader, source: &source, options: options, chunkSize: chunkSize,
      handler: &handler)
    return .prometheusJSON
  case .csv:
    var parser = CSVParser(strict: options.strict)
    try parser.run(
      reader: reader, source: &source, skipInvalid: options.skipInvalid, handler: &handler)
    return .csv
  }
}

import MetricModel

/// Reads saved responses of the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`)
/// as they stream in, calling a ``SampleHandler``.
///
/// Result types `matrix` and `vector` become one series per result element (name from
/// `__name__`, else ``ParserOptions/metricName``; the other labels as they are; type
/// `untyped`, since the API does not say); `scalar` becomes one sample of a series named by
/// ``ParserOptions/metricName`` with no labels. `string` results, native histograms and
/// `"status": "error"` responses throw. `warnings` and `infos` go to
/// ``SampleHandler/warning(_:)``. Timestamps are float seconds, rounded to the nearest
/// millisecond; values are strings parsed as Go's `ParseFloat` does (`"NaN"`, `"+Inf"`).
///
/// Memory holds one chunk of input, the longest string, and one series' labels; a series
/// object that lists its samples before its `metric` (Prometheus never writes one) also
/// holds that series' samples until the labels arrive. A series appearing twice in one
/// response (Prometheus never writes one) is passed to ``SampleHandler/newSeries(_:)``
/// twice, so that nothing grows with the number of series.
struct PrometheusJSONParser<S: ByteSource, H: SampleHandler> {
  private var input: PrometheusJSONInput<S>
  private var handler: H
  private let options: ParserOptions

  /// The shapes `data.resultType` names.
  private enum ResultType: String {
    case matrix, vector, scalar, string
  }

  /// One `[timestamp, "value"]` pair: read, or malformed (skippable under `--skip-invalid`).
  private enum PairRead {
    case valid(timestamp: Int64, value: Double)
    case invalid(ParseError)
  }

  /// A position in the input.
  private typealias Location = (line: Int, column: Int)

  /// Parses the rest of the input, starting with the bytes `reader` has already read.
  static func run(
    reader: LineReader, source: inout S, options: ParserOptions, chunkSize: Int,
    handler: inout H
  ) throws {
    let head = try reader.prefetch(from: &source)
    let input = PrometheusJSONInput(
      source: source, head: head, skipped: reader.bytesRead - head.count,
      reachedEnd: reader.reachedEnd, chunkSize: chunkSize)
    var parser = PrometheusJSONParser(input: input, handler: handler, options: options)
    defer {
      source = parser.input.source
      handler = parser.handler
    }
    try parser.parseResponse()
  }

  private init(input: PrometheusJSONInput<S>, handler: H, options: ParserOptions) {
    self.input = input
    self.handler = handler
    self.options = options
  }

  // MARK: The envelope

  /// `{"status": ..., "data": ..., "errorType": ..., "error": ..., "warnings": [...]}`,
  /// members in any order, then the end of the input.
  private mutating func parseResponse() throws {
    guard let first = try input.peekSkippingWhitespace() else { return }  // empty: no samples
    let start = input.location
    guard first == TextBytes.openBrace else {
      throw input.unexpected(first, expected: "a Prometheus API response, a JSON object")
    }
    var status: String?
    var statusLocation = start
    var errorType: String?
    var errorText: String?
    var sawData = false
    var members = Set<String>()
    if try input.openContainer(TextBytes.openBrace, close: TextBytes.closeBrace, expected: "{") {
      repeat {
        let key = try readKey(unique: &members)
        switch key {
        case "status":
          _ = try input.peekSkippingWhitespace()
          statusLocation = input.location
          let text = try input.readText()
          guard text == "success" || text == "error" else {
            throw input.failure(
              at: statusLocation, "unknown status \"\(text)\" (expected \"success\" or \"error\")")
          }
          status = text
        case "data":
          sawData = true
          // An error response's data is partial at best; the error is what counts.
          if status == "error" { try input.skipValue() } else { try parseData() }
        case "errorType":
          errorType = try input.readText()
        case "error":
          errorText = try input.readText()
        case "warnings":
          try parseNotes(kind: "warning")
        case "infos":
          try parseNotes(kind: "info")
        default:
          try input.skipValue()
        }
      } while try input.nextMember(close: TextBytes.closeBrace)
    }
    if let next = try input.peekSkippingWhitespace() {
      throw input.unexpected(next, expected: "the end of the input after the JSON response")
    }
    guard let status else {
      throw input.failure(
        at: start, "not a Prometheus API response: the object has no \"status\" member")
    }
    if status == "error" {
      throw input.failure(
        at: statusLocation,
        "Prometheus answered an error: \(errorType ?? "unknown"): \(errorText ?? "(no message)")"
      )
    }
    guard sawData else {
      throw input.failure(at: start, "a successful Prometheus API response without \"data\"")
    }
  }

  /// `warnings` or `infos`: an array of strings (or null), each passed to the handler.
  private mutating func parseNotes(kind: String) throws {
    if try input.peekSkippingWhitespace() == UInt8(ascii: "n") {
      try input.skipValue()  // null, or a syntax error
      return
    }
    let opened = try input.openContainer(
      UInt8(ascii: "["), close: UInt8(ascii: "]"), expected: "an array of \(kind) strings")
    guard opened else { return }
    repeat {
      let text = try input.readText()
      handler.warning("\(kind) from Prometheus: \(text)")
    } while try input.nextMember(close: UInt8(ascii: "]"))
  }

  // MARK: The result

  /// `{"resultType": ..., "result": ...}`, members in any order.
  private mutating func parseData() throws {
    _ = try input.peekSkippingWhitespace()
    let start = input.location
    var resultType: ResultType?
    var resultLocation = start
    // What `result` held: nil before it, true for a list of series, false for a pair.
    var resultIsSeries: Bool?
    // A [time, value] result read before `resultType` said whether it is a scalar.
    var pendingPair: PairRead?
    var members = Set<String>()
    let opened = try input.openContainer(
      TextBytes.openBrace, close: TextBytes.closeBrace, expected: "the data object")
    if opened {
      repeat {
        let key = try readKey(unique: &members)
        switch key {
        case "resultType":
          _ = try input.peekSkippingWhitespace()
          let location = input.location
          let text = try input.readText()
          guard let type = ResultType(rawValue: text) else {
            throw input.failure(
              at: location,
              "unknown resultType \"\(text)\" (expected matrix, vector, scalar or string)")
          }
          try check(type, at: location, against: resultIsSeries)
          resultType = type
        case "result":
          _ = try input.peekSkippingWhitespace()
          resultLocation = input.location
          let isSeries = try parseResult(
            type: resultType, at: resultLocation, pending: &pendingPair)
          resultIsSeries = isSeries
        default:
          try input.skipValue()
        }
      } while try input.nextMember(close: TextBytes.closeBrace)
    }
    guard let resultType else {
      throw input.failure(at: start, "the data object has no \"resultType\"")
    }
    guard resultIsSeries != nil else {
      throw input.failure(at: start, "the data object has no \"result\"")
    }
    if let pendingPair {
      try deliverScalar(pendingPair, at: resultLocation, type: resultType)
    }
  }

  /// Throws when `type` contradicts the shape of a `result` already read (`isSeries`).
  private func check(_ type: ResultType, at location: Location, against isSeries: Bool?) throws {
    if type == .string {
      throw input.failure(
        at: location,
        "the result is a string (resultType \"string\"), not a metric; "
          + "save a query that returns a vector, matrix or scalar")
    }
    guard let isSeries else { return }
    if isSeries && type == .scalar {
      throw input.failure(at: location, "resultType \"scalar\", but the result is a list of series")
    }
    if !isSeries && type != .scalar {
      throw input.failure(
        at: location, "resultType \"\(type.rawValue)\", but the result is a [time, value] pair")
    }
  }

  /// The `result` member: a list of series, or a `[time, value]` pair. Returns true for a
  /// list of series (or an empty list). A pair read before the type is known goes to
  /// `pending`.
  private mutating func parseResult(
    type: ResultType?, at location: Location, pending: inout PairRead?
  ) throws -> Bool {
    let opened = try input.openContainer(
      UInt8(ascii: "["), close: UInt8(ascii: "]"), expected: "the result array")
    guard opened else { return true }  // no series
    if try input.peekSkippingWhitespace() == TextBytes.openBrace {
      if let type { try check(type, at: location, against: true) }
      repeat {
        try parseSeries()
      } while try input.nextMember(close: UInt8(ascii: "]"))
      return true
    }
    if let type { try check(type, at: location, against: false) }
    let pair = try readPair(openedAt: location)
    if let type {
      try deliverScalar(pair, at: location, type: type)
    } else {
      pending = pair
    }
    return false
  }

  /// Passes a scalar result to the handler under ``ParserOptions/metricName``.
  private mutating func deliverScalar(_ pair: PairRead, at location: Location, type: ResultType)
    throws
  {
    try check(type, at: location, against: false)
    let name = try metricName(orNoNameAt: location, what: "a scalar result")
    let descriptor = SeriesDescriptor(name: name, family: name, type: .untyped, labels: .empty)
    var handle: Int32?
    try deliver(pair, descriptor: descriptor, handle: &handle)
  }

  /// ``ParserOptions/metricName``, checked; throws naming `--metric-name` when there is none.
  private func metricName(orNoNameAt location: Location, what: String) throws -> String {
    guard let name = options.metricName, !name.isEmpty else {
      throw input.failure(
        at: location, "\(what) has no metric name; give one with --metric-name NAME")
    }
    guard TextBytes.isMetricName(name) else {
      throw input.failure(
        at: location,
        "--metric-name \"\(name)\" is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)")
    }
    return name
  }

  // MARK: Series

  /// `{"metric": {...}, "value": [t, "v"]}` or `{"metric": {...}, "values": [[t, "v"], ...]}`.
  private mutating func parseSeries() throws {
    let start = input.location
    var descriptor: SeriesDescriptor?
    var handle: Int32?
    // Samples read before `metric` (Prometheus writes `metric` first; others may not).
    var early: [PairRead] = []
    var members = Set<String>()
    let opened = try input.openContainer(
      TextBytes.openBrace, close: TextBytes.closeBrace, expected: "a series object")
    if opened {
      repeat {
        _ = try input.peekSkippingWhitespace()
        let keyLocation = input.location
        let key = try readKey(unique: &members)
        switch key {
        case "metric":
          let series = try parseMetric()
          descriptor = series
          for pair in early { try deliver(pair, descriptor: series, handle: &handle) }
          early = []
        case "value":
          let pair = try readPair(openedAt: nil)
          if let descriptor {
            try deliver(pair, descriptor: descriptor, handle: &handle)
          } else {
            early.append(pair)
          }
        case "values":
          let opened = try input.openContainer(
            UInt8(ascii: "["), close: UInt8(ascii: "]"),
            expected: "an array of [timestamp, \"value\"] pairs")
          while opened {
            let pair = try readPair(openedAt: nil)
            if let descriptor {
              try deliver(pair, descriptor: descriptor, handle: &handle)
            } else {
              early.append(pair)
            }
            guard try input.nextMember(close: UInt8(ascii: "]")) else { break }
          }
        case "histogram", "histograms":
          throw input.failure(
            at: keyLocation,
            "native histograms are not supported; query the classic buckets instead "
              + "(the _bucket series, as histogram_quantile uses them) or convert them")
        default:
          try input.skipValue()
        }
      } while try input.nextMember(close: TextBytes.closeBrace)
    }
    guard descriptor != nil else {
      throw input.failure(at: start, "a series object without \"metric\"")
    }
  }

  /// The `metric` object: label names to values, `__name__` the metric name.
  private mutating func parseMetric() throws -> SeriesDescriptor {
    _ = try input.peekSkippingWhitespace()
    let start = input.location
    var name: String?
    var labels: [Label] = []
    var names = Set<String>()
    let opened = try input.openContainer(
      TextBytes.openBrace, close: TextBytes.closeBrace,
      expected: "the metric object of label names and values")
    if opened {
      repeat {
        _ = try input.peekSkippingWhitespace()
        let keyLocation = input.location
        try input.readKey()
        let label = try input.scratchText(readAt: keyLocation)
        guard names.insert(label).inserted else {
          throw input.failure(at: keyLocation, "duplicate label \"\(label)\" in the metric object")
        }
        if options.strict && label != "__name__" && !TextBytes.isLabelName(label) {
          throw input.failure(
            at: keyLocation, "invalid label name \"\(label)\" ([a-zA-Z_][a-zA-Z0-9_]*)")
        }
        let value = try input.readText()
        if label == "__name__" {
          if options.strict && !TextBytes.isMetricName(value) {
            throw input.failure(
              at: keyLocation, "invalid metric name \"\(value)\" ([a-zA-Z_:][a-zA-Z0-9_:]*)")
          }
          name = value
        } else {
          labels.append(Label(name: label, value: value))
        }
      } while try input.nextMember(close: TextBytes.closeBrace)
    }
    let metric: String
    if let name, !name.isEmpty {
      metric = name
    } else {
      metric = try metricName(
        orNoNameAt: start, what: "a series without __name__ (the result of an expression)")
    }
    guard let labelSet = LabelSet(labels) else {
      // Names were checked for duplicates above.
      throw input.failure(at: start, "duplicate label in the metric object")
    }
    return SeriesDescriptor(name: metric, family: metric, type: .untyped, labels: labelSet)
  }

  /// Passes one pair to the handler, creating the series at its first sample; a malformed
  /// pair is skipped under `--skip-invalid` and thrown otherwise.
  private mutating func deliver(
    _ pair: PairRead, descriptor: SeriesDescriptor, handle: inout Int32?
  ) throws {
    switch pair {
    case .invalid(let error):
      guard options.skipInvalid else { throw error }
      handler.skippedLine(error)
    case .valid(let timestamp, let value):
      let series: Int32
      if let handle {
        series = handle
      } else {
        series = try handler.newSeries(descriptor)
        handle = series
      }
      try handler.sample(series: series, timestampMilliseconds: timestamp, value: value)
    }
  }

  // MARK: Tokens

  /// A member name followed by `:`; throws when the object already had it.
  private mutating func readKey(unique members: inout Set<String>) throws -> String {
    _ = try input.peekSkippingWhitespace()
    let location = input.location
    try input.readKey()
    let key = try input.scratchText(readAt: location)
    guard members.insert(key).inserted else {
      throw input.failure(at: location, "duplicate member \"\(key)\" in a JSON object")
    }
    return key
  }

  /// `[timestamp, "value"]`; `openedAt` is the location of its `[` when already consumed.
  ///
  /// JSON syntax errors throw; a pair of the wrong shape, a bad timestamp or value is
  /// returned as ``PairRead/invalid(_:)`` after the whole pair was read.
  private mutating func readPair(openedAt: Location?) throws -> PairRead {
    let start: Location
    if let openedAt {
      start = openedAt
    } else {
      let first = try input.peekSkippingWhitespace()
      start = input.location
      guard first == UInt8(ascii: "[") else {
        try input.skipValue()
        return .invalid(
          input.failure(at: start, "a sample is a [timestamp, \"value\"] pair"))
      }
      input.advance()
    }
    var problem: ParseError?
    var timestamp: Int64?
    var value: Double?
    var index = 0
    if try input.peekSkippingWhitespace() == UInt8(ascii: "]") {
      input.advance()
    } else {
      repeat {
        // At the end of the input, 0 sends the element to skipValue, which names the problem.
        let byte = try input.peekSkippingWhitespace() ?? 0
        let location = input.location
        switch (index, byte) {
        case (0, UInt8(ascii: "-")), (0, UInt8(ascii: "0")...UInt8(ascii: "9")):
          try input.readNumber()
          timestamp = Self.milliseconds(fromSeconds: input.scratch)
          if timestamp == nil {
            let text = String(decoding: input.scratch.prefix(40), as: UTF8.self)
            problem =
              problem ?? input.failure(at: location, "timestamp \(text) is out of range")
          }
        case (0, _):
          try input.skipValue()
          problem =
            problem
            ?? input.failure(
              at: location, "a timestamp is a number of seconds, e.g. 1700000000.123")
        case (1, TextBytes.quote):
          try input.readString()
          value = input.scratch.withUnsafeBufferPointer { bytes in
            bytes.baseAddress.flatMap { PrometheusFloat.parse($0, count: bytes.count) }
          }
          if value == nil {
            let text = String(decoding: input.scratch.prefix(40), as: UTF8.self)
            problem = problem ?? input.failure(at: location, "invalid value \"\(text)\"")
          }
        case (1, _):
          try input.skipValue()
          problem =
            problem
            ?? input.failure(at: location, "a sample value is a string, e.g. \"1.5\" or \"NaN\"")
        default:
          try input.skipValue()
          problem =
            problem
            ?? input.failure(at: location, "a sample has two elements, [timestamp, \"value\"]")
        }
        index += 1
      } while try input.nextMember(close: UInt8(ascii: "]"))
    }
    if let problem { return .invalid(problem) }
    guard let timestamp, let value else {
      return .invalid(
        input.failure(at: start, "a sample has two elements, [timestamp, \"value\"]"))
    }
    return .valid(timestamp: timestamp, value: value)
  }

  /// A JSON number of seconds as Unix milliseconds, rounded to nearest (ties away from
  /// zero); nil when out of range.
  ///
  /// Plain decimals of up to 18 significant digits (every timestamp Prometheus writes) are
  /// converted exactly, so `0.0005` rounds to 1 ms, not to the 0 the nearest Double of
  /// `0.0005 * 1000` might give; exponents and longer digit strings go through Double.
  static func milliseconds(fromSeconds number: [UInt8]) -> Int64? {
    var index = 0
    let negative = number.first == UInt8(ascii: "-")
    if negative { index = 1 }
    var mantissa: Int64 = 0
    var fractionDigits = 0
    var inFraction = false
    while index < number.count {
      let byte = number[index]
      if byte == UInt8(ascii: ".") {
        inFraction = true
      } else if byte &- UInt8(ascii: "0") < 10 {
        // Past 18 digits the mantissa could overflow Int64.
        guard mantissa < 100_000_000_000_000_000 else { return viaDouble(number) }
        mantissa = mantissa * 10 + Int64(byte - UInt8(ascii: "0"))
        if inFraction { fractionDigits += 1 }
      } else {
        return viaDouble(number)  // an exponent
      }
      index += 1
    }
    var result: Int64
    if fractionDigits <= 3 {
      var scale: Int64 = 1
      for _ in fractionDigits..<3 { scale *= 10 }
      let (scaled, overflow) = mantissa.multipliedReportingOverflow(by: scale)
      guard !overflow else { return nil }
      result = scaled
    } else if fractionDigits - 3 > 18 {
      result = 0  // the mantissa is below 10^18, so the value is below 0.1 ms
    } else {
      var divisor: Int64 = 1
      for _ in 0..<(fractionDigits - 3) { divisor *= 10 }
      result = mantissa / divisor
      if (mantissa % divisor) * 2 >= divisor { result += 1 }
    }
    return negative ? -result : result
  }

  /// The Double route of ``milliseconds(fromSeconds:)``.
  private static func viaDouble(_ number: [UInt8]) -> Int64? {
    let seconds = number.withUnsafeBufferPointer { bytes in
      bytes.baseAddress.flatMap { PrometheusFloat.parse($0, count: bytes.count) }
    }
    return seconds.flatMap { ExpositionParser.milliseconds(fromSeconds: $0) }
  }
}

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
  var input: PrometheusJSONInput<S>
  var handler: H
  let options: ParserOptions

  /// The shapes `data.resultType` names.
  private enum ResultType: String {
    case matrix, vector, scalar, string
  }

  /// One `[timestamp, "value"]` pair: read, or malformed (skippable under `--skip-invalid`).
  enum PairRead {
    case valid(timestamp: Int64, value: Double)
    case invalid(ParseError)
  }

  /// A position in the input.
  typealias Location = (line: Int, column: Int)

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
  func metricName(orNoNameAt location: Location, what: String) throws -> String {
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
}

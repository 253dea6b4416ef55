import MetricModel

/// Series objects and their `[timestamp, "value"]` pairs.
extension PrometheusJSONParser {
  /// `{"metric": {...}, "value": [t, "v"]}` or `{"metric": {...}, "values": [[t, "v"], ...]}`.
  mutating func parseSeries() throws {
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
  mutating func deliver(
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
  mutating func readKey(unique members: inout Set<String>) throws -> String {
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
  mutating func readPair(openedAt: Location?) throws -> PairRead {
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
        let found = try readPairElement(
          index: index, byte: byte, at: location, timestamp: &timestamp, value: &value)
        problem = problem ?? found
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

  /// Element `index` of a sample pair, whose first byte is `byte`: stores the timestamp or
  /// the value, or returns what is wrong with it (the element is read either way).
  private mutating func readPairElement(
    index: Int, byte: UInt8, at location: Location, timestamp: inout Int64?,
    value: inout Double?
  ) throws -> ParseError? {
    switch (index, byte) {
    case (0, UInt8(ascii: "-")), (0, UInt8(ascii: "0")...UInt8(ascii: "9")):
      try input.readNumber()
      timestamp = Self.milliseconds(fromSeconds: input.scratch)
      if timestamp == nil {
        let text = String(decoding: input.scratch.prefix(40), as: UTF8.self)
        return input.failure(at: location, "timestamp \(text) is out of range")
      }
    case (0, _):
      try input.skipValue()
      return input.failure(
        at: location, "a timestamp is a number of seconds, e.g. 1700000000.123")
    case (1, TextBytes.quote):
      try input.readString()
      value = input.scratch.withUnsafeBufferPointer { bytes in
        bytes.baseAddress.flatMap { PrometheusFloat.parse($0, count: bytes.count) }
      }
      if value == nil {
        let text = String(decoding: input.scratch.prefix(40), as: UTF8.self)
        return input.failure(at: location, "invalid value \"\(text)\"")
      }
    case (1, _):
      try input.skipValue()
      return input.failure(at: location, "a sample value is a string, e.g. \"1.5\" or \"NaN\"")
    default:
      try input.skipValue()
      return input.failure(at: location, "a sample has two elements, [timestamp, \"value\"]")
    }
    return nil
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

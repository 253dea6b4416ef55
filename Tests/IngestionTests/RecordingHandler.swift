import Ingestion
import MetricModel

/// A handler that keeps everything it is given, for assertions.
struct RecordingHandler: SampleHandler {
  /// One sample as the parser reported it, with its series resolved.
  struct Sample: Equatable {
    var series: SeriesDescriptor
    var timestamp: Int64?
    var value: Double

    static func == (lhs: Sample, rhs: Sample) -> Bool {
      lhs.series == rhs.series && lhs.timestamp == rhs.timestamp
        && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
    }
  }

  var series: [SeriesDescriptor] = []
  var samples: [Sample] = []
  var skipped: [ParseError] = []

  mutating func newSeries(_ descriptor: SeriesDescriptor) throws -> Int32 {
    series.append(descriptor)
    return Int32(series.count - 1)
  }

  mutating func sample(series handle: Int32, timestampMilliseconds: Int64?, value: Double) throws {
    samples.append(
      Sample(series: series[Int(handle)], timestamp: timestampMilliseconds, value: value))
  }

  mutating func skippedLine(_ error: ParseError) {
    skipped.append(error)
  }
}

/// Parses `text` into a recording handler.
func parse(
  _ text: String, format: InputFormat = .auto, strict: Bool = false, skipInvalid: Bool = false,
  readSize: Int = Int.max, chunkSize: Int = 1 << 20
) throws -> (RecordingHandler, InputFormat) {
  try parse(
    bytes: Array(text.utf8), format: format, strict: strict, skipInvalid: skipInvalid,
    readSize: readSize, chunkSize: chunkSize)
}

/// Parses `bytes` into a recording handler.
func parse(
  bytes: [UInt8], format: InputFormat = .auto, strict: Bool = false, skipInvalid: Bool = false,
  readSize: Int = Int.max, chunkSize: Int = 1 << 20
) throws -> (RecordingHandler, InputFormat) {
  var source = MemorySource(bytes: bytes, maximumReadSize: readSize)
  var handler = RecordingHandler()
  let used = try parseSamples(
    from: &source, format: format, options: ParserOptions(strict: strict, skipInvalid: skipInvalid),
    chunkSize: chunkSize, handler: &handler)
  return (handler, used)
}

/// The error `text` throws, or nil.
func parseError(_ text: String, format: InputFormat = .auto, strict: Bool = false) -> ParseError? {
  parseError(bytes: Array(text.utf8), format: format, strict: strict)
}

/// The error `bytes` throw, or nil.
func parseError(bytes: [UInt8], format: InputFormat = .auto, strict: Bool = false) -> ParseError? {
  do {
    _ = try parse(bytes: bytes, format: format, strict: strict)
    return nil
  } catch let error as ParseError {
    return error
  } catch {
    return ParseError(line: 0, column: 0, message: "unexpected \(error)")
  }
}

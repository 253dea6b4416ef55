import Foundation
import Ingestion
import MetricModel

/// Counts what a parser reports and keeps nothing, so fuzzing measures the parser alone.
struct CountingHandler: SampleHandler {
  var series: Int32 = 0
  var samples = 0

  mutating func newSeries(_ descriptor: SeriesDescriptor) throws -> Int32 {
    series += 1
    return series - 1
  }

  mutating func sample(series: Int32, timestampMilliseconds: Int64?, value: Double) throws {
    samples += 1
  }

  mutating func skippedLine(_ error: ParseError) {}
}

/// Parses one input in every format and mode: success, or a ``ParseError`` with a
/// position. Anything else stops the process, which libFuzzer reports as a crash.
func parseInEveryMode(_ bytes: [UInt8]) {
  for format in InputFormat.allCases {
    for (strict, skipInvalid) in [(false, false), (true, false), (false, true)] {
      var source = MemorySource(bytes: bytes, maximumReadSize: skipInvalid ? 13 : Int.max)
      var handler = CountingHandler()
      let options = ParserOptions(strict: strict, skipInvalid: skipInvalid)
      do {
        _ = try parseSamples(
          from: &source, format: format, options: options, chunkSize: skipInvalid ? 64 : 1 << 16,
          handler: &handler)
      } catch let error as ParseError {
        if error.line < 1 || error.column < 1 || error.message.isEmpty {
          fatalError("ParseError without a position in \(format) \(options): \(error)")
        }
      } catch {
        fatalError("not a ParseError in \(format) \(options): \(error)")
      }
    }
  }
}

/// libFuzzer's entry point (built with `make fuzz` under `-sanitize=fuzzer`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  parseInEveryMode(bytes)
  return 0
}

#if !CANARY_LIBFUZZER
  /// Without libFuzzer: replays the files named as arguments (a saved crash input), each
  /// through every parser mode, and exits 0 when none crashes.
  @main struct ReplayInputs {
    static func main() throws {
      for path in CommandLine.arguments.dropFirst() {
        parseInEveryMode(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        print("\(path): ok")
      }
    }
  }
#endif

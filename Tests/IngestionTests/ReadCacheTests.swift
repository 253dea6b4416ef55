import Foundation
import Testing

@testable import Ingestion

/// What a parsing thread keeps between inputs: one line buffer reset per input, files opened
/// relative to their directory with the same bytes and errors as by path, and the binary
/// check, which reads 64 bytes a step, still finding the first offending byte, in the head.
@Suite struct ReadCacheTests {
  /// A fresh directory with `files` (name → text), removed by the caller.
  static func directory(_ files: [String: String]) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("canary-readcache-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, text) in files {
      try text.write(to: url.appendingPathComponent(name), atomically: false, encoding: .utf8)
    }
    return url
  }

  /// Every byte of `source`, read in `buffer`-byte steps.
  static func contents(_ source: inout FileSource, buffer: Int = 7) throws -> String {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: buffer)
    while true {
      let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
      if count == 0 { break }
      bytes += chunk[..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  @Test func filesOfOneDirectoryAndAnotherReadTheSameAsByPath() throws {
    let first = try Self.directory(["a.prom": "a 1\n", "b.prom": "b 2\nb 3\n"])
    let second = try Self.directory(["c.prom": "c 4\n"])
    defer {
      try? FileManager.default.removeItem(at: first)
      try? FileManager.default.removeItem(at: second)
    }
    let cache = ReadCache()
    let paths = [
      first.appendingPathComponent("a.prom").path, first.appendingPathComponent("b.prom").path,
      second.appendingPathComponent("c.prom").path, first.appendingPathComponent("a.prom").path,
    ]
    for path in paths {
      var cached = try cache.open(path)
      var direct = try FileSource(path: path)
      #expect(try Self.contents(&cached) == Self.contents(&direct))
      #expect(cached.path == path)
      #expect(cached.regularFileSize == direct.regularFileSize)
    }
  }

  @Test func aMissingFileNamesItsWholePath() throws {
    let folder = try Self.directory(["a.prom": "a 1\n"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let cache = ReadCache()
    _ = try cache.open(folder.appendingPathComponent("a.prom").path)
    let missing = folder.appendingPathComponent("gone.prom").path
    #expect {
      _ = try cache.open(missing)
    } throws: { error in
      guard case IngestionError.unreadable(let path, let reason) = error else { return false }
      return path == missing && reason.contains("No such file")
    }
    // A directory that cannot be opened: the file's own open reports it, by its path.
    let inMissingFolder = folder.appendingPathComponent("nowhere/x.prom").path
    #expect {
      _ = try cache.open(inMissingFolder)
    } throws: { error in
      guard case IngestionError.unreadable(let path, _) = error else { return false }
      return path == inMissingFolder
    }
  }

  /// The reader of a long input (its buffer grown by a long line), reset for a short one,
  /// returns only the short one's lines, numbered from 1.
  @Test func aResetReaderStartsOver() throws {
    let cache = ReadCache()
    let long = String(repeating: "x", count: 3000) + "\nsecond\nthird"
    var source = MemorySource(bytes: Array(long.utf8))
    let reader = cache.lineReader(chunkSize: 64)
    var lines: [String] = []
    while let line = try reader.nextLine(from: &source) {
      lines.append(String(decoding: line, as: UTF8.self))
    }
    #expect(lines.count == 3)
    #expect(reader.lastLineIsUnterminated)
    var short = MemorySource(bytes: Array("one\ntwo\n".utf8))
    let again = cache.lineReader(chunkSize: 4096)
    #expect(again === reader)
    lines = []
    while let line = try again.nextLine(from: &short) {
      lines.append(String(decoding: line, as: UTF8.self))
    }
    #expect(lines == ["one", "two"])
    #expect(again.lineNumber == 2)
    #expect(again.bytesRead == 8)
    #expect(!again.lastLineIsUnterminated)
  }

  /// A NUL or a broken UTF-8 byte at every offset of a 300-byte text is found at that
  /// offset, whichever 64- or 8-byte step (or the byte-wise tail) it falls in.
  @Test func theBinaryCheckFindsTheFirstBadByteAtEveryOffset() throws {
    let text = Array(String(repeating: "metric_name{a=\"b\"} 1\n", count: 15).utf8.prefix(300))
    var cases = 0
    for bad: UInt8 in [0x00, 0xFF, 0x80] {
      for offset in 0..<text.count {
        var bytes = text
        bytes[offset] = bad
        let found = bytes.withUnsafeBytes {
          FormatDetector.firstBinaryByte($0, isWholeInput: true)
        }
        #expect(found == offset, "byte \(bad) at \(offset)")
        cases += 1
      }
    }
    #expect(text.count == 300)
    #expect(cases == 900)
    let clean = text.withUnsafeBytes { FormatDetector.firstBinaryByte($0, isWholeInput: true) }
    #expect(clean == nil)
    // The first of a NUL and a broken sequence is the one found, and a sequence the NUL
    // cuts is broken where it starts.
    var both = text
    both[70] = 0
    both[40] = 0xFF
    #expect(both.withUnsafeBytes { FormatDetector.firstBinaryByte($0, isWholeInput: true) } == 40)
    both[40] = 0x61
    both[90] = 0xFF
    #expect(both.withUnsafeBytes { FormatDetector.firstBinaryByte($0, isWholeInput: true) } == 70)
    let cut = Array(String(repeating: "a", count: 40).utf8) + [0xC3, 0x00, 0x61]
    #expect(cut.withUnsafeBytes { FormatDetector.firstBinaryByte($0, isWholeInput: false) } == 40)
    // A sequence the chunk's end cuts is text until the whole input is known to end there.
    let open = Array(String(repeating: "a", count: 40).utf8) + [0xE2, 0x82]
    #expect(open.withUnsafeBytes { FormatDetector.firstBinaryByte($0, isWholeInput: false) } == nil)
    #expect(open.withUnsafeBytes { FormatDetector.firstBinaryByte($0, isWholeInput: true) } == 40)
    // Valid multi-byte UTF-8 past the first 32-byte step is text.
    let accented = Array((String(repeating: "a", count: 40) + "é ü 😀 end").utf8)
    #expect(
      accented.withUnsafeBytes { FormatDetector.firstBinaryByte($0, isWholeInput: true) } == nil)
  }

  /// The binary check reads an input's first ``FormatDetector/checkedHeadBytes``, as a scrape
  /// and a file of gigabytes alike; past them a broken label value is still refused by the
  /// label's own UTF-8 check, and a character cut by the end of the checked bytes is text.
  @Test func binaryCheckReadsTheHead() throws {
    let limit = FormatDetector.checkedHeadBytes
    var filler: [UInt8] = []
    var line = 0
    while filler.count < limit + 100 {
      filler += Array("m{a=\"\(line)\"} 1\n".utf8)
      line += 1
    }
    let lines = line
    // A NUL in # HELP text past the head is text, as in an explicit OpenMetrics input.
    #expect(
      parseError(bytes: filler + Array("# HELP m a".utf8) + [0] + Array("b\nm 2\n".utf8)) == nil)
    // Invalid UTF-8 in a new label value past the head is still refused, on its line.
    let broken = try #require(
      parseError(bytes: filler + Array("m{a=\"".utf8) + [0xE9] + Array("\"} 2\n".utf8)))
    #expect(broken.line == lines + 1 && broken.message.contains("not valid UTF-8"))
    // A NUL in the head is binary, wherever the head is in a long input.
    let early = try #require(parseError(bytes: Array("m 1\n".utf8) + [0] + filler))
    #expect(early.line == 2 && early.column == 1 && early.message.contains("binary"))
    // "é" (two bytes) across the end of the checked bytes: text, not a cut sequence.
    var straddling = Array(repeating: UInt8(ascii: "#"), count: limit - 1)
    straddling[1] = UInt8(ascii: " ")
    straddling += Array("é\n".utf8) + filler
    #expect(
      FormatDetector.firstBinaryByte(
        inHeadOf: UnsafeRawBufferPointer(start: straddling, count: straddling.count),
        reachedEnd: true) == nil)
    #expect(parseError(bytes: straddling) == nil)
  }
}

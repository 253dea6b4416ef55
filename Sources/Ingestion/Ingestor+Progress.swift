import Foundation
import MetricModel

/// Reads a file, standard input or memory, reporting progress every few megabytes.
struct ProgressSource: ByteSource {
  var inner: any ByteSource
  let input: IngestInput
  let size: Int?
  /// A regular file's identity when opened (nil for other inputs).
  let identity: FileIdentity?
  let progress: Ingestor.Progress?
  var read = 0
  var reported = 0

  /// Opens `input` (a file through `cache` when given).
  init(input: IngestInput, progress: Ingestor.Progress?, cache: ReadCache? = nil) throws {
    switch input {
    case .file(let path):
      let file = try cache?.open(path) ?? FileSource(path: path)
      inner = file
      identity = file.identity
      size = identity.map { Int($0.size) }
    case .standardInput:
      inner = FileSource.standardInput
      size = nil
      identity = nil
    case .memory(_, let bytes):
      inner = MemorySource(bytes: bytes)
      size = bytes.count
      identity = nil
    }
    self.input = input
    self.progress = progress
  }

  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    // A regular file ends at the size it had when opened: a scrape costs one read, not two.
    if let size, read >= size, case .file = input { return finish() }
    let count = try inner.read(into: buffer)
    read += count
    if count == 0 { return finish() }
    if let progress, read - reported >= 4 << 20 {
      reported = read
      progress(input, read, size)
    }
    return count
  }

  /// The end of the input, reported once.
  private mutating func finish() -> Int {
    if let progress, reported != read || read == 0 {
      reported = read
      progress(input, read, size)
    }
    return 0
  }
}

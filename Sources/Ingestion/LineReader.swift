#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits a ``ByteSource`` into lines inside one reusable buffer, without copying them.
///
/// The buffer holds `chunkSize` bytes and grows only when a single line is longer, so memory
/// is bounded by the longest line, never by the input size. A returned line excludes its
/// `\n` (a `\r` before it is left for the format to judge) and is valid until the next call.
final class LineReader {
  /// The longest line accepted; past it the input is surely not a metrics text.
  static let maximumLineLength = 256 << 20
  /// The buffer starts on a page: `read(2)` copies from the page cache fastest to an aligned
  /// destination.
  static let bufferAlignment = 4096

  private var storage: UnsafeMutableRawPointer
  private var capacity: Int
  /// First byte not yet returned.
  private var start = 0
  /// End of the bytes read so far.
  private var end = 0
  /// Bytes in `start..<scanned` are known to hold no line feed.
  private var scanned = 0
  /// True once the source returned 0.
  private(set) var reachedEnd = false
  /// The 1-based number of the line last returned (0 before the first).
  private(set) var lineNumber = 0
  /// Total bytes read from the source.
  private(set) var bytesRead = 0
  /// True once the last line was returned and it had no line feed.
  private(set) var lastLineIsUnterminated = false

  /// Creates a reader with a `chunkSize`-byte buffer (at least 1).
  init(chunkSize: Int) {
    capacity = max(1, chunkSize)
    storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: Self.bufferAlignment)
  }

  deinit {
    storage.deallocate()
  }

  /// Makes the reader ready for the next input, as if new with `chunkSize`: the buffer is
  /// kept when it is at least that large and no larger than ``defaultChunkSize`` (a line that
  /// grew it past that is not kept for the next input), so a directory of scrapes is read
  /// into one buffer, not one allocation each.
  func reset(chunkSize: Int) {
    let wanted = max(1, chunkSize)
    if capacity < wanted || capacity > max(wanted, defaultChunkSize) {
      storage.deallocate()
      storage = UnsafeMutableRawPointer.allocate(byteCount: wanted, alignment: Self.bufferAlignment)
      capacity = wanted
    }
    start = 0
    end = 0
    scanned = 0
    reachedEnd = false
    lineNumber = 0
    bytesRead = 0
    lastLineIsUnterminated = false
  }

  /// Fills the buffer (or reads to the end) and returns the bytes not yet consumed.
  func prefetch<S: ByteSource>(from source: inout S) throws -> UnsafeRawBufferPointer {
    while !reachedEnd && end < capacity {
      try fill(from: &source)
    }
    return UnsafeRawBufferPointer(start: storage + start, count: end - start)
  }

  /// Drops `count` bytes at the current position (a byte order mark before detection).
  func skip(_ count: Int) {
    start = min(end, start + count)
    scanned = max(scanned, start)
  }

  /// The next line without its `\n`, or nil at the end of the input.
  @inline(__always)
  func nextLine<S: ByteSource>(from source: inout S) throws -> UnsafeRawBufferPointer? {
    while true {
      if scanned < end, let found = memchr(storage + scanned, 0x0A, end - scanned) {
        let lineEnd = UnsafeMutableRawPointer(found) - storage
        let line = UnsafeRawBufferPointer(start: storage + start, count: lineEnd - start)
        start = lineEnd + 1
        scanned = start
        lineNumber += 1
        return line
      }
      scanned = end
      if reachedEnd {
        guard start < end else { return nil }
        // The last line has no line feed.
        let line = UnsafeRawBufferPointer(start: storage + start, count: end - start)
        start = end
        lineNumber += 1
        lastLineIsUnterminated = true
        return line
      }
      try fill(from: &source)
    }
  }

  /// Moves the unfinished line to the front, grows the buffer if it is full, and reads once.
  private func fill<S: ByteSource>(from source: inout S) throws {
    if start > 0 && start == end {
      start = 0
      end = 0
      scanned = 0
    } else if start > 0 && end == capacity {
      let pending = end - start
      storage.copyMemory(from: storage + start, byteCount: pending)
      scanned -= start
      end = pending
      start = 0
    }
    if end == capacity {
      guard capacity < Self.maximumLineLength else {
        throw ParseError(
          line: lineNumber + 1, column: 1,
          message:
            "line longer than \(Self.maximumLineLength) bytes; the input is not a metrics text")
      }
      let grown = UnsafeMutableRawPointer.allocate(
        byteCount: capacity * 2, alignment: Self.bufferAlignment)
      grown.copyMemory(from: storage, byteCount: end)
      storage.deallocate()
      storage = grown
      capacity *= 2
    }
    let count = try source.read(
      into: UnsafeMutableRawBufferPointer(start: storage + end, count: capacity - end))
    if count == 0 {
      reachedEnd = true
    } else {
      end += count
      bytesRead += count
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What one parsing thread keeps from one input to the next: its line buffer and the
/// directory of the last file it opened.
///
/// A directory of scrapes is tens of thousands of files of a few kilobytes, read one after
/// the other by the same thread: one buffer serves them all (not one allocation, and fresh
/// pages, per file), and each file is opened relative to its open directory (`openat(2)`), so
/// the kernel resolves one path component, not all of them (most of an open's cost is the
/// open itself, though: on the per-pod benchmark directory this saved little). When the
/// directory cannot be opened (say it may be searched but not read), the file is opened by its
/// path as before, so errors name the same thing. Not thread-safe: one per thread.
final class ReadCache {
  private var reader: LineReader?
  /// The directory part of the last file opened (with its `/`), and its descriptor (-1: none).
  private var directoryPath: [UInt8] = []
  private var directory: Int32 = -1
  /// Given to every file this cache opens (a pool worker's, see ``ReadAhead``).
  var readAhead: ReadAhead?

  init() {}

  deinit {
    if directory >= 0 { close(directory) }
  }

  /// The thread's line reader, reset for an input read in `chunkSize` chunks.
  func lineReader(chunkSize: Int) -> LineReader {
    if let reader {
      reader.reset(chunkSize: chunkSize)
      return reader
    }
    let made = LineReader(chunkSize: chunkSize)
    reader = made
    return made
  }

  /// Opens the file `path` for reading.
  ///
  /// - Throws: ``IngestionError/unreadable(path:reason:)`` when it cannot be opened.
  func open(_ path: String) throws -> FileSource {
    var file = try openFile(path)
    file.readAhead = readAhead
    return file
  }

  /// Asks the kernel to start reading the file `path` into the page cache (``ReadAhead``); a
  /// file that cannot be opened is left for its read to report.
  func advise(_ path: String) {
    (try? openFile(path))?.adviseWillNeed()
  }

  private func openFile(_ path: String) throws -> FileSource {
    #if os(Linux)
      let opened = try path.utf8.withContiguousStorageIfAvailable { bytes in
        try open(path, bytes: bytes)
      }
      if let opened { return opened }
    #endif
    return try FileSource(path: path)
  }

  #if os(Linux)
    /// ``open(_:)`` with the path's UTF-8 bytes.
    private func open(_ path: String, bytes: UnsafeBufferPointer<UInt8>) throws -> FileSource {
      guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")), slash + 1 < bytes.count,
        !bytes.contains(0)
      else {
        return try FileSource(path: path)
      }
      let parent = UnsafeBufferPointer(rebasing: bytes[...slash])
      let sameDirectory =
        parent.count == directoryPath.count
        && memcmp(parent.baseAddress!, directoryPath, parent.count) == 0
      if directory < 0 || !sameDirectory {
        if directory >= 0 { close(directory) }
        directoryPath = Array(parent)
        directory = String(decoding: parent, as: UTF8.self).withCString { name in
          Glibc.open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
      }
      guard directory >= 0 else { return try FileSource(path: path) }
      return try FileSource(path: path, nameStart: slash + 1, in: directory)
    }
  #endif
}

import CFileShims
import MetricModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file or standard input read with `read(2)` into the caller's buffer, chunk by chunk.
///
/// Copies share the descriptor; it is closed when the last copy goes away
/// (standard input is never closed).
public struct FileSource: ByteSource {
  private let descriptor: FileDescriptorBox
  /// The path given to ``init(path:)``, or `-` for standard input.
  public let path: String
  /// Set for a pool worker's files (``ReadCache``): each read first takes only what the page
  /// cache holds, and one that would wait for the device tells `readAhead` before it waits.
  var readAhead: ReadAhead?

  /// Opens `path` for reading.
  ///
  /// - Throws: ``IngestionError/unreadable(path:reason:)`` when it cannot be opened.
  public init(path: String) throws {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw IngestionError.unreadable(path: path, reason: Self.errnoText())
    }
    self.descriptor = FileDescriptorBox(fd: fd, closesOnDeinit: true)
    self.path = path
  }

  /// Opens `path`, whose last component starts at its UTF-8 offset `nameStart`, relative to
  /// the open directory `directory` (`openat(2)`): the kernel resolves one component instead
  /// of the whole path.
  ///
  /// - Throws: ``IngestionError/unreadable(path:reason:)``, naming `path`.
  init(path: String, nameStart: Int, in directory: Int32) throws {
    let fd = path.withCString { full in openat(directory, full + nameStart, O_RDONLY) }
    guard fd >= 0 else {
      throw IngestionError.unreadable(path: path, reason: Self.errnoText())
    }
    self.descriptor = FileDescriptorBox(fd: fd, closesOnDeinit: true)
    self.path = path
  }

  private init(standardInputPath: String) {
    self.descriptor = FileDescriptorBox(fd: 0, closesOnDeinit: false)
    self.path = standardInputPath
  }

  /// The process' standard input (`canary ingest -`).
  public static var standardInput: FileSource { FileSource(standardInputPath: "-") }

  /// The size of a regular file in bytes (nil for pipes and terminals).
  public var regularFileSize: Int? {
    identity.map { Int($0.size) }
  }

  /// What identifies a regular file's content now (nil for pipes and terminals): one
  /// `fstat(2)`.
  public var identity: FileIdentity? {
    var status = stat()
    guard fstat(descriptor.fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
      return nil
    }
    #if canImport(Darwin)
      let modified = status.st_mtimespec
      let changed = status.st_ctimespec
    #else
      let modified = status.st_mtim
      let changed = status.st_ctim
    #endif
    return FileIdentity(
      device: Int64(truncatingIfNeeded: status.st_dev),
      inode: Int64(truncatingIfNeeded: status.st_ino), size: Int64(status.st_size),
      modified: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec),
      changed: Int64(changed.tv_sec) * 1_000_000_000 + Int64(changed.tv_nsec))
  }

  /// Reads up to `buffer.count` bytes; returns 0 at the end of the file.
  public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    if let readAhead, readAhead.probes {
      let count = canary_read_if_cached(descriptor.fd, base, buffer.count)
      // 0 goes on to the plain read, which tells the end of the file apart: Linux 5.9 and
      // 5.10 returned 0, not EAGAIN, where the cached part of a file ended.
      if count > 0 { return count }
      if count < 0 {
        switch errno {
        case EAGAIN: readAhead.missed()
        case EINTR: break
        // Anything else (this file system cannot tell, or a read error): the plain read below
        // decides, and reports an error by the file's name.
        default: readAhead.probes = false
        }
      }
    }
    while true {
      #if canImport(Glibc)
        let count = Glibc.read(descriptor.fd, base, buffer.count)
      #else
        let count = Darwin.read(descriptor.fd, base, buffer.count)
      #endif
      if count >= 0 { return count }
      // A signal (e.g. SIGWINCH from resizing the terminal) interrupts reads of pipes; retry.
      if errno == EINTR { continue }
      throw IngestionError.unreadable(path: path, reason: Self.errnoText())
    }
  }

  /// Asks the kernel to start reading the whole file into the page cache, without waiting.
  func adviseWillNeed() {
    _ = canary_advise_will_need(descriptor.fd)
  }

  private static func errnoText() -> String {
    guard let text = strerror(errno) else { return "error \(errno)" }
    return String(cString: text)
  }
}

/// Owns a file descriptor so that copies of ``FileSource`` close it exactly once.
private final class FileDescriptorBox {
  let fd: Int32
  let closesOnDeinit: Bool

  init(fd: Int32, closesOnDeinit: Bool) {
    self.fd = fd
    self.closesOnDeinit = closesOnDeinit
  }

  deinit {
    if closesOnDeinit { close(fd) }
  }
}

/// A pool worker's look at the files of the chunk it parses, for reading a directory of
/// scrapes from a cold disk.
///
/// While every file comes from the page cache it costs nothing: a worker's reads ask first
/// for cached bytes only (``FileSource``), which is the same one system call. Once a read
/// would wait for the device, every file of the chunk after the one being read is handed to
/// `advise` (the kernel is asked to start reading it, `POSIX_FADV_WILLNEED`), each at most
/// once, before the worker waits for its own read: the device then has the chunk's files in
/// flight together instead of one small read after another, each a full round trip.
/// Not thread-safe: one per worker.
final class ReadAhead {
  private var paths: [String?] = []
  /// The files before it are read or advised.
  private var next = 0
  private let advise: (String) -> Void
  /// False once a read showed that the system or file system cannot tell cached bytes from
  /// others; reads are then plain reads.
  var probes = true
  /// Files advised so far.
  private(set) var advised = 0
  /// Reads that would have waited for the device.
  private(set) var misses = 0

  /// A look-ahead calling `advise` with each file to read ahead.
  init(advise: @escaping (String) -> Void) {
    self.advise = advise
  }

  /// Starts a chunk of inputs, the files among them by path (nil: not a file).
  func start(_ paths: [String?]) {
    self.paths = paths
    next = 0
  }

  /// The worker reads the chunk's input `index` now.
  func reading(_ index: Int) {
    next = max(next, index + 1)
  }

  /// A read would have waited for the device: the rest of the chunk is advised.
  func missed() {
    misses += 1
    while next < paths.count {
      if let path = paths[next] {
        advise(path)
        advised += 1
      }
      next += 1
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the page cache holds of a file: for the cold-disk benchmark and the read-ahead tests,
/// which drop files from the cache and check that they are gone (or back).
public enum PageCache {
  /// Writes the open file `descriptor` back and asks the kernel to drop it from the page cache
  /// (`posix_fadvise(POSIX_FADV_DONTNEED)`, no privileges needed); true when none of it is
  /// cached afterwards. A file system that keeps files in memory (tmpfs) cannot drop them.
  @discardableResult
  public static func drop(descriptor: Int32) -> Bool {
    fsync(descriptor)
    #if os(Linux)
      posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
    #endif
    return cachedPages(descriptor: descriptor) == 0
  }

  /// The pages of the open file `descriptor` in the page cache (`mincore(2)` of a mapping):
  /// 0 for an empty file, -1 where the system cannot tell.
  public static func cachedPages(descriptor: Int32) -> Int {
    #if os(Linux)
      var status = stat()
      guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return 0 }
      let size = Int(status.st_size)
      guard let mapping = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0),
        mapping != MAP_FAILED
      else { return -1 }
      defer { munmap(mapping, size) }
      let page = Int(sysconf(Int32(_SC_PAGESIZE)))
      var vector = [UInt8](repeating: 0, count: (size + page - 1) / page)
      guard mincore(mapping, size, &vector) == 0 else { return -1 }
      return vector.reduce(0) { $0 + Int($1 & 1) }
    #else
      return -1
    #endif
  }
}

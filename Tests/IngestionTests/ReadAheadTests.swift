import Foundation
import MetricModel
import Testing

@testable import Ingestion

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A pool worker's read-ahead: nothing happens while files come from the page cache; a read
/// that would wait for the device advises the rest of the chunk, each file once; files read
/// that way hold the same bytes, and an ingest of evicted files stores what one of cached
/// files does.
@Suite struct ReadAheadTests {
  @Test func aMissAdvisesTheRestOfTheChunkOnce() {
    var advised: [String] = []
    let readAhead = ReadAhead { advised.append($0) }
    readAhead.start(["a", nil, "c", "d"])
    readAhead.reading(0)
    #expect(advised.isEmpty)
    readAhead.missed()
    #expect(advised == ["c", "d"])
    readAhead.reading(2)
    readAhead.missed()
    #expect(advised == ["c", "d"])
    readAhead.start(["e", "f", "g", "h"])
    readAhead.reading(2)
    readAhead.missed()
    #expect(advised == ["c", "d", "h"])
    #expect(readAhead.misses == 3)
    #expect(readAhead.advised == 3)
  }

  /// A directory of `count` files of `size` bytes each (different in every file), removed by
  /// the caller; the paths in order.
  static func files(count: Int, size: Int) throws -> (URL, [String]) {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("canary-readahead-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    var paths: [String] = []
    for index in 0..<count {
      var text = ""
      var line = 0
      while text.utf8.count < size {
        text += "m{file=\"\(index)\",line=\"\(line)\"} \(index * 1000 + line)\n"
        line += 1
      }
      let path = url.appendingPathComponent(String(format: "scrape-%04d.prom", index)).path
      try text.write(toFile: path, atomically: false, encoding: .utf8)
      paths.append(path)
    }
    return (url, paths)
  }

  /// Drops `path` from the page cache (written back first); true when none of it is cached
  /// afterwards. A file system that keeps files in memory (tmpfs) cannot drop them.
  static func evict(_ path: String) -> Bool {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return PageCache.drop(descriptor: fd)
  }

  /// The pages of the open file `fd` in the page cache.
  static func cachedPages(_ fd: Int32) -> Int { PageCache.cachedPages(descriptor: fd) }

  /// Whether this machine's temporary directory can drop a file from the page cache.
  static let evictionWorks: Bool = {
    guard let (url, paths) = try? files(count: 1, size: 20_000) else { return false }
    defer { try? FileManager.default.removeItem(at: url) }
    return evict(paths[0])
  }()

  /// Reads through a read-ahead cache, in small steps and in one, give the file's bytes,
  /// whether the file is cached or not.
  @Test(arguments: [7, 4096, 1 << 20])
  func readsThroughTheCacheProbeGiveTheFilesBytes(buffer: Int) throws {
    let (url, paths) = try Self.files(count: 3, size: 30_000)
    defer { try? FileManager.default.removeItem(at: url) }
    let cache = ReadCache()
    let readAhead = ReadAhead { [unowned cache] in cache.advise($0) }
    cache.readAhead = readAhead
    readAhead.start(paths)
    for (position, path) in paths.enumerated() {
      if position == 1 { _ = Self.evict(path) }
      readAhead.reading(position)
      var through = try cache.open(path)
      #expect(through.readAhead === readAhead)
      var plain = try FileSource(path: path)
      #expect(
        try ReadCacheTests.contents(&through, buffer: buffer)
          == ReadCacheTests.contents(&plain, buffer: buffer))
    }
    // Opened for advice, files are not given the read-ahead themselves.
    #expect(readAhead.probes)
  }

  /// An evicted file's first read misses the cache and advises every later file of the chunk
  /// (here all evicted too), which the kernel then reads into the cache.
  ///
  /// Under heavy writeback the kernel may keep or bring back a dropped file's pages before it
  /// is read (seen once while a build wrote its output): such a try, whose first read found
  /// the file cached, is made again with new files, up to 5 tries.
  @Test(.enabled(if: ReadAheadTests.evictionWorks))
  func anEvictedFileAdvisesTheChunksLaterFiles() throws {
    var tries = 0
    while tries < 5 {
      tries += 1
      let (url, paths) = try Self.files(count: 6, size: 40_000)
      defer { try? FileManager.default.removeItem(at: url) }
      for path in paths { #expect(Self.evict(path)) }
      let cache = ReadCache()
      let readAhead = ReadAhead { [unowned cache] in cache.advise($0) }
      cache.readAhead = readAhead
      readAhead.start(paths)
      readAhead.reading(1)
      var file = try cache.open(paths[1])
      let text = try ReadCacheTests.contents(&file, buffer: 1 << 20)
      #expect(text.hasPrefix("m{file=\"1\",line=\"0\"} 1000\n"))
      #expect(text.utf8.count >= 40_000)
      if readAhead.misses == 0 && tries < 5 { continue }
      #expect(readAhead.misses >= 1)
      #expect(readAhead.advised == 4)
      // The advice is asynchronous; the kernel reads the files in a moment.
      var cached = 0
      for _ in 0..<200 {
        cached =
          paths[2...].filter { path in
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            return Self.cachedPages(fd) > 0
          }.count
        if cached == 4 { break }
        usleep(10_000)
      }
      #expect(cached == 4)
      // The file before the one read was not advised.
      let first = open(paths[0], O_RDONLY)
      defer { close(first) }
      #expect(Self.cachedPages(first) == 0)
      break
    }
  }

  /// 40 scrape files on disk, evicted before the pooled ingest (small chunks, three workers):
  /// the stored samples are those of one thread reading them cached.
  @Test func anIngestOfEvictedFilesStoresWhatOneOfCachedFilesDoes() throws {
    let (url, paths) = try Self.files(count: 40, size: 3_000)
    defer { try? FileManager.default.removeItem(at: url) }
    func run(threads: Int) throws -> MemorySink {
      let sink = MemorySink()
      var ingestor = Ingestor(sink: sink, options: IngestOptions(now: 1_700_000_000_000))
      ingestor.limits = ParsePoolTests.limits(threads: threads)
      ingestor.limits.pooledInputBytes = 1 << 20
      _ = try ingestor.ingest([InputGroup(paths.map(IngestInput.file))])
      return sink
    }
    let single = try run(threads: 0)
    let evicted = paths.filter(Self.evict).count
    let pooled = try run(threads: 3)
    #expect(evicted == (Self.evictionWorks ? 40 : evicted))
    // One series per line of every file.
    let lines = try paths.reduce(0) { total, path in
      try total + String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
    }
    #expect(single.state.series.count == lines)
    let same = ParsePoolTests.contents(pooled.state) == ParsePoolTests.contents(single.state)
    #expect(same, "the stored samples differ")
  }
}

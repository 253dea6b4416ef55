import Foundation
import Ingestion
import MetricModel
import Store

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `canary ingest` as a use case: command-line paths → inputs → parsers and the ingest
/// pipeline → the database.
public enum IngestWorkflow {
  /// Ingests `paths` (files, directories, `-` for standard input) into the database at
  /// `databasePath`, created and migrated if needed once every path was found. Unless
  /// `options` set them, `CANARY_INGEST_THREADS` gives the parser workers.
  ///
  /// - Throws: ``IngestionError`` for missing, unreadable or malformed inputs (the inputs
  ///   before a malformed one stay stored), `StoreError` when the database fails.
  public static func run(
    paths: [String], options: IngestOptions, databasePath: String,
    progress: Ingestor.Progress? = nil
  ) throws -> IngestResult {
    let groups = try inputGroups(for: paths)
    let database = try CanaryDatabase.open(path: databasePath)
    var options = options
    if options.parserThreads == nil,
      let text = ProcessInfo.processInfo.environment["CANARY_INGEST_THREADS"]
    {
      options.parserThreads = Int(text)
    }
    return try Ingestor(sink: database, options: options, progress: progress).ingest(groups)
  }

  /// Turns command-line paths into input groups, one per path: `-` is standard input, a
  /// directory is every regular file below it (hidden ones excluded), sorted by path.
  public static func inputGroups(for paths: [String]) throws -> [InputGroup] {
    try paths.map { path in
      if path == "-" { return InputGroup([.standardInput]) }
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw IngestionError.missingInput(path: path)
      }
      guard isDirectory.boolValue else { return InputGroup([.file(path)]) }
      return InputGroup(try files(below: path))
    }
  }

  /// Every regular, non-hidden file below the directory `path`, sorted by path.
  ///
  /// Read with `readdir(3)` and its entry types: a directory of scrapes holds tens of
  /// thousands of files, and Foundation's enumerator with a `stat` per entry costs more than
  /// parsing some of them. The subdirectories of `path` are listed on every core at once, and
  /// the paths are gathered as bytes, each made a `String` once, in its place in the result,
  /// also on every core (the per-pod benchmark directory, 45,800 files in 100 directories,
  /// took 35 ms on one core before its first file was parsed, 4% of the whole ingest).
  private static func files(below path: String) throws -> [IngestInput] {
    let top = try Listing(directory: Array(path.utf8))
    let subdirectories = top.order.filter { top.entries[$0].isDirectory }
    let parallel = subdirectories.count >= 2
    var below = [Result<FoundPaths, any Error>](
      repeating: .success(FoundPaths()), count: parallel ? subdirectories.count : 0)
    if parallel {
      below.withUnsafeMutableBufferPointer { results in
        let results = UnsafeSendable(results)
        DispatchQueue.concurrentPerform(iterations: subdirectories.count) { index in
          results.value[index] = Result {
            var found = FoundPaths()
            try appendFiles(below: top.path(of: subdirectories[index]), to: &found)
            return found
          }
        }
      }
    }
    // The parts in path order: runs of the top directory's own files, and what each
    // subdirectory holds (the first error in that order is the one reported).
    var parts: [FoundPaths] = []
    var current = FoundPaths()
    var next = 0
    for index in top.order {
      if !top.entries[index].isDirectory {
        current.append(index, of: top)
      } else if !parallel {
        try appendFiles(below: top.path(of: index), to: &current)
      } else {
        if current.count > 0 { parts.append(current) }
        current = FoundPaths()
        parts.append(try below[next].get())
        next += 1
      }
    }
    if current.count > 0 { parts.append(current) }
    var starts: [Int] = []
    var total = 0
    for part in parts {
      starts.append(total)
      total += part.count
    }
    guard total > 0 else { throw IngestionError.emptyDirectory(path: path) }
    return Array(unsafeUninitializedCapacity: total) { [parts, starts, total] buffer, initialized in
      let out = UnsafeSendable(buffer.baseAddress!)
      let blocks = max(1, min(64, total / 2048))
      DispatchQueue.concurrentPerform(iterations: blocks) { block in
        let range = (total * block / blocks)..<(total * (block + 1) / blocks)
        // The part holding the block's first path.
        var part = 0
        while part + 1 < parts.count && starts[part + 1] <= range.lowerBound { part += 1 }
        for position in range {
          while position - starts[part] >= parts[part].count { part += 1 }
          (out.value + position).initialize(to: .file(parts[part].path(position - starts[part])))
        }
      }
      initialized = total
    }
  }

  /// A value handed to the threads of `concurrentPerform`, each of which touches its own part.
  private struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
  }

  /// File paths in order, their bytes in one buffer.
  private struct FoundPaths {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    var count: Int { ends.count }

    /// Appends the path of entry `index` of `listing`.
    mutating func append(_ index: Int, of listing: Listing) {
      let entry = listing.entries[index]
      bytes.append(contentsOf: listing.prefix)
      listing.bytes.withUnsafeBufferPointer { names in
        bytes.append(
          contentsOf: UnsafeBufferPointer(
            rebasing: names[entry.start..<(entry.start + entry.count)]))
      }
      ends.append(bytes.count)
    }

    func path(_ index: Int) -> String {
      let start = index == 0 ? 0 : ends[index - 1]
      return bytes.withUnsafeBufferPointer { bytes in
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<ends[index]]), as: UTF8.self)
      }
    }
  }

  /// Appends the files below `directory` in the order of their paths, without sorting them
  /// all: its entries are sorted by name, a subdirectory's with the `/` that follows it in the
  /// paths below it, and each subdirectory is listed where its name sorts (the paths sharing
  /// a prefix are neighbours in the sorted list). Fewer and shorter comparisons: on a
  /// directory of 45,800 scrapes the global sort took 19 ms, a fifth of the time before the
  /// first file was parsed.
  private static func appendFiles(below directory: [UInt8], to found: inout FoundPaths) throws {
    let listing = try Listing(directory: directory)
    for index in listing.order {
      if listing.entries[index].isDirectory {
        try appendFiles(below: listing.path(of: index), to: &found)
      } else {
        found.append(index, of: listing)
      }
    }
  }

  /// One directory's entries, their names in one buffer (no string per name), in the order
  /// of their names.
  private struct Listing {
    /// The directory's path with its final `/`.
    let prefix: [UInt8]
    /// Every entry's name, a directory's followed by `/`.
    private(set) var bytes: [UInt8] = []
    private(set) var entries: [(start: Int, count: Int, isDirectory: Bool)] = []
    /// Indices into `entries` in the order of their names.
    private(set) var order: [Int] = []

    /// Lists the directory whose path is `directory`: regular files (or links to them) and
    /// directories, hidden ones left out.
    init(directory: [UInt8]) throws {
      guard
        let handle = (directory + [0]).withUnsafeBufferPointer({ path in
          path.withMemoryRebound(to: CChar.self) { opendir($0.baseAddress!) }
        })
      else {
        throw IngestionError.unreadable(
          path: String(decoding: directory, as: UTF8.self), reason: "cannot list directory")
      }
      defer { closedir(handle) }
      let prefix = directory.last == UInt8(ascii: "/") ? directory : directory + [UInt8(ascii: "/")]
      self.prefix = prefix
      let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 0
      while let entry = readdir(handle) {
        let name = UnsafeRawPointer(entry).advanced(by: nameOffset)
          .assumingMemoryBound(to: UInt8.self)
        let count = strlen(name)
        guard count > 0, name[0] != UInt8(ascii: ".") else { continue }
        let text = UnsafeBufferPointer(start: name, count: count)
        let found = IngestWorkflow.kind(of: entry.pointee.d_type) {
          String(decoding: prefix + text, as: UTF8.self)
        }
        guard found != .other else { continue }
        let start = bytes.count
        bytes.append(contentsOf: text)
        if found == .directory { bytes.append(UInt8(ascii: "/")) }
        entries.append((start, bytes.count - start, found == .directory))
      }
      order = IngestWorkflow.orderOfNames(entries.map { ($0.start, $0.count) }, in: bytes)
    }

    /// The path of entry `index`; a directory's without the `/` its name has in `bytes` (its
    /// own listing adds it back, and an error names the directory as a user writes it).
    func path(of index: Int) -> [UInt8] {
      let entry = entries[index]
      let end = entry.start + entry.count - (entry.isDirectory ? 1 : 0)
      return prefix + bytes[entry.start..<end]
    }
  }

  /// The order of the names `spans` of `bytes`, as `String` sorts them. Names of ASCII alone
  /// (a collector's `app-1-1788220800.prom`) are compared as bytes, which is the same order and
  /// far cheaper than `String`'s comparison (its Unicode path for names this long): the first 16
  /// bytes after the prefix all names share, as two big-endian words, decide most comparisons
  /// (`app-1-1788220800.prom` and `app-1-1788220815.prom` differ only in their 15th byte).
  /// Other names sort as Strings (canonical equivalence).
  static func orderOfNames(_ spans: [(start: Int, count: Int)], in bytes: [UInt8]) -> [Int] {
    guard spans.count > 1 else { return Array(spans.indices) }
    guard bytes.allSatisfy({ $0 < 0x80 }) else {
      let names = spans.map { span in
        String(decoding: bytes[span.start..<(span.start + span.count)], as: UTF8.self)
      }
      return spans.indices.sorted { names[$0] < names[$1] }
    }
    return bytes.withUnsafeBufferPointer { buffer -> [Int] in
      let base = buffer.baseAddress!
      var shared = spans[0].count
      for span in spans.dropFirst() where shared > 0 {
        var common = 0
        let limit = min(shared, span.count)
        while common < limit && base[spans[0].start + common] == base[span.start + common] {
          common += 1
        }
        shared = common
      }
      func word(_ span: (start: Int, count: Int), from offset: Int) -> UInt64 {
        var word: UInt64 = 0
        for position in offset..<(offset + 8) {
          word = word << 8 | UInt64(position < span.count ? base[span.start + position] : 0)
        }
        return word
      }
      var keys = spans.enumerated().map { index, span in
        (first: word(span, from: shared), second: word(span, from: shared + 8), index: index)
      }
      keys.sort { left, right in
        if left.first != right.first { return left.first < right.first }
        if left.second != right.second { return left.second < right.second }
        let a = spans[left.index]
        let b = spans[right.index]
        let order = memcmp(base + a.start, base + b.start, min(a.count, b.count))
        return order != 0 ? order < 0 : a.count < b.count
      }
      return keys.map(\.index)
    }
  }

  fileprivate enum EntryKind { case directory, file, other }

  /// What a directory entry is: a directory to descend into, a file to ingest (a regular file,
  /// or a symbolic link to one; links to directories are not followed), or neither.
  fileprivate static func kind(of type: UInt8, at path: () -> String) -> EntryKind {
    var status = stat()
    switch Int32(type) {
    case Int32(DT_DIR): return .directory
    case Int32(DT_REG): return .file
    case Int32(DT_LNK):
      guard stat(path(), &status) == 0 else { return .other }
      return status.st_mode & S_IFMT == S_IFREG ? .file : .other
    case Int32(DT_UNKNOWN):
      // File systems that do not report entry types: ask without following links first.
      let path = path()
      guard lstat(path, &status) == 0 else { return .other }
      if status.st_mode & S_IFMT == S_IFDIR { return .directory }
      if status.st_mode & S_IFMT == S_IFLNK { return kind(of: UInt8(DT_LNK), at: { path }) }
      return status.st_mode & S_IFMT == S_IFREG ? .file : .other
    default: return .other
    }
  }
}

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
      return InputGroup(try files(below: path).map(IngestInput.file))
    }
  }

  /// Every regular, non-hidden file below the directory `path`, sorted by path.
  ///
  /// Read with `readdir(3)` and its entry types: a directory of scrapes holds tens of
  /// thousands of files, and Foundation's enumerator with a `stat` per entry costs more than
  /// parsing some of them.
  private static func files(below path: String) throws -> [String] {
    var found: [String] = []
    try appendFiles(below: path, to: &found)
    guard !found.isEmpty else { throw IngestionError.emptyDirectory(path: path) }
    return found
  }

  /// Appends the files below `directory` in the order of their paths, without sorting them
  /// all: its entries are sorted by name, a subdirectory's with the `/` that follows it in the
  /// paths below it, and each subdirectory is listed where its name sorts (the paths sharing
  /// a prefix are neighbours in the sorted list). Fewer and shorter comparisons: on a
  /// directory of 45,800 scrapes the global sort took 19 ms, a fifth of the time before the
  /// first file was parsed.
  private static func appendFiles(below directory: String, to found: inout [String]) throws {
    guard let handle = opendir(directory) else {
      throw IngestionError.unreadable(path: directory, reason: "cannot list directory")
    }
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    var entries: [(key: String, isDirectory: Bool)] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name.utf8.first == UInt8(ascii: ".") { continue }
      switch kind(of: entry.pointee.d_type, at: { prefix + name }) {
      case .directory: entries.append((name + "/", true))
      case .file: entries.append((name, false))
      case .other: break
      }
    }
    closedir(handle)
    sortByName(&entries)
    for entry in entries {
      if entry.isDirectory {
        try appendFiles(below: prefix + entry.key.dropLast(), to: &found)
      } else {
        found.append(prefix + entry.key)
      }
    }
  }

  /// Sorts directory entries by name in `String` order. Names of ASCII alone (a collector's
  /// `app-1-1788220800.prom`) are compared as bytes, which is the same order: `String`'s
  /// comparison of longer names takes its Unicode path, and a directory of 240 scrapes makes
  /// some 1,900 comparisons. The names' bytes are copied into one buffer for that.
  static func sortByName(_ entries: inout [(key: String, isDirectory: Bool)]) {
    var bytes: [UInt8] = []
    var spans: [(start: Int, count: Int, entry: Int)] = []
    spans.reserveCapacity(entries.count)
    var high: UInt8 = 0
    for (position, entry) in entries.enumerated() {
      let start = bytes.count
      let copied = entry.key.utf8.withContiguousStorageIfAvailable { name in
        bytes.append(contentsOf: name)
        for byte in name { high |= byte }
      }
      if copied == nil {
        for byte in entry.key.utf8 {
          high |= byte
          bytes.append(byte)
        }
      }
      spans.append((start, bytes.count - start, position))
    }
    guard high < 0x80 else {
      entries.sort { $0.key < $1.key }
      return
    }
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      spans.sort { left, right in
        let common = min(left.count, right.count)
        let order = memcmp(base + left.start, base + right.start, common)
        return order != 0 ? order < 0 : left.count < right.count
      }
    }
    entries = spans.map { entries[$0.entry] }
  }

  private enum EntryKind { case directory, file, other }

  /// What a directory entry is: a directory to descend into, a file to ingest (a regular file,
  /// or a symbolic link to one; links to directories are not followed), or neither.
  private static func kind(of type: UInt8, at path: () -> String) -> EntryKind {
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

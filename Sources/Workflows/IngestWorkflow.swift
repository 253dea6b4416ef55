import Foundation
import Ingestion
import MetricModel
import Store

/// `canary ingest` as a use case: command-line paths → inputs → parsers and the ingest
/// pipeline → the database.
public enum IngestWorkflow {
  /// Ingests `paths` (files, directories, `-` for standard input) into the database at
  /// `databasePath`, created and migrated if needed once every path was found.
  ///
  /// - Throws: ``IngestionError`` for missing, unreadable or malformed inputs (the inputs
  ///   before a malformed one stay stored), `StoreError` when the database fails.
  public static func run(
    paths: [String], options: IngestOptions, databasePath: String,
    progress: Ingestor.Progress? = nil
  ) throws -> IngestResult {
    let groups = try inputGroups(for: paths)
    let database = try CanaryDatabase.open(path: databasePath)
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

  /// Every regular, non-hidden file below the directory `path`, sorted.
  private static func files(below path: String) throws -> [String] {
    let files = FileManager.default
    guard let walker = files.enumerator(atPath: path) else {
      throw IngestionError.unreadable(path: path, reason: "cannot list directory")
    }
    var found: [String] = []
    while let relative = walker.nextObject() as? String {
      let name = (relative as NSString).lastPathComponent
      if name.hasPrefix(".") {
        walker.skipDescendants()
        continue
      }
      let full = (path as NSString).appendingPathComponent(relative)
      var nested: ObjCBool = false
      if files.fileExists(atPath: full, isDirectory: &nested), !nested.boolValue {
        found.append(full)
      }
    }
    guard !found.isEmpty else { throw IngestionError.emptyDirectory(path: path) }
    return found.sorted()
  }
}

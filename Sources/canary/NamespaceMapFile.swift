import Foundation
import Ingestion

/// `--namespace-map FILE` and `--namespace-revision NS=REV`, as ingest, pull and analyze take
/// them.
enum NamespaceMapFile {
  /// The map of the file (if any) with the pairs on top (the flags win).
  static func load(path: String?, pairs: [String]) throws -> NamespaceMap {
    var map = NamespaceMap()
    if let path {
      guard FileManager.default.fileExists(atPath: path) else {
        throw IngestionError.missingInput(path: path)
      }
      guard let data = FileManager.default.contents(atPath: path),
        let text = String(data: data, encoding: .utf8)
      else {
        throw IngestionError.unreadable(path: path, reason: "not UTF-8 text")
      }
      do {
        map = try NamespaceMap.parseKubectlTable(text)
      } catch let error as NamespaceMapError {
        throw IngestionError.badNamespaceMap(path: path, error: error)
      }
    }
    for text in pairs {
      if let (namespace, revision) = NamespaceMap.pair(text) { map.set(namespace, to: revision) }
    }
    return map
  }
}

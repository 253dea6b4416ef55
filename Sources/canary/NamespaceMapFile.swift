import Foundation
import Ingestion
import MetricModel

/// `--namespace-map FILE[@TIME]` and `--namespace-revision NS=REV[@TIME]`, as ingest, pull and
/// analyze take them.
enum NamespaceMapFile {
  /// The map of the file (if any) with the pairs on top (the flags win), without times.
  static func load(path: String?, pairs: [String]) throws -> NamespaceMap {
    try load(paths: path.map { [$0] } ?? [], pairs: pairs, now: 0)
  }

  /// The maps of the files, each from its `@TIME` on (without one, from the beginning), with
  /// the pairs on top (at the same time, the flags win). Relative times count from `now`.
  ///
  /// - Throws: `IngestionError` for a missing, unreadable or malformed file,
  ///   `TimeSpecification.Invalid` for a time that cannot be read.
  static func load(paths: [String], pairs: [String], now: Int64) throws -> NamespaceMap {
    var map = NamespaceMap()
    for argument in paths {
      let (path, time) = split(argument)
      let start = try time.map { try TimeSpecification.milliseconds($0, now: now) }
      map.merge(try read(path), from: start)
    }
    for text in pairs {
      let (pair, time) = NamespaceMap.timed(text)
      guard let (namespace, revision) = NamespaceMap.pair(pair) else { continue }
      let start = try time.map { try TimeSpecification.milliseconds($0, now: now) }
      map.set(namespace, to: revision, from: start)
    }
    return map
  }

  /// `FILE@TIME` → the file and the time's text; a path that names a file whole keeps its `@`.
  private static func split(_ argument: String) -> (path: String, time: String?) {
    if FileManager.default.fileExists(atPath: argument) { return (argument, nil) }
    let (path, time) = NamespaceMap.timed(argument)
    return (path, time)
  }

  /// One `kubectl get namespaces -L istio.io/rev` file.
  private static func read(_ path: String) throws -> NamespaceMap {
    guard FileManager.default.fileExists(atPath: path) else {
      throw IngestionError.missingInput(path: path)
    }
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else {
      throw IngestionError.unreadable(path: path, reason: "not UTF-8 text")
    }
    do {
      return try NamespaceMap.parseKubectlTable(text)
    } catch let error as NamespaceMapError {
      throw IngestionError.badNamespaceMap(path: path, error: error)
    }
  }
}

import Foundation
import Testing

/// One input of prometheus/common's `expfmt/text_parse_test.go` scenarios
/// (`Fixtures/prometheus-scenarios/`, written by `extract_prometheus_scenarios.py`).
struct PrometheusScenario: CustomStringConvertible, Sendable {
  /// Which folder the input is in, by what upstream's `TextParser` does with it.
  enum Kind: String, Sendable {
    /// `good/`: accepted (`TestTextParse`).
    case good
    /// `bad/`: refused under UTF-8 name validation (`TestTextParseError`).
    case bad
    /// `legacy-bad/`: accepted under UTF-8 validation, refused only under the legacy scheme.
    case legacyBad = "legacy-bad"
  }

  /// One entry of `scenarios.json`.
  struct Entry: Decodable, Sendable {
    var file: String
    var function: String
    var index: Int
    var comment: String
    var quotedNames: Bool
    var errorUTF8: String?
    var errorLegacy: String?
    /// The line upstream's error names (error scenarios only).
    var line: Int?
  }

  var entry: Entry
  var kind: Kind
  var bytes: [UInt8]

  /// The path below the folder, e.g. `bad/text_parse_error_04`.
  var name: String { entry.file }
  var description: String { name }

  /// The fixture folder.
  static func root() throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
      .appendingPathComponent("prometheus-scenarios")
  }

  /// Every scenario of the manifest, in its order, with the bytes of its file.
  static func all() throws -> [PrometheusScenario] {
    let root = try root()
    let manifest = try Data(contentsOf: root.appendingPathComponent("scenarios.json"))
    let entries = try JSONDecoder().decode([Entry].self, from: manifest)
    return try entries.map { entry in
      let folder = String(entry.file.prefix { $0 != "/" })
      let kind = try #require(Kind(rawValue: folder), "unknown folder of \(entry.file)")
      let bytes = try Data(contentsOf: root.appendingPathComponent(entry.file))
      return PrometheusScenario(entry: entry, kind: kind, bytes: Array(bytes))
    }
  }

  /// The input files on disk, `folder/name`, sorted.
  static func filesOnDisk() throws -> [String] {
    let root = try root()
    var files: [String] = []
    for kind in [Kind.good, .bad, .legacyBad] {
      let folder = root.appendingPathComponent(kind.rawValue)
      let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      files += names.map { "\(kind.rawValue)/\($0)" }
    }
    return files.sorted()
  }
}

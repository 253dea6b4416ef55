import Foundation
import Ingestion
import Testing

/// One case of the official OpenMetrics parser suite (`Fixtures/openmetrics-suite/`).
struct OpenMetricsSuiteCase: CustomStringConvertible, Sendable {
  /// The case folder's name, e.g. `bad_counter_values_1`.
  var name: String
  /// The exposition bytes (`metrics`).
  var bytes: [UInt8]
  /// `test.json`'s `shouldParse`.
  var shouldParse: Bool

  var description: String { name }

  /// The `test.json` fields the suite uses.
  private struct Manifest: Decodable {
    var type: String
    var file: String
    var shouldParse: Bool
  }

  /// Every case folder of the vendored suite, sorted by name.
  static func all() throws -> [OpenMetricsSuiteCase] {
    let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
      .appendingPathComponent("openmetrics-suite")
    let names = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { name in
      var isDirectory: ObjCBool = false
      let path = root.appendingPathComponent(name).path
      return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        && isDirectory.boolValue
    }
    return try names.sorted().map { name in
      let folder = root.appendingPathComponent(name)
      let manifest = try JSONDecoder().decode(
        Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("test.json")))
      let bytes = try Data(contentsOf: folder.appendingPathComponent(manifest.file))
      return OpenMetricsSuiteCase(
        name: name, bytes: Array(bytes), shouldParse: manifest.shouldParse)
    }
  }
}

@Suite struct OpenMetricsSuiteTests {
  /// `--strict --format openmetrics` agrees with `shouldParse` on every case of the suite.
  @Test func strictModeAgreesWithTheWholeSuite() throws {
    let cases = try OpenMetricsSuiteCase.all()
    #expect(cases.count == 211)
    #expect(cases.filter(\.shouldParse).count == 44)
    var disagreements: [String] = []
    for suiteCase in cases {
      let error = parseError(bytes: suiteCase.bytes, format: .openmetrics, strict: true)
      if suiteCase.shouldParse, let error {
        disagreements.append("\(suiteCase.name): refused: \(error)")
      } else if !suiteCase.shouldParse && error == nil {
        disagreements.append("\(suiteCase.name): accepted")
      }
    }
    let agreed = cases.count - disagreements.count
    let report = disagreements.joined(separator: "\n")
    #expect(agreed == 211, "\(agreed) of \(cases.count) agree:\n\(report)")
  }

  /// Suite cases and the rule each refusal names.
  static let namedRules: [(String, String)] = [
    ("bad_counter_values_1", "2:1: OpenMetrics: counter _total value must not be negative"),
    ("bad_counter_values_0", "OpenMetrics: counter _total value must not be NaN"),
    ("bad_counter_values_19", "summary quantile value must not be negative"),
    ("bad_histograms_9", "buckets must be in increasing order of le"),
    ("bad_histograms_10", "bucket values must not decrease"),
    ("bad_histograms_11", "count 1.0 differs from the +Inf bucket 0.0"),
    ("bad_histograms_3", "has negative buckets, so it may not have _sum"),
    ("bad_histograms_7", "has a negative _gsum but no negative bucket"),
    ("bad_grouping_or_ordering_5", "timestamp goes back within one group"),
    ("bad_grouping_or_ordering_9", "some samples of one group have a timestamp"),
    ("bad_grouping_or_ordering_3", "uses the name \"a_sum\" of an earlier family"),
    ("bad_clashing_names_2", "uses the name \"a_created\" of an earlier family"),
    ("bad_exemplars_on_unallowed_samples_0", "exemplar on \"a_sum\""),
    ("bad_info_and_stateset_values_0", "info value must be 1"),
    ("bad_info_and_stateset_values_1", "stateset value must be 0 or 1"),
    ("bad_metadata_in_wrong_place_1", "3:8: OpenMetrics: # HELP for \"a\" after its samples"),
    ("bad_unit_6", "info family \"x_u\" may not have a unit"),
    ("bad_histograms_12", "infinite bounds are written +Inf or -Inf"),
    ("bad_no_eof", "missing \"# EOF\""),
  ]

  @Test func refusalsNameTheRule() throws {
    let cases = Dictionary(
      uniqueKeysWithValues: try OpenMetricsSuiteCase.all().map { ($0.name, $0) })
    #expect(Self.namedRules.count == 19)
    for (name, expected) in Self.namedRules {
      let suiteCase = try #require(cases[name], "no case \(name)")
      let error = try #require(
        parseError(bytes: suiteCase.bytes, format: .openmetrics, strict: true), "\(name)")
      #expect(error.description.contains(expected), "\(name): \(error)")
    }
  }

  /// Every refusal names an OpenMetrics position: a line and column inside the input.
  @Test func everyRefusalHasAPosition() throws {
    let cases = try OpenMetricsSuiteCase.all().filter { !$0.shouldParse }
    #expect(cases.count == 167)
    for suiteCase in cases {
      guard let error = parseError(bytes: suiteCase.bytes, format: .openmetrics, strict: true)
      else { continue }
      let lines = suiteCase.bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
      #expect(error.line >= 1 && error.line <= max(lines, 1), "\(suiteCase.name): \(error)")
      #expect(error.column >= 1, "\(suiteCase.name): \(error)")
      #expect(!error.message.isEmpty)
    }
  }
}

import Foundation
import Ingestion
import Testing

/// One input of prometheus/common's text parser corpus (`Fixtures/prometheus-corpus/`).
struct PrometheusCorpusInput: CustomStringConvertible, Sendable {
  /// The file name, e.g. `from_test_parse_error_4`.
  var name: String
  var bytes: [UInt8]
  /// True for the inputs upstream's `TextParser` accepts (`from_test_parse_N`, `minimal`).
  var isGood: Bool

  var description: String { name }

  /// Every corpus input, sorted by name.
  static func all() throws -> [PrometheusCorpusInput] {
    let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
      .appendingPathComponent("prometheus-corpus")
    let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
      .filter { !$0.hasSuffix(".md") && $0 != "LICENSE" }
    return try names.sorted().map { name in
      let bytes = try Data(contentsOf: root.appendingPathComponent(name))
      return PrometheusCorpusInput(
        name: name, bytes: Array(bytes), isGood: !name.hasPrefix("from_test_parse_error_"))
    }
  }
}

@Suite struct PrometheusCorpusTests {
  /// Good inputs parse in both modes; bad ones are refused under `--strict`.
  @Test func agreesWithTheTextParserCorpus() throws {
    let inputs = try PrometheusCorpusInput.all()
    #expect(inputs.count == 26)
    #expect(inputs.filter(\.isGood).count == 6)
    var disagreements: [String] = []
    for input in inputs {
      let strict = parseError(bytes: input.bytes, format: .prometheus, strict: true)
      let lenient = parseError(bytes: input.bytes, format: .prometheus, strict: false)
      if input.isGood {
        if let strict { disagreements.append("\(input.name): strict refused: \(strict)") }
        if let lenient { disagreements.append("\(input.name): lenient refused: \(lenient)") }
      } else if strict == nil {
        disagreements.append("\(input.name): strict accepted")
      }
    }
    let report = disagreements.joined(separator: "\n")
    #expect(
      disagreements.isEmpty,
      "\(inputs.count - Set(disagreements.map { $0.prefix { $0 != ":" } }).count) of \(inputs.count) agree:\n\(report)"
    )
  }

  /// Auto-detection reads every good input as Prometheus text and accepts it.
  @Test func goodInputsParseWithDetection() throws {
    let good = try PrometheusCorpusInput.all().filter(\.isGood)
    #expect(good.count == 6)
    for input in good {
      let (_, format) = try parse(bytes: input.bytes)
      #expect(format == .prometheus, "\(input.name)")
    }
  }
}

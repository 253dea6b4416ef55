import Foundation
import Ingestion
import Testing

/// canary against the scenarios of prometheus/common's `TextParser` tests
/// (`expfmt/text_parse_test.go` at d2417e2, `Fixtures/prometheus-scenarios/NOTICE.md`).
@Suite struct PrometheusScenarioTests {
  /// The manifest lists every input file once, and nothing else is in the folders.
  @Test func manifestListsEveryFile() throws {
    let scenarios = try PrometheusScenario.all()
    #expect(scenarios.count == 66)
    #expect(scenarios.map(\.name).sorted() == (try PrometheusScenario.filesOnDisk()))
    #expect(scenarios.filter { $0.entry.function == "testTextParse" }.count == 18)
    #expect(scenarios.filter { $0.entry.function == "testTextParseError" }.count == 48)
  }

  /// Every input upstream accepts parses as Prometheus text in the lenient mode and under
  /// `--strict`: the 18 of `TestTextParse` and the 2 only the legacy name scheme refuses
  /// (canary validates names as UTF-8, the default of prometheus/common and Prometheus 3).
  @Test func acceptedInputsParseInBothModes() throws {
    let accepted = try PrometheusScenario.all().filter { $0.kind != .bad }
    #expect(accepted.count == 20)
    #expect(accepted.filter { $0.kind == .legacyBad }.count == 2)
    #expect(accepted.filter(\.entry.quotedNames).count == 9)
    var refusals: [String] = []
    for scenario in accepted {
      for strict in [false, true] {
        if let error = parseError(bytes: scenario.bytes, format: .prometheus, strict: strict) {
          refusals.append("\(scenario.name) (\(strict ? "strict" : "lenient")): \(error)")
        }
      }
    }
    #expect(refusals.isEmpty, "\(refusals.count) refusals:\n\(refusals.joined(separator: "\n"))")
  }

  /// Every input upstream refuses is refused under `--strict`, with a one-line error at a
  /// line and column inside the input, on the line upstream's error names.
  @Test func refusedInputsFailUnderStrict() throws {
    let refused = try PrometheusScenario.all().filter { $0.kind == .bad }
    #expect(refused.count == 46)
    var problems: [String] = []
    for scenario in refused {
      guard let error = parseError(bytes: scenario.bytes, format: .prometheus, strict: true)
      else {
        problems.append("\(scenario.name): strict accepted")
        continue
      }
      let lines = scenario.bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
      let upstreamLine = try #require(scenario.entry.line, "\(scenario.name) has no line")
      if error.line != upstreamLine {
        problems.append("\(scenario.name): line \(error.line), upstream \(upstreamLine): \(error)")
      }
      if error.line < 1 || error.line > lines.count || error.column < 1 {
        problems.append("\(scenario.name): position outside the input: \(error)")
      }
      if error.description.contains("\n") || error.message.isEmpty {
        problems.append("\(scenario.name): not a one-line message: \(error)")
      }
    }
    #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.joined(separator: "\n"))")
  }

  /// Without `--format`, every accepted input is detected as text and parses: Prometheus
  /// text, but for the `gaugehistogram` one, which detection takes for OpenMetrics.
  @Test func acceptedInputsParseWithDetection() throws {
    let accepted = try PrometheusScenario.all().filter { $0.kind != .bad }
    #expect(accepted.count == 20)
    var formats: [String: InputFormat] = [:]
    for scenario in accepted {
      formats[scenario.name] = try parse(bytes: scenario.bytes).1
    }
    let openMetrics = formats.filter { $0.value == .openmetrics }.keys.sorted()
    #expect(openMetrics == ["good/text_parse_15"])
    #expect(formats.values.filter { $0 == .prometheus }.count == 19)
  }

  /// The refused inputs lenient mode accepts, each by a relaxation the README lists.
  static let lenientlyAccepted: [String: String] = [
    "bad/text_parse_error_00": "no line feed after the last line",
    "bad/text_parse_error_01": "an unknown escape in a label value is kept",
    "bad/text_parse_error_04": "a __name__ label",
    "bad/text_parse_error_07": "a quantile that is not a number",
    "bad/text_parse_error_12": "a repeated # HELP",
    "bad/text_parse_error_13": "a repeated # TYPE",
    "bad/text_parse_error_14": "a # TYPE after the family's samples",
    "bad/text_parse_error_19": "an le that is not a number",
    "bad/text_parse_error_32": "an le that is not a number",
    "bad/text_parse_error_33": "a quantile that is not a number",
    "bad/text_parse_error_36": "an unknown escape in a quoted name is kept",
    "bad/text_parse_error_38": "an unknown escape in a quoted name is kept",
    "bad/text_parse_error_43": "a negative histogram _count",
    "bad/text_parse_error_44": "a negative histogram bucket",
    "bad/text_parse_error_45": "a negative histogram _count",
    "bad/text_parse_error_46": "a negative histogram bucket",
  ]

  /// Lenient mode accepts those 16 refused inputs and refuses the other 30.
  @Test func lenientModeOnRefusedInputs() throws {
    let refused = try PrometheusScenario.all().filter { $0.kind == .bad }
    #expect(refused.count == 46)
    #expect(Self.lenientlyAccepted.count == 16)
    let accepted = refused.filter { parseError(bytes: $0.bytes, format: .prometheus) == nil }
    #expect(accepted.map(\.name).sorted() == Self.lenientlyAccepted.keys.sorted())
  }

  /// Lenient mode is never stricter than strict mode: an input strict accepts, lenient
  /// accepts too, across every scenario.
  @Test func lenientAcceptsWhatStrictAccepts() throws {
    let scenarios = try PrometheusScenario.all()
    #expect(scenarios.count == 66)
    for scenario in scenarios
    where parseError(bytes: scenario.bytes, format: .prometheus, strict: true) == nil {
      let lenient = parseError(bytes: scenario.bytes, format: .prometheus, strict: false)
      #expect(lenient == nil, "\(scenario.name): \(String(describing: lenient))")
    }
  }
}

import MetricModel
import Testing

@testable import Analysis

@Suite struct ConfigurationTests {
  @Test func builtinConfigurationLoads() throws {
    let config = try AnalysisConfiguration.builtin()
    #expect(config.stepMilliseconds == 60_000)
    #expect(config.minIntervals == 10)
    #expect(config.metrics.first?.name == "error-rate")
    #expect(config.metrics.first?.critical == true)
    let rejects = try #require(config.metrics.first { $0.name == "xds-rejects" })
    #expect(rejects.threshold == Threshold(max: 0))
    #expect(config.snapshot.step == "1m")
  }

  @Test func readsEveryField() throws {
    let config = try AnalysisConfiguration(
      yaml: """
        version: 1
        step: 30s
        alpha: 0.01
        minIntervals: 5
        scoring: {pass: 90, marginal: 60}
        metrics:
          - name: p99
            kind: quantile
            histogram: h{a="b"}
            quantile: 0.99
            direction: either
            allowedIncrease: 1.2
            allowedDecrease: 0.8
            test: brunner-munzel
            group: latency
            weight: 2
          - name: mem
            kind: gauge
            query: m
            aggregate: max
        """)
    #expect(config.stepMilliseconds == 30_000)
    #expect(config.alpha == 0.01)
    #expect(config.scoring.pass == 90 && config.scoring.marginal == 60)
    let p99 = config.metrics[0]
    guard case .quantile(let histogram, _) = p99.query else {
      Issue.record("p99 is not a quantile metric: \(p99.query)")
      return
    }
    #expect(histogram.description == #"h{a="b"}"#)
    #expect(p99.direction == .either && p99.check == .test(.brunnerMunzel))
    #expect(p99.allowedDecrease == 0.8 && p99.weight == 2 && p99.scoringGroup == "latency")
    #expect(config.metrics[1].query == .gauge(query: try Selector(parsing: "m"), aggregate: .max))
  }

  @Test(arguments: [
    (
      "metrics:\n  - name: x\n    kind: rate\n    query: m\n    alowedIncrease: 2\n", 5,
      "unknown key \"alowedIncrease\""
    ),
    (
      "version: 1\nbogus: 1\nmetrics:\n  - {name: x, kind: rate, query: m}\n", 2,
      "unknown key \"bogus\""
    ),
    ("metrics:\n  - name: x\n    kind: rate\n", 2, "kind rate needs query"),
    ("metrics:\n  - name: x\n    kind: speed\n", 3, "unknown kind \"speed\""),
    ("metrics:\n  - name: x\n    kind: rate\n    query: m{a=}\n", 4, "query"),
    (
      "metrics:\n  - name: x\n    kind: rate\n    query: m\n    direction: up\n", 5,
      "direction must be one of"
    ),
    ("step: often\nmetrics:\n  - {name: x, kind: rate, query: m}\n", 1, "step must be a duration"),
    (
      "metrics:\n  - {name: x, kind: rate, query: m}\n  - {name: x, kind: rate, query: m}\n", 3,
      "defined twice"
    ),
    ("metrics: [\n", 2, "not valid YAML"),
    ("version: 2\nmetrics:\n  - {name: x, kind: rate, query: m}\n", 1, "unsupported version"),
    (
      "metrics:\n  - name: x\n    kind: gauge\n    query: m\n    quantile: 0.5\n", 5,
      "does not apply"
    ),
    (
      "metrics:\n  - name: x\n    kind: rate\n    query: m\n    allowedIncrease: 0.5\n", 5,
      "allowedIncrease"
    ),
    ("alpha: 0.05\n", 1, "no metrics"),
    ("alpha: 0.51\nmetrics:\n  - {name: x, kind: rate, query: m}\n", 1, "at most 0.5"),
    (
      "metrics:\n  - name: x\n    kind: ratio\n    numerator: e\n    denominator: r\n"
        + "    allowedAbsoluteIncrease: -1\n", 6, "allowedAbsoluteIncrease"
    ),
  ])
  func rejectsWithTheLine(yaml: String, line: Int, message: String) {
    #expect {
      _ = try AnalysisConfiguration(yaml: yaml)
    } throws: { error in
      guard let error = error as? ConfigurationError else { return false }
      return error.line == line && error.message.contains(message)
    }
  }

  /// The most sensitive configuration a calibration may measure: alpha 0.5 is accepted.
  @Test func acceptsAlphaOfOneHalf() throws {
    let configuration = try AnalysisConfiguration(
      yaml: "alpha: 0.5\nmetrics:\n  - {name: x, kind: rate, query: m}\n")
    #expect(configuration.alpha == 0.5)
  }
}

import MetricModel

/// The OpenMetrics 1.0 rules that span lines, enforced under `--strict --format openmetrics`.
///
/// A metric family is the run of lines that starts with a new name in a `# HELP`, `# TYPE`
/// or `# UNIT` line, or with a sample whose name the current family's type does not allow.
/// Within a family, metadata comes before samples, the samples of one label group are
/// together and their timestamps never decrease; counter-like values are neither NaN nor
/// negative; histograms are checked per group (see ``HistogramGroupCheck``); a name is used
/// by one family only. Each broken rule throws a ``ParseError`` naming it.
struct OpenMetricsValidator {
  /// A sample as the family rules see it.
  struct Sample {
    var name: String
    var labels: LabelSet
    var value: Double
    /// The timestamp in seconds, nil when the line has none.
    var timestamp: Double?
    var hasExemplar: Bool
    /// The 1-based line of the sample.
    var line: Int
  }

  /// The family being read.
  private struct Family {
    var name: String
    /// nil when the family has no `# TYPE` line (OpenMetrics' `unknown`).
    var type: MetricType?
    var unit: String?
    var hasSamples = false
    /// The line the family starts on.
    var line: Int
  }

  private var family: Family?
  /// Every name a finished family used (its name and its samples' names).
  private var seenNames: Set<String> = []
  /// The label group of the last sample, its timestamp, and the groups seen in the family.
  private var group: String?
  private var groupTimestamp: Double?
  private var seenGroups: Set<String> = []
  private var histogram: HistogramGroupCheck?

  /// The suffixes the samples of a `type` family carry after the family name.
  static func sampleSuffixes(of type: MetricType?) -> [String] {
    switch type {
    case .counter: return ["_total", "_created"]
    case .summary: return ["", "_count", "_sum", "_created"]
    case .histogram: return ["_count", "_sum", "_bucket", "_created"]
    case .gaugehistogram: return ["_gcount", "_gsum", "_bucket"]
    case .info: return ["_info"]
    case .gauge, .untyped, .stateset, nil: return [""]
    }
  }

  /// A `# HELP`, `# TYPE` or `# UNIT` line for `name` on `line`.
  mutating func metadata(_ keyword: String, name: String, line: Int, column: Int) throws {
    if let current = family, current.name == name {
      if current.hasSamples {
        throw ParseError(
          line: line, column: column,
          message:
            "OpenMetrics: # \(keyword) for \"\(name)\" after its samples (metadata comes first)")
      }
      return
    }
    try closeFamily()
    family = Family(name: name, line: line)
  }

  /// The current family's `# TYPE` (called after ``metadata(_:name:line:column:)``).
  mutating func declare(_ type: MetricType) {
    family?.type = type
  }

  /// The current family's `# UNIT`.
  mutating func declareUnit(_ unit: String) {
    family?.unit = unit
  }

  /// One sample line.
  mutating func sample(_ sample: Sample, column: Int) throws {
    let suffix: String
    if let current = family, let known = Self.suffix(of: sample.name, in: current) {
      suffix = known
    } else {
      try closeFamily()
      family = Family(name: sample.name, line: sample.line)
      suffix = ""
    }
    family?.hasSamples = true
    guard let current = family else { return }
    func fail(_ message: String) -> ParseError {
      ParseError(line: sample.line, column: column, message: "OpenMetrics: " + message)
    }
    let bound = try checkLabels(sample, suffix: suffix, family: current, fail: fail)
    let key = Self.groupKey(sample, suffix: suffix, family: current)
    try checkGrouping(sample, key: key, type: current.type, fail: fail)
    try checkValue(sample, suffix: suffix, family: current, fail: fail)
    if current.type == .histogram || current.type == .gaugehistogram, !suffix.isEmpty {
      if let run = histogram, run.group != key || run.timestamp != sample.timestamp {
        try run.finish()
        histogram = nil
      }
      var run =
        histogram
        ?? HistogramGroupCheck(
          family: current.name, group: key, timestamp: sample.timestamp, line: sample.line)
      try run.add(suffix: suffix, value: sample.value, bound: bound, fail: fail)
      histogram = run
    }
  }

  /// The end of the input: the last family's rules.
  mutating func finish() throws {
    try closeFamily()
  }

  /// The suffix that ties `name` to `family`, or nil when the family does not allow it.
  private static func suffix(of name: String, in family: Family) -> String? {
    guard name.hasPrefix(family.name) else { return nil }
    let rest = String(name.dropFirst(family.name.count))
    return sampleSuffixes(of: family.type).contains(rest) ? rest : nil
  }

  /// The labels that identify a sample's group: all but `quantile`, `le` or the stateset's
  /// own label; info families are one group.
  private static func groupKey(_ sample: Sample, suffix: String, family: Family) -> String {
    switch family.type {
    case .info: return ""
    case .summary where suffix.isEmpty: return sample.labels.removing("quantile").json
    case .stateset: return sample.labels.removing(family.name).json
    case .histogram,
      .gaugehistogram where suffix == "_bucket":
      return sample.labels.removing("le").json
    default: return sample.labels.json
    }
  }

  /// The labels a type requires; returns a bucket's bound.
  private func checkLabels(
    _ sample: Sample, suffix: String, family: Family, fail: (String) -> ParseError
  ) throws -> Double? {
    if family.type == .stateset && sample.labels[family.name] == nil {
      throw fail("stateset sample \"\(sample.name)\" lacks the label \"\(family.name)\"")
    }
    if family.type == .summary && suffix.isEmpty {
      guard let text = sample.labels["quantile"], let quantile = PrometheusFloat.parse(text),
        quantile >= 0 && quantile <= 1
      else {
        throw fail("summary quantile label of \"\(sample.name)\" must be a number from 0 to 1")
      }
    }
    guard suffix == "_bucket" else { return nil }
    guard let text = sample.labels["le"], let bound = PrometheusFloat.parse(text), !bound.isNaN
    else {
      throw fail("histogram bucket \"\(sample.name)\" needs an le label that is a number")
    }
    if bound.isInfinite && text != "+Inf" && text != "-Inf" {
      throw fail("histogram bound le=\"\(text)\" must be written +Inf or -Inf")
    }
    return bound
  }

  /// Groups are contiguous; within one, timestamps are all present or all absent and
  /// never decrease (info families excepted).
  private mutating func checkGrouping(
    _ sample: Sample, key: String, type: MetricType?, fail: (String) -> ParseError
  ) throws {
    if let group, key != group, seenGroups.contains(key) {
      throw fail("samples of \"\(sample.name)\" with labels \(key) are not together")
    }
    if key == group {
      if (sample.timestamp == nil) != (groupTimestamp == nil) {
        throw fail("some samples of one group have a timestamp and some do not")
      }
      if let previous = groupTimestamp, let now = sample.timestamp, previous > now,
        type != .info
      {
        throw fail("timestamp goes back within one group (\(now) after \(previous))")
      }
    }
    group = key
    groupTimestamp = sample.timestamp
    seenGroups.insert(key)
  }

  /// Values each type allows, and where exemplars may appear.
  private func checkValue(
    _ sample: Sample, suffix: String, family: Family, fail: (String) -> ParseError
  ) throws {
    let typeName = family.type?.rawValue ?? "unknown"
    let value = sample.value
    if family.type == .stateset && value != 0 && value != 1 {
      throw fail("stateset value must be 0 or 1")
    }
    if family.type == .info && value != 1 { throw fail("info value must be 1") }
    if family.type == .summary && suffix.isEmpty && value < 0 {
      throw fail("summary quantile value must not be negative")
    }
    let counterLike = ["_total", "_sum", "_count", "_bucket", "_gcount", "_gsum"]
    if counterLike.contains(suffix) && value.isNaN {
      throw fail("\(typeName) \(suffix) value must not be NaN")
    }
    if counterLike.contains(suffix) && suffix != "_gsum" && value < 0 {
      throw fail("\(typeName) \(suffix) value must not be negative")
    }
    let isHistogram = family.type == .histogram || family.type == .gaugehistogram
    let mayCarry =
      (isHistogram && suffix == "_bucket") || (family.type == .counter && suffix == "_total")
    if sample.hasExemplar && !mayCarry {
      throw fail(
        "exemplar on \"\(sample.name)\" (only counter _total and histogram _bucket samples carry one)"
      )
    }
  }

  /// The rules checked when a family ends: its histogram group, unique names, units.
  private mutating func closeFamily() throws {
    if let run = histogram {
      histogram = nil
      try run.finish()
    }
    guard let current = family else { return }
    family = nil
    group = nil
    groupTimestamp = nil
    seenGroups.removeAll()
    func fail(_ message: String) -> ParseError {
      ParseError(line: current.line, column: 1, message: "OpenMetrics: " + message)
    }
    var names = [current.name]
    for suffix in Self.sampleSuffixes(of: current.type) where !suffix.isEmpty {
      names.append(current.name + suffix)
    }
    for name in names where !seenNames.insert(name).inserted {
      throw fail(
        "metric family \"\(current.name)\" uses the name \"\(name)\" of an earlier family "
          + "(names are unique and a family's lines are together)")
    }
    if let unit = current.unit, !unit.isEmpty {
      if !current.name.hasSuffix("_" + unit) {
        throw fail(
          "metric family \"\(current.name)\" with unit \"\(unit)\" must end in \"_\(unit)\"")
      }
      if current.type == .info || current.type == .stateset {
        throw fail("\(current.type?.rawValue ?? "") family \"\(current.name)\" may not have a unit")
      }
    }
  }
}

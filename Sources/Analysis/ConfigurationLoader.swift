import Foundation
import MetricModel
import Yams

extension AnalysisConfiguration {
  /// Reads a configuration from YAML text.
  ///
  /// Every key is checked: an unknown key is an error (a misspelt `alowedIncrease` would
  /// otherwise silently fall back to its default), and so is a value of the wrong kind.
  ///
  /// - Throws: ``ConfigurationError`` naming the line.
  public init(yaml text: String) throws {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw ConfigurationError(
        line: Self.line(of: error), message: "not valid YAML: \(Self.problem(of: error))")
    }
    guard let root else { throw ConfigurationError(line: 1, message: "empty configuration") }
    var reader = try NodeReader(root, context: "configuration")
    self.init()
    version = try reader.int("version") ?? 1
    guard version == 1 else {
      throw ConfigurationError(
        line: reader.line(of: "version"),
        message: "unsupported version \(version); this canary reads version 1")
    }
    if let step = try reader.duration("step") {
      // Reports and the database keep step ends in whole seconds, and a step longer than a
      // week leaves no window with the minimum number of steps.
      guard step % 1000 == 0, step <= 604_800_000 else {
        throw ConfigurationError(
          line: reader.line(of: "step"),
          message: "step must be a whole number of seconds between 1s and 7d, got "
            + "\"\(DurationText.format(milliseconds: step))\"")
      }
      stepMilliseconds = step
    }
    if let alpha = try reader.double("alpha") {
      guard alpha > 0 && alpha <= 0.5 else {
        throw ConfigurationError(
          line: reader.line(of: "alpha"),
          message: "alpha must be above 0 and at most 0.5, got \(alpha)")
      }
      self.alpha = alpha
    }
    design = try reader.choice("design") ?? design
    if let warmup = try reader.int("warmup") {
      guard warmup >= 0 else {
        throw ConfigurationError(
          line: reader.line(of: "warmup"), message: "warmup is a number of steps, at least 0")
      }
      warmupSteps = warmup
    }
    if let minimum = try reader.int("minIntervals") {
      guard minimum >= 2 else {
        throw ConfigurationError(
          line: reader.line(of: "minIntervals"), message: "minIntervals must be at least 2")
      }
      minIntervals = minimum
    }
    if var scores = try reader.mapping("scoring") {
      scoring.pass = try scores.double("pass") ?? scoring.pass
      scoring.marginal = try scores.double("marginal") ?? scoring.marginal
      try scores.finish()
      guard 0 <= scoring.marginal, scoring.marginal <= scoring.pass, scoring.pass <= 100 else {
        throw ConfigurationError(
          line: reader.line(of: "scoring"), message: "scoring needs 0 <= marginal <= pass <= 100")
      }
    }
    guard let items = try reader.sequence("metrics") else {
      throw ConfigurationError(line: root.mark?.line ?? 1, message: "configuration has no metrics")
    }
    var names: Set<String> = []
    for item in items {
      let metric = try MetricSpecification(item)
      guard names.insert(metric.name).inserted else {
        throw ConfigurationError(
          line: item.mark?.line ?? 0, message: "metric \"\(metric.name)\" is defined twice")
      }
      metrics.append(metric)
    }
    guard !metrics.isEmpty else {
      throw ConfigurationError(
        line: reader.line(of: "metrics"), message: "configuration has no metrics")
    }
    try reader.finish()
  }

  private static func line(of error: YamlError) -> Int {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
      return mark.line
    default: return 1
    }
  }

  private static func problem(of error: YamlError) -> String {
    switch error {
    case .scanner(_, let problem, _, _), .parser(_, let problem, _, _),
      .composer(_, let problem, _, _), .reader(let problem, _, _, _):
      return problem
    default: return "\(error)"
    }
  }
}

extension MetricSpecification {
  /// Reads one entry of `metrics:`.
  init(_ node: Node) throws {
    var reader = try NodeReader(node, context: "metric")
    guard let name = try reader.string("name"), !name.isEmpty else {
      throw ConfigurationError(line: node.mark?.line ?? 0, message: "metric needs a name")
    }
    reader.context = "metric \"\(name)\""
    guard let kindText = try reader.string("kind") else {
      throw ConfigurationError(
        line: node.mark?.line ?? 0,
        message: "metric \"\(name)\" needs a kind (ratio, quantile, rate or gauge)")
    }
    guard let kind = MetricKind(rawValue: kindText) else {
      throw ConfigurationError(
        line: reader.line(of: "kind"),
        message: "metric \"\(name)\": unknown kind \"\(kindText)\" (ratio, quantile, rate or gauge)"
      )
    }
    let fields = try QueryFields(&reader)
    let test: StatisticalTest? = try reader.choice("test")
    let threshold = try Self.threshold(&reader)
    let direction: Direction? = try reader.choice("direction")
    let allowedIncrease = try reader.double("allowedIncrease")
    let allowedDecrease = try reader.double("allowedDecrease")
    let allowedAbsoluteIncrease = try reader.double("allowedAbsoluteIncrease")
    let critical = try reader.bool("critical")
    let group = try reader.string("group")
    let weight = try reader.double("weight")
    let design: Design? = try reader.choice("design")
    let unit = try reader.strings("unit")
    // Unknown keys first: a misspelt key is the likelier cause of a missing one.
    try reader.finish()
    self.init(name: name, query: try fields.query(kind: kind, reader: reader))
    check = threshold.map { .threshold($0) } ?? .test(test ?? .mannWhitney)
    self.direction = direction ?? self.direction
    self.allowedIncrease = allowedIncrease ?? self.allowedIncrease
    self.allowedDecrease = allowedDecrease ?? self.allowedDecrease
    self.allowedAbsoluteIncrease = allowedAbsoluteIncrease ?? self.allowedAbsoluteIncrease
    self.critical = critical ?? self.critical
    self.group = group
    self.weight = weight ?? self.weight
    self.design = design
    if let unit {
      guard !unit.isEmpty else {
        throw ConfigurationError(
          line: reader.line(of: "unit"), message: "\(reader.context): unit needs a label name")
      }
      self.unit = .labels(unit)
    }
    try fields.refuseForeign(kind: kind, reader: reader)
    try validate(reader)
  }

  /// `threshold: {min, max}`, when present.
  private static func threshold(_ reader: inout NodeReader) throws -> Threshold? {
    guard var bounds = try reader.mapping("threshold") else { return nil }
    let threshold = Threshold(min: try bounds.double("min"), max: try bounds.double("max"))
    try bounds.finish()
    if threshold.min == nil && threshold.max == nil {
      throw ConfigurationError(
        line: reader.line(of: "threshold"), message: "\(reader.context): threshold needs min or max"
      )
    }
    return threshold
  }

  /// Checks the tolerances and the weight.
  private func validate(_ reader: NodeReader) throws {
    if allowedIncrease < 1 {
      throw ConfigurationError(
        line: reader.line(of: "allowedIncrease"),
        message: "\(reader.context): allowedIncrease is a ratio of at least 1 (1.1 tolerates +10%)")
    }
    if !(allowedAbsoluteIncrease >= 0) || !allowedAbsoluteIncrease.isFinite {
      throw ConfigurationError(
        line: reader.line(of: "allowedAbsoluteIncrease"),
        message:
          "\(reader.context): allowedAbsoluteIncrease is a share of 0 or more (0.0001 tolerates +0.01 percentage points)"
      )
    }
    if allowedDecrease > 1 || allowedDecrease <= 0 {
      throw ConfigurationError(
        line: reader.line(of: "allowedDecrease"),
        message:
          "\(reader.context): allowedDecrease is a ratio between 0 and 1 (0.9 tolerates -10%)")
    }
    if weight <= 0 {
      throw ConfigurationError(
        line: reader.line(of: "weight"), message: "\(reader.context): weight must be positive")
    }
  }
}

/// The selector fields of a metric as written, before they become a ``MetricQuery``.
private struct QueryFields {
  var numerator: Selector?
  var denominator: Selector?
  var histogram: Selector?
  var quantile: Double?
  var query: Selector?
  var per: Selector?
  var aggregate: Aggregate?

  init(_ reader: inout NodeReader) throws {
    numerator = try reader.selector("numerator")
    denominator = try reader.selector("denominator")
    histogram = try reader.selector("histogram")
    quantile = try reader.double("quantile")
    query = try reader.selector("query")
    per = try reader.selector("per")
    aggregate = try reader.choice("aggregate")
  }

  /// The query of `kind`; a missing field the kind needs is an error naming it.
  func query(kind: MetricKind, reader: NodeReader) throws -> MetricQuery {
    func need<T>(_ key: String, _ value: T?) throws -> T {
      guard let value else {
        throw ConfigurationError(
          line: reader.nodeLine, message: "\(reader.context): kind \(kind.rawValue) needs \(key)")
      }
      return value
    }
    switch kind {
    case .ratio:
      return .ratio(
        numerator: try need("numerator", numerator),
        denominator: try need("denominator", denominator))
    case .quantile:
      let q = try need("quantile", quantile)
      let histogram = try need("histogram", histogram)
      guard (0...1).contains(q) else {
        throw ConfigurationError(
          line: reader.line(of: "quantile"),
          message: "\(reader.context): quantile must be between 0 and 1")
      }
      return .quantile(histogram: histogram, quantile: q)
    case .rate:
      return .rate(query: try need("query", query), per: per)
    case .gauge:
      return .gauge(query: try need("query", query), aggregate: aggregate ?? .avg)
    }
  }

  /// Fails on a field that does not apply to `kind` (a `per` on a gauge would be ignored).
  func refuseForeign(kind: MetricKind, reader: NodeReader) throws {
    let foreign: [String]
    switch kind {
    case .ratio: foreign = ["histogram", "quantile", "query", "per", "aggregate"]
    case .quantile: foreign = ["numerator", "denominator", "query", "per", "aggregate"]
    case .rate: foreign = ["numerator", "denominator", "histogram", "quantile", "aggregate"]
    case .gauge: foreign = ["numerator", "denominator", "histogram", "quantile", "per"]
    }
    for key in foreign where reader.raw(key) != nil {
      throw ConfigurationError(
        line: reader.line(of: key),
        message: "\(reader.context): \(key) does not apply to kind \(kind.rawValue)")
    }
  }
}

/// Reads a YAML mapping key by key, remembering which keys were used so unknown ones are caught.
struct NodeReader {
  private let mapping: Node.Mapping
  private var used: Set<String> = []
  /// What the mapping is, for messages ("metric \"p99\"").
  var context: String
  /// The line of the mapping itself.
  let nodeLine: Int

  init(_ node: Node, context: String) throws {
    guard case .mapping(let mapping) = node else {
      throw ConfigurationError(
        line: node.mark?.line ?? 0, message: "\(context) must be a mapping of keys to values")
    }
    self.mapping = mapping
    self.context = context
    self.nodeLine = node.mark?.line ?? 0
  }

  func raw(_ key: String) -> Node? {
    mapping.first { $0.key.string == key }?.value
  }

  func line(of key: String) -> Int {
    mapping.first { $0.key.string == key }?.key.mark?.line ?? nodeLine
  }

  private mutating func value(_ key: String) -> Node? {
    used.insert(key)
    guard let node = raw(key) else { return nil }
    if case .scalar(let scalar) = node, scalar.tag == Tag(.null) || scalar.string == "~" {
      return nil
    }
    return node
  }

  private func wrongType(_ key: String, _ expected: String) -> ConfigurationError {
    ConfigurationError(line: line(of: key), message: "\(context): \(key) must be \(expected)")
  }

  mutating func string(_ key: String) throws -> String? {
    guard let node = value(key) else { return nil }
    guard case .scalar(let scalar) = node else { throw wrongType(key, "a string") }
    return scalar.string
  }

  mutating func double(_ key: String) throws -> Double? {
    guard let node = value(key) else { return nil }
    guard let number = node.float ?? node.int.map(Double.init), number.isFinite else {
      throw wrongType(key, "a number")
    }
    return number
  }

  mutating func int(_ key: String) throws -> Int? {
    guard let node = value(key) else { return nil }
    guard let number = node.int else { throw wrongType(key, "a whole number") }
    return number
  }

  mutating func bool(_ key: String) throws -> Bool? {
    guard let node = value(key) else { return nil }
    guard let flag = node.bool else { throw wrongType(key, "true or false") }
    return flag
  }

  mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String) throws -> T?
  where T.RawValue == String {
    guard let text = try string(key) else { return nil }
    guard let value = T(rawValue: text) else {
      let choices = T.allCases.map(\.rawValue).joined(separator: ", ")
      throw ConfigurationError(
        line: line(of: key),
        message: "\(context): \(key) must be one of \(choices), got \"\(text)\"")
    }
    return value
  }

  mutating func selector(_ key: String) throws -> Selector? {
    guard let text = try string(key) else { return nil }
    do {
      return try Selector(parsing: text)
    } catch let error as SelectorError {
      throw ConfigurationError(
        line: line(of: key), message: "\(context): \(key): \(error.message) in \"\(text)\"")
    }
  }

  /// A duration such as `30s`, `1m`, `2h`, `1d` or a number of seconds (``DurationText``).
  mutating func duration(_ key: String) throws -> Int64? {
    guard let text = try string(key) else { return nil }
    guard let milliseconds = DurationText.milliseconds(text), milliseconds > 0 else {
      throw ConfigurationError(
        line: line(of: key),
        message: "\(context): \(key) must be a duration such as 30s, 1m or 5m, got \"\(text)\"")
    }
    return milliseconds
  }

  mutating func mapping(_ key: String) throws -> NodeReader? {
    guard let node = value(key) else { return nil }
    var reader = try NodeReader(node, context: "\(context) \(key)")
    reader.context = key
    return reader
  }

  /// A list of strings (`unit: [namespace, app]`); a single string is a list of one.
  mutating func strings(_ key: String) throws -> [String]? {
    guard let node = value(key) else { return nil }
    if case .scalar(let scalar) = node { return [scalar.string] }
    guard case .sequence(let sequence) = node else { throw wrongType(key, "a list of labels") }
    return try sequence.map { item in
      guard case .scalar(let scalar) = item else { throw wrongType(key, "a list of labels") }
      return scalar.string
    }
  }

  mutating func sequence(_ key: String) throws -> [Node]? {
    guard let node = value(key) else { return nil }
    guard case .sequence(let sequence) = node else { throw wrongType(key, "a list") }
    return Array(sequence)
  }

  /// Fails on the first key that was never read.
  func finish() throws {
    for (key, _) in mapping {
      let name = key.string ?? "?"
      if !used.contains(name) {
        throw ConfigurationError(
          line: key.mark?.line ?? nodeLine, message: "\(context): unknown key \"\(name)\"")
      }
    }
  }
}

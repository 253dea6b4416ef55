import MetricModel

/// The `# TYPE` declarations seen so far, and which family a sample name belongs to.
///
/// A sample `foo_bucket` belongs to histogram `foo` only when `# TYPE foo histogram` was
/// declared; a sample no declaration covers is `untyped` and its own family.
struct MetricFamilyTable {
  /// The suffixes a family's samples may carry, by what they mean.
  enum Suffix: String, CaseIterable {
    case bucket = "_bucket"
    case count = "_count"
    case sum = "_sum"
    case gcount = "_gcount"
    case gsum = "_gsum"
    case total = "_total"
    case created = "_created"
    case info = "_info"
  }

  /// Where a sample name belongs.
  struct Resolution {
    /// The family name, e.g. `istio_request_duration_milliseconds`.
    var family: String
    /// The family's declared type.
    var type: MetricType
    /// The suffix that tied the sample to its family, nil when the name is the family's.
    var suffix: Suffix?
  }

  private(set) var types: [String: MetricType] = [:]

  /// Records `# TYPE family type` (a later declaration replaces an earlier one).
  mutating func declare(_ family: String, as type: MetricType) {
    types[family] = type
  }

  /// Forgets every declaration, keeping the storage (the next input of a stream).
  mutating func removeAll() {
    types.removeAll(keepingCapacity: true)
  }

  /// True when `family` has a `# TYPE` line.
  func isDeclared(_ family: String) -> Bool {
    types[family] != nil
  }

  /// The family and type of the sample `name`.
  func resolve(sampleName name: String) -> Resolution {
    if let type = types[name] { return Resolution(family: name, type: type, suffix: nil) }
    for suffix in Suffix.allCases where name.hasSuffix(suffix.rawValue) {
      let family = String(name.dropLast(suffix.rawValue.count))
      if let type = types[family], Self.allows(type, suffix) {
        return Resolution(family: family, type: type, suffix: suffix)
      }
    }
    return Resolution(family: name, type: .untyped, suffix: nil)
  }

  /// The family of `name` when its type is known without a `# TYPE` line (CSV's `type`
  /// column): the name minus a suffix that type's samples carry, except `_total`, which
  /// Istio's own families keep in their names.
  static func family(ofSampleName name: String, type: MetricType) -> String {
    for suffix in Suffix.allCases where suffix != .total && name.hasSuffix(suffix.rawValue) {
      if allows(type, suffix) { return String(name.dropLast(suffix.rawValue.count)) }
    }
    return name
  }

  /// Whether samples of a `type` family may end in `suffix` (OpenMetrics 1.0, section
  /// "Metric types"; text format 0.0.4 uses the histogram and summary ones).
  static func allows(_ type: MetricType, _ suffix: Suffix) -> Bool {
    switch type {
    case .counter: return suffix == .total || suffix == .created
    case .histogram: return [.bucket, .count, .sum, .created].contains(suffix)
    case .gaugehistogram: return [.bucket, .gcount, .gsum].contains(suffix)
    case .summary: return [.count, .sum, .created].contains(suffix)
    case .info: return suffix == .info
    case .gauge, .untyped, .stateset: return false
    }
  }
}

import MetricModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

  /// Every family declared in this parser's inputs, with the input that declared it last:
  /// a declaration counts in that input only (``removeAll()`` starts the next). Kept across
  /// the inputs of a stream, so a scrape's `# TYPE` lines, the same in every file, update
  /// entries instead of rebuilding the table.
  private var declared: [String: (type: MetricType, input: Int)] = [:]
  private var input = 0
  /// The names of the last `# TYPE` lines read as bytes, each with its `String`: a name the
  /// previous input declared is not built again.
  private var recentNames: [(bytes: [UInt8], name: String)] = []
  private var nextRecent = 0

  /// The declared type of `family` in the current input, nil when it has none.
  func type(of family: String) -> MetricType? {
    guard let entry = declared[family], entry.input == input else { return nil }
    return entry.type
  }

  /// Records `# TYPE family type` (a later declaration replaces an earlier one).
  mutating func declare(_ family: String, as type: MetricType) {
    declared[family] = (type, input)
  }

  /// Records `# TYPE` for the family named by the `count` bytes at `bytes`.
  mutating func declare(nameBytes bytes: UnsafePointer<UInt8>, count: Int, as type: MetricType) {
    for entry in recentNames
    where entry.bytes.count == count && memcmp(entry.bytes, bytes, count) == 0 {
      declare(entry.name, as: type)
      return
    }
    let buffer = UnsafeBufferPointer(start: bytes, count: count)
    let name = String(decoding: buffer, as: UTF8.self)
    if recentNames.count < Self.recentCapacity {
      recentNames.append((Array(buffer), name))
    } else {
      recentNames[nextRecent] = (Array(buffer), name)
      nextRecent = (nextRecent + 1) % Self.recentCapacity
    }
    declare(name, as: type)
  }

  /// Names remembered by ``declare(nameBytes:count:as:)``: the families of one scrape.
  private static let recentCapacity = 16

  /// Forgets every declaration, keeping the storage (the next input of a stream).
  mutating func removeAll() {
    input += 1
  }

  /// True when `family` has a `# TYPE` line.
  func isDeclared(_ family: String) -> Bool {
    type(of: family) != nil
  }

  /// The family and type of the sample `name`.
  func resolve(sampleName name: String) -> Resolution {
    if let type = type(of: name) { return Resolution(family: name, type: type, suffix: nil) }
    for suffix in Suffix.allCases where name.hasSuffix(suffix.rawValue) {
      let family = String(name.dropLast(suffix.rawValue.count))
      if let type = type(of: family), Self.allows(type, suffix) {
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

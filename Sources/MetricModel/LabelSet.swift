/// A canonical set of labels: sorted by name, names unique, empty values dropped.
///
/// Prometheus treats a label with an empty value as absent, so `{a=""}` and `{}` name
/// the same series; the canonical form drops such labels so both map to one series.
public struct LabelSet: Sendable, Hashable, Codable {
  /// The labels, sorted by name.
  public private(set) var labels: [Label]

  /// The empty label set.
  public static let empty = LabelSet(sortedUnique: [])

  private init(sortedUnique: [Label]) {
    self.labels = sortedUnique
  }

  /// Builds a canonical set; returns nil when a name occurs twice.
  public init?(_ labels: [Label]) {
    let kept = labels.filter { !$0.value.isEmpty }
    let sorted = kept.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    for index in sorted.indices.dropFirst() where sorted[index].name == sorted[index - 1].name {
      return nil
    }
    self.labels = sorted
  }

  /// Builds a canonical set from a dictionary (names are unique by construction).
  public init(_ dictionary: [String: String]) {
    // A dictionary cannot hold a duplicate name, so the failable init cannot fail here.
    self = LabelSet(dictionary.map { Label(name: $0.key, value: $0.value) }) ?? .empty
  }

  /// The value of the label `name`, or nil when absent.
  public subscript(name: String) -> String? {
    labels.first { $0.name == name }?.value
  }

  /// The number of labels.
  public var count: Int { labels.count }

  /// A copy with `name` removed.
  public func removing(_ name: String) -> LabelSet {
    LabelSet(sortedUnique: labels.filter { $0.name != name })
  }

  /// A copy with `name` set to `value` (removed when `value` is empty).
  public func setting(_ name: String, to value: String) -> LabelSet {
    var copy = labels.filter { $0.name != name }
    copy.append(Label(name: name, value: value))
    return LabelSet(copy) ?? self
  }

  /// The canonical JSON object text, keys in sorted order, e.g. `{"a":"1","b":"x\"y"}`.
  ///
  /// This text identifies the series in the database and is what `v_samples.labels` shows.
  public var json: String {
    var bytes: [UInt8] = [UInt8(ascii: "{")]
    bytes.reserveCapacity(
      labels.reduce(2) { $0 + $1.name.utf8.count + $1.value.utf8.count + 6 })
    for (index, label) in labels.enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      JSONText.appendQuoted(label.name, to: &bytes)
      bytes.append(UInt8(ascii: ":"))
      JSONText.appendQuoted(label.value, to: &bytes)
    }
    bytes.append(UInt8(ascii: "}"))
    return String(decoding: bytes, as: UTF8.self)
  }
}

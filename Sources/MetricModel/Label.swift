/// One label of a series: a name and its (unescaped) value.
public struct Label: Sendable, Hashable, Codable {
  /// The label name, e.g. `response_code`.
  public var name: String
  /// The label value after escapes are resolved.
  public var value: String

  /// Creates a label.
  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}

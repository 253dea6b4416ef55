/// A configuration that cannot be used; the description is `line: message` (the caller adds
/// the file name).
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// 1-based line of the problem (0 when the file as a whole is wrong).
  public var line: Int
  /// What is wrong.
  public var message: String

  /// Creates an error.
  public init(line: Int, message: String) {
    self.line = line
    self.message = message
  }

  public var description: String { "\(line): \(message)" }
}

/// Failures of the input itself rather than of its content (content errors are ``ParseError``).
public enum IngestionError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The file could not be opened or read.
  case unreadable(path: String, reason: String)

  /// The one-line message a user sees.
  public var description: String {
    switch self {
    case .unreadable(let path, let reason):
      return "\(path): cannot read: \(reason)"
    }
  }
}

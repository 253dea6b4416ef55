/// Why an ingest stopped; each description is the one line a user sees.
///
/// Content errors inside a file are ``ParseError``s; ``malformed(path:error:)`` adds the file.
public enum IngestionError: Error, Sendable, CustomStringConvertible {
  /// An input path does not exist.
  case missingInput(path: String)
  /// A directory holds no file to ingest.
  case emptyDirectory(path: String)
  /// An input exists but cannot be opened or read.
  case unreadable(path: String, reason: String)
  /// An input is malformed at a position.
  case malformed(path: String, error: ParseError)
  /// The namespace map file is malformed.
  case badNamespaceMap(path: String, error: NamespaceMapError)

  /// The one-line message a user sees.
  public var description: String {
    switch self {
    case .missingInput(let path): return "\(path): no such file or directory"
    case .emptyDirectory(let path): return "\(path): directory holds no file to ingest"
    case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
    case .malformed(let path, let error): return "\(path):\(error)"
    case .badNamespaceMap(let path, let error): return "\(path):\(error)"
    }
  }
}

/// Why an analysis cannot run; each description is the line a user sees.
public enum AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A named revision has no data in the database.
  case unknownRevision(name: String, known: [String])
  /// A window is empty or reversed.
  case invalidWindow(String)

  public var description: String {
    switch self {
    case .unknownRevision(let name, let known):
      let list = known.isEmpty ? "none (run canary ingest first)" : known.joined(separator: ", ")
      return "revision \"\(name)\" not found; the database holds: \(list)"
    case .invalidWindow(let message):
      return message
    }
  }
}

import MetricModel

/// Why a use case cannot run; each description is the line a user sees.
public enum WorkflowError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The database file does not exist and the command only reads.
  case missingDatabase(path: String)
  /// A named revision has no data in the database.
  case unknownRevision(name: String, known: [String])
  /// A window's start is not before its end.
  case emptyWindow(side: Side, TimeWindow.Empty)
  /// A window end is missing and the canary has no raw samples to take it from.
  case noWindow
  /// No analysis with this id (or none at all) is stored.
  case missingAnalysis(id: Int64?)
  /// A stored report cannot be read back.
  case unreadableReport(id: Int64, reason: String)

  public var description: String {
    switch self {
    case .missingDatabase(let path):
      return "\(path): no such database (canary ingest creates it; --db or $CANARY_DB name it)"
    case .unknownRevision(let name, let known):
      let list = known.isEmpty ? "none (run canary ingest first)" : known.joined(separator: ", ")
      return "revision \"\(name)\" not found; the database holds: \(list)"
    case .emptyWindow(let side, let empty):
      return "the \(side.rawValue) \(empty.description)"
    case .noWindow:
      return "the canary revision has no raw samples to take the window from: give --from and --to"
    case .missingAnalysis(let id):
      return id.map { "analysis \($0) not found" } ?? "no analysis stored yet (run canary analyze)"
    case .unreadableReport(let id, let reason):
      return "analysis \(id): stored report is unreadable (\(reason))"
    }
  }
}

/// What an ingest did, as `canary ingest --output json` prints it.
public struct IngestSummary: Sendable, Equatable, Codable {
  /// Input files read (standard input counts as one).
  public var files = 0
  /// Distinct series the inputs read carried (a file found `unchanged` is not read: its
  /// series are not counted, nor in `attribution` and `revisions`).
  public var series = 0
  /// Samples stored that were not stored before.
  public var samples = 0
  /// Samples already stored with the same value: not stored again.
  public var duplicates = 0
  /// Samples stored before with another value: replaced.
  public var replaced = 0
  /// Files an earlier ingest stored whole that are unchanged since (same file, size and
  /// times, same options): not read again, their samples counted in `duplicates`.
  public var unchanged = 0
  /// Malformed lines skipped under `--skip-invalid`.
  public var skipped = 0
  /// Revision → samples written (stored or replaced).
  public var revisions: [String: Int] = [:]
  /// Attribution rule → distinct series it attributed.
  public var attribution: [String: Int] = [:]
  /// Namespace → its revisions over time (`start` in Unix milliseconds, absent for the
  /// beginning), for the namespaces a time-stamped namespace map moves.
  public var moves: [String: [NamespaceMap.Change]] = [:]

  /// An empty summary.
  public init() {}
}

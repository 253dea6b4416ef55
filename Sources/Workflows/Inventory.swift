import Store

/// `canary revisions` and `canary metrics`: what the database holds.
public enum Inventory {
  /// Every revision with its series and sample counts and time range.
  public static func revisions(databasePath: String) throws -> [RevisionSummary] {
    try DatabaseFile.reading(databasePath).revisions()
  }

  /// Every metric per revision (only `revision`'s when given).
  /// - Throws: ``WorkflowError/unknownRevision(name:known:)`` when `revision` has no data.
  public static func metrics(databasePath: String, revision: String?) throws -> [MetricSummary] {
    let store = try DatabaseFile.reading(databasePath)
    let rows = try store.metrics(revision: revision)
    if let revision, rows.isEmpty {
      throw WorkflowError.unknownRevision(
        name: revision, known: try store.revisions().map(\.revision))
    }
    return rows
  }
}

import Analysis
import Store

/// `canary report`: a stored analysis read back, to re-render in any format.
public enum ReportWorkflow {
  /// The stored analysis `id`, or the latest when nil.
  public static func stored(databasePath: String, id: Int64?) throws -> AnalysisReport {
    let store = try DatabaseFile.reading(databasePath)
    guard let id = try id ?? store.latestAnalysisID() else {
      throw WorkflowError.missingAnalysis(id: nil)
    }
    guard let text = try store.analysisReport(id: id) else {
      throw WorkflowError.missingAnalysis(id: id)
    }
    do {
      return try AnalysisReport.fromStoredJSON(text)
    } catch {
      throw WorkflowError.unreadableReport(id: id, reason: "\(error)")
    }
  }
}

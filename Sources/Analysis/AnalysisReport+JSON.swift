import Foundation

extension AnalysisReport {
  /// The report as stored in the database: JSON with sorted keys, so `canary report`
  /// re-renders exactly what `canary analyze` showed.
  public func storedJSON() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  /// Reads a stored report back.
  public static func fromStoredJSON(_ text: String) throws -> AnalysisReport {
    try JSONDecoder().decode(AnalysisReport.self, from: Data(text.utf8))
  }
}

/// One side of a comparison. The raw values are the words reports, the JSON report and the
/// database use (`side` column of `v_analysis_values`).
public enum Side: String, Sendable, Hashable, Codable, CaseIterable {
  /// The revision compared against (today's control plane).
  case baseline
  /// The revision under test.
  case canary
}

/// How often a decision may be looked at.
///
/// - `fixed`: one look at a planned horizon (`canary analyze`): (1 − alpha) intervals and
///   p-values as usual.
/// - `anytime`: a pipeline may look after every step (`canary watch`, `analyze --sequential`):
///   every interval is a confidence sequence and every test an e-process (VERDICT.md §5), so
///   the chance of a false rollback stays at most alpha however often one looks. The evidence
///   is a function of the whole path since the canary started: recomputing it from the stored
///   data at each look is enough.
public enum Horizon: String, Sendable, Codable, Equatable, CaseIterable {
  case fixed
  case anytime

  /// The spread of the normal prior the anytime tests mix over, on the log-ratio scale: a
  /// doubling (VERDICT.md §5).
  public static let mixingScale = 0.6931471805599453
}

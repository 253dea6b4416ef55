/// Which two things a metric's comparison sets against each other (VERDICT.md §3).
public enum Design: String, Sendable, Codable, Equatable, CaseIterable {
  /// The strongest design the data supports, in the order below.
  case auto
  /// A workload on the canary against the same workload on the baseline at the same steps
  /// (pods of one workload on both revisions at once); for istiod metrics, the two control
  /// planes in the same steps.
  case concurrent
  /// Requests to one destination from canary-side callers against baseline-side callers
  /// (`reporter="source"`).
  case callers
  /// Each moved workload after its move (and a warm-up) against its own past, less the change
  /// of the workloads that did not move: a difference-in-differences.
  case beforeAfter = "before-after"
  /// Everything on the canary against everything on the baseline, step by step: not
  /// matched, only on request (or when nothing can be matched).
  case pooled

  /// Whether the design compares like with like.
  public var isMatched: Bool { self != .pooled && self != .auto }
}

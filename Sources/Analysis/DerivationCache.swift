/// Per-step results already derived in one analysis, so metrics that read one histogram
/// (latency p50, p90 and p99) derive it once. It holds per-step sums, never raw samples: the
/// analysis' memory does not grow with the number of samples in its window.
final class DerivationCache {
  /// A grid every analysis sharing this cache lies within (`watch --replay`'s looks), or nil.
  /// Per-step values depend only on the samples of their own step, so per-workload steps
  /// derived once over `span` and sliced to a look's grid equal those derived on that grid.
  let span: StepGrid?
  /// Per-workload steps derived over `span`, by metric, revision and rule.
  var spanned: [String: UnitSteps] = [:]

  /// What a remote server computed: ``UnitDeriver`` takes its per-workload parts from here
  /// when they cover its grid.
  let pulled: PulledSteps
  /// ``StepDeriver``'s summed bucket increases, by histogram, revision and grid.
  var buckets: [String: [StepDeriver.Bucket]] = [:]
  /// ``UnitDeriver``'s per-workload histograms, by histogram, revision, unit rule and grid.
  var units: [String: UnitSteps] = [:]
  /// ``UnitDeriver``'s per-workload counter increases, by selector, revision, rule and grid.
  var increases: [String: [String: [Int64: Double]]] = [:]

  /// A cache of nothing yet, over `pulled`, spanning `span` when given.
  init(pulled: PulledSteps = PulledSteps(), span: StepGrid? = nil) {
    self.pulled = pulled
    self.span = span
  }
}

/// A cache kept across the looks of one replay (``Analyzer/analyze(_:data:createdAt:cache:)``):
/// the data must not change between them.
public final class AnalysisCache: @unchecked Sendable {
  let derivation: DerivationCache

  /// A cache for analyses whose step grids all lie within `from...to` at `step` milliseconds.
  public init(from: Int64, to: Int64, step: Int64) {
    derivation = DerivationCache(span: StepGrid(from: from, to: to, step: step))
  }
}

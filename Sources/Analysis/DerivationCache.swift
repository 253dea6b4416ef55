/// Per-step results already derived in one analysis, so metrics that read one histogram
/// (latency p50, p90 and p99) derive it once. It holds per-step sums, never raw samples: the
/// analysis' memory does not grow with the number of samples in its window.
final class DerivationCache {
  /// What a remote server computed: ``UnitDeriver`` takes its per-workload parts from here
  /// when they cover its grid.
  let pulled: PulledSteps
  /// ``StepDeriver``'s summed bucket increases, by histogram, revision and grid.
  var buckets: [String: [StepDeriver.Bucket]] = [:]
  /// ``UnitDeriver``'s per-workload histograms, by histogram, revision, unit rule and grid.
  var units: [String: UnitSteps] = [:]
  /// ``UnitDeriver``'s per-workload counter increases, by selector, revision, rule and grid.
  var increases: [String: [String: [Int64: Double]]] = [:]

  /// A cache of nothing yet, over `pulled`.
  init(pulled: PulledSteps = PulledSteps()) {
    self.pulled = pulled
  }
}

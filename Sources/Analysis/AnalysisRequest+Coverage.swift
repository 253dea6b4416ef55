import MetricModel

extension AnalysisRequest {
  /// The span of the baseline revision's data the analysis reads, so a pull fetches all of it:
  /// the pooled comparison's baseline window (its own, else the canary's) and the matched
  /// comparisons' baseline grid, which for a before-after design reaches an equally long period
  /// plus the warm-up back before the canary window (the moved workloads' past on the baseline
  /// revision) and covers the canary window (the workloads that stayed).
  ///
  /// One revision over two windows reads only the earlier one as its baseline. The same spans
  /// as the matched analysis' `baselineGrid` (a test holds the two together).
  public var baselineCoverage: TimeWindow {
    get throws {
      let step = configuration.stepMilliseconds
      let canary = canaryWindow
      if baseline == self.canary {
        return try TimeWindow(
          from: baselineWindow?.from ?? canary.from - canary.duration,
          to: baselineWindow?.to ?? canary.from)
      }
      let warmup = Int64(configuration.warmupSteps) * step
      let from = min(baselineWindow?.from ?? canary.from - canary.duration - warmup, canary.from)
      let to = max(baselineWindow?.to ?? canary.to, canary.to)
      return try TimeWindow(from: from, to: to)
    }
  }
}

import MetricModel

/// What to calibrate: a baseline revision under a configuration, over seeded draws.
public struct CalibrationRequest: Sendable {
  /// The baseline revision whose data is split.
  public var baseline: String
  /// The configuration whose false-rollback rate is measured.
  public var configuration: AnalysisConfiguration
  /// Number of draws.
  public var runs = 40
  /// Seed of the first draw; draw `i` uses `seed + i`, so `--seed S --runs 1` repeats the
  /// draw that `--seed S` made first.
  public var seed: UInt64 = 1

  /// Creates a request with 40 runs from seed 1.
  public init(baseline: String, configuration: AnalysisConfiguration) {
    self.baseline = baseline
    self.configuration = configuration
  }
}

/// Measures a configuration's false-rollback rate on the user's own data (VERDICT.md §6).
///
/// Each run draws a ``CalibrationSplit`` of the baseline's namespaces, presents the moved
/// ones after the move as a pseudo canary revision (``CalibrationView``), and runs the
/// ordinary analysis on it with `canary analyze`'s default windows: the canary window is the
/// pseudo canary's data range, the baseline's chosen by the design (the period before each
/// moved workload's move, and the workloads that stayed). Nothing differs between the sides
/// but chance, so every rollback is a false one.
public enum Calibrator {
  /// The name the pseudo canary revision goes by (another when the baseline has this name).
  public static let canaryName = "calibration-canary"

  /// Runs the calibration with the ordinary fixed-horizon analysis.
  /// - Parameters:
  ///   - makeGenerator: the random source of one draw from its seed.
  ///   - createdAt: stamped on each run's report (Unix milliseconds).
  /// - Throws: ``CalibrationError`` when not even one draw can be made; errors of `data`.
  public static func calibrate<Generator: RandomNumberGenerator>(
    _ request: CalibrationRequest, data: any MetricData, createdAt: Int64,
    makeGenerator: (UInt64) -> Generator
  ) throws -> CalibrationResult {
    try calibrate(request, data: data, makeGenerator: makeGenerator) { request, view in
      try Analyzer.analyze(request, data: view, createdAt: createdAt)
    }
  }

  /// Runs the calibration with `analyze` as the judge of each draw (a sequential judge can
  /// be calibrated the same way).
  public static func calibrate<Generator: RandomNumberGenerator>(
    _ request: CalibrationRequest, data: any MetricData, makeGenerator: (UInt64) -> Generator,
    analyze: (AnalysisRequest, CalibrationView) throws -> AnalysisReport
  ) throws -> CalibrationResult {
    guard request.runs >= 1 else { throw CalibrationError.invalidRuns(request.runs) }
    let source = try CalibrationSource(
      revision: request.baseline, data: data, configuration: request.configuration)
    let canary = request.baseline == canaryName ? canaryName + "-2" : canaryName
    var draws: [CalibrationResult.Draw] = []
    for index in 0..<request.runs {
      let seed = request.seed &+ UInt64(index)
      var generator = makeGenerator(seed)
      let split = try CalibrationSplit.draw(
        namespaces: source.namespaces, range: source.range,
        configuration: source.configuration, using: &generator)
      let view = CalibrationView(source: source, split: split, canary: canary)
      let report = try analyze(
        try analysisRequest(view, configuration: source.configuration), view)
      let failing = report.metrics.filter { [.high, .low].contains($0.classification) }
      draws.append(
        CalibrationResult.Draw(
          seed: seed, movedNamespaces: split.moved,
          moveTime: TimeSpecification.format(milliseconds: split.moveTime),
          verdict: report.verdict, failing: failing.map(\.name)))
    }
    return try CalibrationResult(draws: draws, source: source, alpha: source.configuration.alpha)
  }

  /// The request `canary analyze --baseline REV --canary PSEUDO` would make on `view`: the
  /// canary window is the pseudo canary's data range, the baseline window left to the design.
  static func analysisRequest(_ view: CalibrationView, configuration: AnalysisConfiguration)
    throws -> AnalysisRequest
  {
    // A draw always leaves the moved namespaces data after the move (they cover the range);
    // should none of the compared metrics have any, the window is the move to the range's end.
    let window =
      try view.canaryRange()
      ?? TimeWindow(
        from: view.split.moveTime, to: max(view.source.range.to, view.split.moveTime + 1))
    return AnalysisRequest(
      baseline: view.source.revision, canary: view.canary, canaryWindow: window,
      configuration: configuration)
  }
}

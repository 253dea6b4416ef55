import GRDB
import MetricModel

/// One analysis as stored: what the views show, plus the JSON report.
public struct AnalysisRecord: Sendable {
  /// RFC 3339 UTC.
  public var createdAt: String
  /// Baseline revision.
  public var baseline: String
  /// Canary revision.
  public var canary: String
  /// Baseline window, Unix milliseconds.
  public var baselineWindow: TimeWindow
  /// Canary window, Unix milliseconds.
  public var canaryWindow: TimeWindow
  /// `promote`, `rollback` or `inconclusive`.
  public var verdict: String
  /// 0-100 or nil.
  public var score: Double?
  /// Per-metric rows.
  public var metrics: [Metric]

  /// Creates a record.
  public init(
    createdAt: String, baseline: String, canary: String, baselineWindow: TimeWindow,
    canaryWindow: TimeWindow, verdict: String, score: Double?, metrics: [Metric]
  ) {
    self.createdAt = createdAt
    self.baseline = baseline
    self.canary = canary
    self.baselineWindow = baselineWindow
    self.canaryWindow = canaryWindow
    self.verdict = verdict
    self.score = score
    self.metrics = metrics
  }

  /// One metric's result and compared values.
  public struct Metric: Sendable {
    public var name: String
    public var kind: String
    public var test: String
    public var critical: Bool
    public var classification: String
    public var statistic: Double?
    public var pValue: Double?
    public var estimate: Double?
    public var ciLow: Double?
    public var ciHigh: Double?
    public var ratio: Double?
    public var baselineMean: Double?
    public var canaryMean: Double?
    public var reason: String
    /// (Unix milliseconds, value) pairs.
    public var baselineValues: [(Int64, Double)]
    /// (Unix milliseconds, value) pairs.
    public var canaryValues: [(Int64, Double)]
    /// The design (`before-after`, ...), nil for a threshold.
    public var design: String?
    /// Whether the sides were matched, nil for a threshold.
    public var matched: Bool?
    /// Per-workload per-step values: (unit, side, Unix milliseconds, value).
    public var unitValues: [(unit: String, side: Side, ts: Int64, value: Double)] = []

    /// Creates a metric row.
    public init(
      name: String, kind: String, test: String, critical: Bool, classification: String,
      statistic: Double?, pValue: Double?, estimate: Double?, ciLow: Double?, ciHigh: Double?,
      ratio: Double?, baselineMean: Double?, canaryMean: Double?, reason: String,
      baselineValues: [(Int64, Double)], canaryValues: [(Int64, Double)]
    ) {
      self.name = name
      self.kind = kind
      self.test = test
      self.critical = critical
      self.classification = classification
      self.statistic = statistic
      self.pValue = pValue
      self.estimate = estimate
      self.ciLow = ciLow
      self.ciHigh = ciHigh
      self.ratio = ratio
      self.baselineMean = baselineMean
      self.canaryMean = canaryMean
      self.reason = reason
      self.baselineValues = baselineValues
      self.canaryValues = canaryValues
    }
  }
}

extension CanaryDatabase {
  /// Stores an analysis in one transaction; `report` makes the JSON report once the id is known.
  ///
  /// - Returns: the new analysis id.
  public func save(_ record: AnalysisRecord, report: (Int64) throws -> String) throws -> Int64 {
    try Self.mapErrors(path: path) {
      try writer.write { db in
        try db.execute(
          sql: """
            INSERT INTO analyses (created_at, baseline, canary, baseline_from, baseline_to,
                                  canary_from, canary_to, verdict, score, report)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '')
            """,
          arguments: [
            record.createdAt, record.baseline, record.canary, record.baselineWindow.from,
            record.baselineWindow.to, record.canaryWindow.from, record.canaryWindow.to,
            record.verdict, record.score,
          ])
        let id = db.lastInsertedRowID
        let metric = try db.makeStatement(
          sql: """
            INSERT INTO analysis_metrics (analysis_id, position, metric, kind, test, critical,
              classification, statistic, p_value, estimate, ci_low, ci_high, ratio, baseline_n,
              canary_n, baseline_mean, canary_mean, reason, design, matched)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let value = try db.makeStatement(
          sql:
            "INSERT INTO analysis_values (analysis_id, metric, side, unit, ts, value) VALUES (?, ?, ?, ?, ?, ?)"
        )
        for (position, row) in record.metrics.enumerated() {
          try metric.execute(arguments: [
            id, position, row.name, row.kind, row.test, row.critical, row.classification,
            row.statistic, row.pValue, row.estimate, row.ciLow, row.ciHigh, row.ratio,
            row.baselineValues.count, row.canaryValues.count, row.baselineMean, row.canaryMean,
            row.reason, row.design, row.matched,
          ])
          for (side, values) in [(Side.baseline, row.baselineValues), (.canary, row.canaryValues)] {
            for (ts, number) in values {
              try value.execute(arguments: [id, row.name, side.rawValue, "", ts, number])
            }
          }
          for entry in row.unitValues {
            try value.execute(arguments: [
              id, row.name, entry.side.rawValue, entry.unit, entry.ts, entry.value,
            ])
          }
        }
        try db.execute(
          sql: "UPDATE analyses SET report = ? WHERE id = ?", arguments: [try report(id), id])
        return id
      }
    }
  }

  /// The stored JSON report of analysis `id`, nil when there is none.
  public func analysisReport(id: Int64) throws -> String? {
    try Self.mapErrors(path: path) {
      try writer.read { db in
        try String.fetchOne(db, sql: "SELECT report FROM analyses WHERE id = ?", arguments: [id])
      }
    }
  }

  /// The id of the latest analysis, nil when there is none.
  public func latestAnalysisID() throws -> Int64? {
    try Self.mapErrors(path: path) {
      try writer.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM analyses") }
    }
  }
}

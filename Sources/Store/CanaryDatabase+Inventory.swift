import GRDB

/// What the database holds for one revision (`canary revisions`).
public struct RevisionSummary: Sendable, Hashable, Codable {
  /// Revision name.
  public var revision: String
  /// Number of series attributed to it.
  public var series: Int
  /// Number of stored samples.
  public var samples: Int
  /// First sample time, Unix milliseconds (nil without samples).
  public var firstTimestamp: Int64?
  /// Last sample time, Unix milliseconds (nil without samples).
  public var lastTimestamp: Int64?
  /// Series per attribution rule that placed them on this revision (`label`, `namespace`,
  /// `forced`, `default`): how far the revision rests on labels the pods carried.
  public var attribution: [String: Int] = [:]
}

/// What the database holds for one metric of one revision (`canary metrics`).
public struct MetricSummary: Sendable, Hashable, Codable {
  /// Revision name.
  public var revision: String
  /// Sample name as stored.
  public var metric: String
  /// Declared type.
  public var type: String
  /// Number of series.
  public var series: Int
  /// Number of stored samples.
  public var samples: Int
  /// First sample time, Unix milliseconds (nil without samples).
  public var firstTimestamp: Int64?
  /// Last sample time, Unix milliseconds (nil without samples).
  public var lastTimestamp: Int64?
}

extension CanaryDatabase {
  /// Every revision with its series and sample counts and time range, by name.
  public func revisions() throws -> [RevisionSummary] {
    try Self.mapErrors(path: path) {
      try writer.read { db in
        let summaries = try Row.fetchAll(
          db,
          sql: """
            SELECT s.revision AS revision, COUNT(DISTINCT s.id) AS series,
                   COUNT(p.ts) AS samples, MIN(p.ts) AS first, MAX(p.ts) AS last
              FROM series s LEFT JOIN samples p ON p.series_id = s.id
             GROUP BY s.revision ORDER BY s.revision
            """
        ).map { row in
          RevisionSummary(
            revision: row["revision"], series: row["series"], samples: row["samples"],
            firstTimestamp: row["first"], lastTimestamp: row["last"])
        }
        var rules: [String: [String: Int]] = [:]
        for row in try Row.fetchAll(
          db,
          sql: """
            SELECT revision, attribution, COUNT(*) AS series FROM series
             GROUP BY revision, attribution
            """)
        {
          rules[row["revision"], default: [:]][row["attribution"]] = row["series"]
        }
        return summaries.map { summary in
          var summary = summary
          summary.attribution = rules[summary.revision] ?? [:]
          return summary
        }
      }
    }
  }

  /// Every metric (per revision) with its counts and time range; `revision` narrows to one.
  public func metrics(revision: String? = nil) throws -> [MetricSummary] {
    try Self.mapErrors(path: path) {
      try writer.read { db in
        try Row.fetchAll(
          db,
          sql: """
            SELECT s.revision AS revision, s.metric AS metric, MIN(s.type) AS type,
                   COUNT(DISTINCT s.id) AS series, COUNT(p.ts) AS samples,
                   MIN(p.ts) AS first, MAX(p.ts) AS last
              FROM series s LEFT JOIN samples p ON p.series_id = s.id
             WHERE ?1 IS NULL OR s.revision = ?1
             GROUP BY s.revision, s.metric ORDER BY s.revision, s.metric
            """,
          arguments: [revision]
        ).map { row in
          MetricSummary(
            revision: row["revision"], metric: row["metric"], type: row["type"],
            series: row["series"], samples: row["samples"],
            firstTimestamp: row["first"], lastTimestamp: row["last"])
        }
      }
    }
  }

  /// The number of stored samples (all revisions).
  public func sampleCount() throws -> Int {
    try Self.mapErrors(path: path) {
      try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM samples") ?? 0 }
    }
  }
}

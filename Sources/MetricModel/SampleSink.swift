/// Where the ingest pipeline stores series and samples: the database, or memory in tests.
///
/// The pipeline owns the policy (attribution, duplicates, which rows are new, when to commit);
/// a sink only stores and reads back what it is told, inside transactions the pipeline opens.
public protocol SampleSink: Sendable {
  /// Runs `body` with exclusive write access for one ingest.
  ///
  /// No transaction is open when `body` starts; `body` begins and ends its own. One left open
  /// when `body` returns or throws is rolled back.
  func withWriteSession<T>(_ body: (any SampleSinkSession) throws -> T) throws -> T
  /// The files among `pathKeys` (``StoredInput/pathKey``) that an earlier ingest stored
  /// whole, by path key.
  func storedInputs(pathKeys: [Int64]) throws -> [Int64: StoredInput]
  /// Whether an earlier ingest remembered any file (``storedInputs(pathKeys:)`` would find
  /// some); false lets an ingest skip the lookup.
  func remembersInputs() throws -> Bool
}

extension SampleSink {
  /// A sink that remembers no files: every input is read.
  public func storedInputs(pathKeys: [Int64]) throws -> [Int64: StoredInput] { [:] }
  /// A sink that remembers no files.
  public func remembersInputs() throws -> Bool { false }
}

/// Write access to a ``SampleSink`` for the duration of one ingest, used from one thread.
public protocol SampleSinkSession: AnyObject {
  /// Opens a write transaction.
  ///
  /// - Returns: Whether another writer committed since this session's previous transaction
  ///   (always false for the first): what the pipeline remembers of stored samples may be stale.
  func beginTransaction() throws -> Bool
  /// Commits the open transaction: everything written since ``beginTransaction()`` lands.
  func commitTransaction() throws
  /// Discards everything written since ``beginTransaction()``.
  func rollbackTransaction() throws
  /// Every stored series' id by its ``SeriesRecord/key``, to warm-start the pipeline's cache.
  func storedSeriesIDs() throws -> [String: Int64]
  /// The id of the series `record` (by metric, revision and labels), inserting it when new
  /// (`created`: it then has no sample); an existing series keeps its first type and
  /// attribution.
  func resolveSeries(_ record: SeriesRecord) throws -> (id: Int64, created: Bool)
  /// The latest timestamp stored for a series (Unix milliseconds), nil when it has none.
  func latestTimestamp(seriesID: Int64) throws -> Int64?
  /// The stored samples of a series with `from <= ts <= through`, in time order.
  func storedSamples(seriesID: Int64, from: Int64, through: Int64) throws -> (
    timestamps: [Int64], values: [Double]
  )
  /// Stores rows none of which is stored yet, given in key order (series id, then time).
  func insertNew(_ rows: SampleRows) throws
  /// Replaces the value of a stored sample.
  func replaceValue(seriesID: Int64, timestamp: Int64, value: Double) throws
  /// Remembers files stored whole in the open transaction (replacing what was remembered of
  /// the same paths).
  func recordInputs(_ inputs: [StoredInput]) throws
  /// Forgets every remembered file, in the open transaction: a replaced value may have been
  /// one of theirs, so reading them again would no longer find only duplicates.
  func forgetStoredInputs() throws
}

extension SampleSinkSession {
  /// A session that remembers no files.
  public func recordInputs(_ inputs: [StoredInput]) throws {}
  /// A session that remembers no files.
  public func forgetStoredInputs() throws {}
}

import MetricModel

/// What the writer knows of each series of one ingest, indexed by handle: its stored id, the
/// latest stored timestamp and its revision.
///
/// Kept for the whole ingest, so a series known from an earlier input costs nothing more: ids
/// are warm-started from the sink's stored series, and the latest timestamp is read once per
/// series (inside a transaction) and then kept up to date in memory. When another writer
/// commits between two transactions, ``forgetLatest()`` makes the next use read it again.
struct SeriesTable {
  private(set) var records: [SeriesRecord] = []
  private var keys: [String] = []
  /// Handle → stored id (valid for handles below ``resolvedCount``).
  private(set) var ids: [Int64] = []
  /// Handle → latest stored timestamp (Int64.min when none), nil when not read yet.
  private var latest: [Int64?] = []
  /// Handle → index into ``revisions``.
  private(set) var revisionIndex: [Int] = []
  /// Revision names, in order of first appearance.
  private(set) var revisions: [String] = []
  /// Samples written (stored or replaced) per revision, by index into ``revisions``.
  var written: [Int] = []
  private var revisionPositions: [String: Int] = [:]
  private var warm: [String: Int64]?
  private var resolvedCount = 0

  /// The number of series.
  var count: Int { records.count }

  /// Adds series new to this ingest, in handle order; their ids are resolved by ``resolve(in:)``.
  mutating func append(_ series: [(record: SeriesRecord, key: String)]) {
    for (record, key) in series {
      records.append(record)
      keys.append(key)
      latest.append(nil)
      let position: Int
      if let known = revisionPositions[record.revision] {
        position = known
      } else {
        position = revisions.count
        revisionPositions[record.revision] = position
        revisions.append(record.revision)
        written.append(0)
      }
      revisionIndex.append(position)
    }
  }

  /// Gives every series added since the last call its stored id, inserting the new ones.
  /// Runs inside a transaction.
  mutating func resolve(in session: any SampleSinkSession) throws {
    guard resolvedCount < records.count else { return }
    if warm == nil { warm = try session.storedSeriesIDs() }
    for handle in resolvedCount..<records.count {
      if let id = warm?[keys[handle]] {
        ids.append(id)
      } else {
        let (id, created) = try session.resolveSeries(records[handle])
        ids.append(id)
        // Inserted in this transaction: no sample of it is stored, none to look up.
        if created { latest[handle] = Int64.min }
      }
    }
    resolvedCount = records.count
  }

  /// The latest stored timestamp of `handle` (Int64.min when it has none), read from the
  /// session the first time.
  mutating func latestTimestamp(of handle: Int, in session: any SampleSinkSession) throws
    -> Int64
  {
    if let known = latest[handle] { return known }
    let stored = try session.latestTimestamp(seriesID: ids[handle]) ?? Int64.min
    latest[handle] = stored
    return stored
  }

  /// Records that `handle` now has a sample at `timestamp` stored (or none later).
  mutating func stored(_ handle: Int, upTo timestamp: Int64) {
    // Unknown stays unknown: the sink may hold later samples than this batch.
    if let known = latest[handle] { latest[handle] = max(known, timestamp) }
  }

  /// Another writer may have stored samples: read every latest timestamp again.
  mutating func forgetLatest() {
    for index in latest.indices { latest[index] = nil }
  }
}

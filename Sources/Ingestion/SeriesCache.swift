import Foundation
import Store

/// Series already resolved to database ids by earlier inputs of one ingest.
///
/// Filled only from committed inputs, so every id it holds is in the database (series are
/// never deleted). Bounded by the number of distinct series, not samples.
final class SeriesCache: @unchecked Sendable {
  // Guards `entries`; an ingestor may be shared, though inputs are written one at a time.
  private let lock = NSLock()
  private var entries: [String: Int64] = [:]

  /// The identity of a series in the database: metric, revision and canonical labels.
  static func key(for record: SeriesRecord) -> String {
    record.metric + "\u{0}" + record.revision + "\u{0}" + record.labels.json
  }

  /// The database id of the series `key`, if known.
  func lookup(_ key: String) -> Int64? {
    lock.lock()
    defer { lock.unlock() }
    return entries[key]
  }

  /// Records the series a committed input resolved.
  func remember(_ updates: [(key: String, id: Int64)]) {
    lock.lock()
    defer { lock.unlock() }
    for update in updates { entries[update.key] = update.id }
  }
}

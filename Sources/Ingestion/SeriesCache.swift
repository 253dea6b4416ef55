import Foundation
import Store

/// Series already resolved to database ids, with the latest timestamp stored for each.
///
/// Filled only from committed inputs, so what it says is in the database. Bounded by the
/// number of distinct series, not samples.
final class SeriesCache: @unchecked Sendable {
  // Guards `entries`; an ingestor may be shared, though inputs are written one at a time.
  private let lock = NSLock()
  private var entries: [String: (id: Int64, latest: Int64?)] = [:]

  /// The identity of a series in the database: metric, revision and canonical labels.
  static func key(for record: SeriesRecord) -> String {
    record.metric + "\u{0}" + record.revision + "\u{0}" + record.labels.json
  }

  /// The id and latest stored timestamp of the series `key`, if known.
  func lookup(_ key: String) -> (id: Int64, latest: Int64?)? {
    lock.lock()
    defer { lock.unlock() }
    return entries[key]
  }

  /// Records what a committed input wrote (`Int64.min` means no sample stored).
  func remember(_ updates: [(key: String, id: Int64, latest: Int64)]) {
    lock.lock()
    defer { lock.unlock() }
    for update in updates {
      entries[update.key] = (update.id, update.latest == Int64.min ? nil : update.latest)
    }
  }
}

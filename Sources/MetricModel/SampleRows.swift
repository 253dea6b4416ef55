/// Samples as three parallel columns: series id, Unix milliseconds, value (NaN allowed).
///
/// The shape in which the ingest pipeline hands rows to a ``SampleSink`` and reads stored ones
/// back: no per-row allocation, and ready to bind many rows per statement.
public struct SampleRows: Sendable, Equatable {
  /// The series of each row (a database id).
  public var seriesIDs: [Int64] = []
  /// Unix milliseconds of each row.
  public var timestamps: [Int64] = []
  /// The value of each row; NaN is a value.
  public var values: [Double] = []

  /// Empty rows, with room for `capacity` of them.
  public init(capacity: Int = 0) {
    seriesIDs.reserveCapacity(capacity)
    timestamps.reserveCapacity(capacity)
    values.reserveCapacity(capacity)
  }

  /// The number of rows.
  public var count: Int { seriesIDs.count }

  /// Whether there is no row.
  public var isEmpty: Bool { seriesIDs.isEmpty }

  /// Appends one row.
  public mutating func append(seriesID: Int64, timestamp: Int64, value: Double) {
    seriesIDs.append(seriesID)
    timestamps.append(timestamp)
    values.append(value)
  }

  /// Removes every row, keeping the storage.
  public mutating func removeAll() {
    seriesIDs.removeAll(keepingCapacity: true)
    timestamps.removeAll(keepingCapacity: true)
    values.removeAll(keepingCapacity: true)
  }

  /// Equal for storage: the same number, or both NaN (a NaN stored again is a duplicate).
  public static func sameValue(_ a: Double, _ b: Double) -> Bool {
    a == b || (a.isNaN && b.isNaN)
  }
}

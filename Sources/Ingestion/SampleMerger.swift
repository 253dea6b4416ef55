import MetricModel

/// Rows waiting to be written, in arrival order: series handle, Unix milliseconds, value.
struct PendingRows {
  var handles: [Int32] = []
  var timestamps: [Int64] = []
  var values: [Double] = []

  var count: Int { handles.count }

  mutating func append(_ batch: SampleBatch) {
    handles += batch.handles
    timestamps += batch.timestamps
    values += batch.values
  }

  mutating func removeAll() {
    handles.removeAll(keepingCapacity: true)
    timestamps.removeAll(keepingCapacity: true)
    values.removeAll(keepingCapacity: true)
  }
}

/// Writes one batch of rows in key order, telling new samples, duplicates and replacements
/// apart in bulk.
///
/// The rows are grouped by series (in stored-id order, by counting, without comparing rows)
/// and put in time order within each series. A row later than everything stored for its
/// series is new; for the rows at or before that latest timestamp, one range read per series
/// fetches what is stored, and a merge decides: absent → new, same value → duplicate, other
/// value → replaced. Repeats of one (series, time) within the batch are judged in arrival
/// order, as if written one by one. New rows are then stored in one call, in key order, so the
/// B-tree appends rather than seeks.
struct SampleMerger {
  /// Samples stored that were not stored before.
  var inserted = 0
  /// Samples already stored with the same value.
  var duplicates = 0
  /// Samples stored before with another value.
  var replaced = 0

  private var counts: [Int32] = []
  private var cursors: [Int] = []
  private var touched: [Int] = []
  private var order: [Int] = []
  private var inserts = SampleRows()
  private var replacements = SampleRows()

  /// Writes `rows` (whose series `table` has resolved) through `session`.
  mutating func write(
    _ rows: PendingRows, table: inout SeriesTable, session: any SampleSinkSession
  ) throws {
    group(rows, table: table)
    var start = 0
    for handle in touched {
      let end = start + Int(counts[handle])
      counts[handle] = 0
      try merge(series: handle, positions: start..<end, rows: rows, table: &table, session: session)
      start = end
    }
    try session.insertNew(inserts)
    for index in 0..<replacements.count {
      try session.replaceValue(
        seriesID: replacements.seriesIDs[index], timestamp: replacements.timestamps[index],
        value: replacements.values[index])
    }
    inserts.removeAll()
    replacements.removeAll()
  }

  /// Fills `order` with the row positions grouped by series in stored-id order, each series'
  /// rows in time order (ties in arrival order), and `touched` with those series.
  private mutating func group(_ rows: PendingRows, table: SeriesTable) {
    if counts.count < table.count {
      counts += Array(repeating: 0, count: table.count - counts.count)
      cursors += Array(repeating: 0, count: table.count - cursors.count)
    }
    touched.removeAll(keepingCapacity: true)
    for handle in rows.handles {
      let index = Int(handle)
      if counts[index] == 0 { touched.append(index) }
      counts[index] += 1
    }
    let ids = table.ids
    touched.sort { ids[$0] < ids[$1] }
    var offset = 0
    for handle in touched {
      cursors[handle] = offset
      offset += Int(counts[handle])
    }
    order = Array(repeating: 0, count: rows.count)
    for position in 0..<rows.count {
      let handle = Int(rows.handles[position])
      order[cursors[handle]] = position
      cursors[handle] += 1
    }
    var start = 0
    let timestamps = rows.timestamps
    for handle in touched {
      let end = start + Int(counts[handle])
      var sorted = true
      var index = start + 1
      while index < end {
        if timestamps[order[index]] < timestamps[order[index - 1]] {
          sorted = false
          break
        }
        index += 1
      }
      if !sorted {
        order[start..<end].sort {
          timestamps[$0] != timestamps[$1] ? timestamps[$0] < timestamps[$1] : $0 < $1
        }
      }
      start = end
    }
  }

  /// Judges and queues the rows of one series (`order[positions]`, in time order).
  private mutating func merge(
    series handle: Int, positions: Range<Int>, rows: PendingRows, table: inout SeriesTable,
    session: any SampleSinkSession
  ) throws {
    let id = table.ids[handle]
    let latest = try table.latestTimestamp(of: handle, in: session)
    let first = rows.timestamps[order[positions.lowerBound]]
    var stored: (timestamps: [Int64], values: [Double]) = ([], [])
    if first <= latest {
      var last = first
      for position in positions {
        let ts = rows.timestamps[order[position]]
        if ts > latest { break }
        last = ts
      }
      stored = try session.storedSamples(seriesID: id, from: first, through: last)
    }
    var cursor = 0
    var written = 0
    var position = positions.lowerBound
    while position < positions.upperBound {
      let ts = rows.timestamps[order[position]]
      while cursor < stored.timestamps.count && stored.timestamps[cursor] < ts { cursor += 1 }
      let existed = cursor < stored.timestamps.count && stored.timestamps[cursor] == ts
      let original = existed ? stored.values[cursor] : 0
      var current = original
      var present = existed
      while position < positions.upperBound && rows.timestamps[order[position]] == ts {
        let value = rows.values[order[position]]
        if !present {
          inserted += 1
          written += 1
          present = true
          current = value
        } else if SampleRows.sameValue(current, value) {
          duplicates += 1
        } else {
          replaced += 1
          written += 1
          current = value
        }
        position += 1
      }
      if !existed {
        inserts.append(seriesID: id, timestamp: ts, value: current)
      } else if !SampleRows.sameValue(original, current) {
        replacements.append(seriesID: id, timestamp: ts, value: current)
      }
    }
    table.written[table.revisionIndex[handle]] += written
    table.stored(handle, upTo: rows.timestamps[order[positions.upperBound - 1]])
  }
}

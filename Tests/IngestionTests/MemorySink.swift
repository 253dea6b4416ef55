import Foundation
import MetricModel

@testable import Ingestion

/// A ``SampleSink`` in memory that behaves as the database does (a constraint failure when a
/// "new" row exists, rollback restores the state at begin) and records what the pipeline asked.
final class MemorySink: SampleSink, SampleSinkSession, @unchecked Sendable {
  struct State {
    var series: [String: Int64] = [:]
    var records: [Int64: SeriesRecord] = [:]
    var samples: [Int64: [Int64: Double]] = [:]
  }

  struct ConstraintFailure: Error {}

  private(set) var state = State()
  private var snapshot: State?
  /// Every committed state, in order.
  private(set) var commits: [State] = []
  private(set) var rollbacks = 0
  private(set) var seriesLookups = 0
  private(set) var latestLookups = 0
  private(set) var rangeReads = 0
  /// Calls of ``insertNew(_:)``: the writer's stores of new rows.
  private(set) var stores = 0
  /// Runs at the start of the given transaction (1-based), as another writer committing.
  var otherWriter: (number: Int, write: (inout State) -> Void)?
  private var transactions = 0

  func withWriteSession<T>(_ body: (any SampleSinkSession) throws -> T) throws -> T {
    do {
      return try body(self)
    } catch {
      if snapshot != nil { try rollbackTransaction() }
      throw error
    }
  }

  func beginTransaction() throws -> Bool {
    precondition(snapshot == nil, "nested transaction")
    transactions += 1
    var othersWrote = false
    if let other = otherWriter, other.number == transactions {
      other.write(&state)
      othersWrote = true
    }
    snapshot = state
    return othersWrote
  }

  func commitTransaction() throws {
    precondition(snapshot != nil, "commit without a transaction")
    snapshot = nil
    commits.append(state)
  }

  func rollbackTransaction() throws {
    guard let saved = snapshot else { preconditionFailure("rollback without a transaction") }
    state = saved
    snapshot = nil
    rollbacks += 1
  }

  func storedSeriesIDs() throws -> [String: Int64] { state.series }

  func resolveSeries(_ record: SeriesRecord) throws -> (id: Int64, created: Bool) {
    precondition(snapshot != nil, "write outside a transaction")
    seriesLookups += 1
    if let id = state.series[record.key] { return (id, false) }
    let id = Int64(state.series.count + 1)
    state.series[record.key] = id
    state.records[id] = record
    return (id, true)
  }

  func latestTimestamp(seriesID: Int64) throws -> Int64? {
    latestLookups += 1
    return state.samples[seriesID]?.keys.max()
  }

  func storedSamples(seriesID: Int64, from: Int64, through: Int64) throws -> (
    timestamps: [Int64], values: [Double]
  ) {
    rangeReads += 1
    let rows = (state.samples[seriesID] ?? [:]).filter { $0.key >= from && $0.key <= through }
      .sorted { $0.key < $1.key }
    return (rows.map(\.key), rows.map(\.value))
  }

  func insertNew(_ rows: SampleRows) throws {
    precondition(snapshot != nil, "write outside a transaction")
    stores += 1
    for index in 0..<rows.count {
      let id = rows.seriesIDs[index]
      if index > 0 {
        let previous = (rows.seriesIDs[index - 1], rows.timestamps[index - 1])
        precondition(previous < (id, rows.timestamps[index]), "rows not in key order")
      }
      if state.samples[id]?[rows.timestamps[index]] != nil { throw ConstraintFailure() }
      state.samples[id, default: [:]][rows.timestamps[index]] = rows.values[index]
    }
  }

  func replaceValue(seriesID: Int64, timestamp: Int64, value: Double) throws {
    precondition(snapshot != nil, "write outside a transaction")
    precondition(state.samples[seriesID]?[timestamp] != nil, "replacing a missing sample")
    state.samples[seriesID]?[timestamp] = value
  }

  /// Stored samples of all series.
  var sampleCount: Int { state.samples.values.reduce(0) { $0 + $1.count } }

  /// The stored value of the series of `metric` (any labels) at `timestamp`.
  func values(metric: String) -> [Int64: Double] {
    var found: [Int64: Double] = [:]
    for (id, record) in state.records where record.metric == metric {
      found.merge(state.samples[id] ?? [:]) { first, _ in first }
    }
    return found
  }
}

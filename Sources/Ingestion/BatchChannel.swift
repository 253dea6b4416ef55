import Foundation
import MetricModel

/// Rows parsed on the parser thread and not yet written, with the series first seen in them:
/// the rows of whole inputs (many small ones together), or a part of a large one.
struct SampleBatch {
  /// Series new to this ingest, in the order of their handles, each with its
  /// ``SeriesRecord/key``.
  var newSeries: [(record: SeriesRecord, key: String)] = []
  /// Per row: series handle, Unix milliseconds, value.
  var handles: [Int32] = []
  var timestamps: [Int64] = []
  var values: [Double] = []
  /// Malformed lines skipped under `--skip-invalid`, and the first few as `file:line:column:
  /// message`.
  var skippedCount = 0
  var skippedMessages: [String] = []
  /// `file: message` of what the inputs themselves warned of (Prometheus API `warnings`).
  var warnings: [String] = []
  /// Files of the inputs ended here to remember as stored whole.
  var storedInputs: [StoredInput] = []
  /// Inputs found unchanged since an earlier ingest (not read), and their samples.
  var unchangedInputs = 0
  var unchangedSamples = 0
  /// Inputs whose last rows are in this batch.
  var inputsEnded = 0
  /// Of those, the inputs a pool worker parsed.
  var inputsParsedAhead = 0
  /// Whether the batch ends where an input ends: only then may the writer commit after it.
  var endsInput = true

  /// An empty batch.
  init() {}

  /// An empty batch with room for `capacity` rows.
  init(capacity: Int) {
    handles.reserveCapacity(capacity)
    timestamps.reserveCapacity(capacity)
    values.reserveCapacity(capacity)
  }

  /// Moves the rows from `row` and the series from `series` on into a new batch.
  mutating func split(atRow row: Int, series: Int) -> SampleBatch {
    var rest = SampleBatch()
    rest.newSeries = Array(newSeries[series...])
    rest.handles = Array(handles[row...])
    rest.timestamps = Array(timestamps[row...])
    rest.values = Array(values[row...])
    newSeries.removeSubrange(series...)
    handles.removeSubrange(row...)
    timestamps.removeSubrange(row...)
    values.removeSubrange(row...)
    return rest
  }
}

/// A bounded queue of batches from the parser thread to the writer.
///
/// Bounded so memory does not grow with the input: when the writer falls behind, the parser
/// waits. Either side can stop the other: the parser by finishing (with an error or not),
/// the writer by cancelling.
final class BatchChannel: @unchecked Sendable {
  /// Thrown to the parser when the writer has given up.
  struct Cancelled: Error {}

  private let condition = NSCondition()
  private var queue: [SampleBatch] = []
  private var finished = false
  private var cancelled = false
  private var failure: (any Error)?
  private let depth: Int

  init(depth: Int = 4) {
    self.depth = depth
  }

  /// Parser side: hands over a batch, waiting while the queue is full.
  func send(_ batch: SampleBatch) throws {
    condition.lock()
    defer { condition.unlock() }
    while queue.count >= depth && !cancelled { condition.wait() }
    if cancelled { throw Cancelled() }
    queue.append(batch)
    condition.broadcast()
  }

  /// Parser side: no more batches; `error` is what stopped the parse, if anything.
  func finish(error: (any Error)?) {
    condition.lock()
    finished = true
    failure = error
    condition.broadcast()
    condition.unlock()
  }

  /// Writer side: the next batch; nil once the parser finished cleanly; throws its error.
  func receive() throws -> SampleBatch? {
    condition.lock()
    defer { condition.unlock() }
    while queue.isEmpty && !finished { condition.wait() }
    if !queue.isEmpty {
      let batch = queue.removeFirst()
      condition.broadcast()
      return batch
    }
    if let failure { throw failure }
    return nil
  }

  /// Writer side: stop the parser; waits until it has finished.
  func cancelAndWait() {
    condition.lock()
    cancelled = true
    queue.removeAll()
    condition.broadcast()
    while !finished { condition.wait() }
    condition.unlock()
  }
}

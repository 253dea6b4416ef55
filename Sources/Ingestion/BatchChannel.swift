import Foundation
import MetricModel

/// Rows of one input parsed on the parser thread and not yet written, with the series first
/// seen in them: a whole small input, or a part of a large one.
struct SampleBatch {
  /// The input the rows come from.
  var input: IngestInput
  /// Series new to this ingest, in the order of their handles, each with its
  /// ``SeriesRecord/key``.
  var newSeries: [(record: SeriesRecord, key: String)] = []
  /// Per row: series handle, Unix milliseconds, value.
  var handles: [Int32] = []
  var timestamps: [Int64] = []
  var values: [Double] = []
  var skipped: [ParseError] = []
  /// What the input itself warned of (Prometheus API `warnings`).
  var warnings: [String] = []
  /// Whether the input ends with this batch: only then may the writer commit after it.
  var endsInput = false

  /// Rows after which a large input is handed over in parts.
  static let capacity = 16_384

  init(input: IngestInput) {
    self.input = input
  }

  var isFull: Bool { handles.count >= Self.capacity }
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

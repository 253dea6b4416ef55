import MetricModel

/// One small input parsed on a pool worker, kept whole until the parser thread replays it to
/// the ingest's handler in input order.
///
/// It records exactly the calls a parser made: each series first seen (with the row it was
/// seen before), each sample (its timestamp already defaulted), the skipped lines and the
/// warnings. Series handles are the worker's own, counted across every input it parsed, so a
/// series one worker interned in an earlier input is not announced again.
struct ParsedInput {
  /// Series new to the worker, each with the number of rows recorded before it was seen.
  var newSeries: [(row: Int, descriptor: HashedDescriptor)] = []
  /// One recorded sample: the worker's series handle, Unix milliseconds, value.
  struct Row {
    var handle: Int32
    var timestamp: Int64
    var value: Double
  }

  /// The samples in order (one array, so recording one is one append, not three).
  var rows: [Row] = []
  var skipped: [ParseError] = []
  var warnings: [String] = []
  /// Bytes read and the input's size (when known), for the progress report.
  var bytesRead = 0
  var size: Int?
  /// The file's identity when opened; whether a sample took the default time.
  var identity: FileIdentity?
  var usedDefault = false
  /// The format it was read in.
  var format: InputFormat?
  /// The samples of a file found unchanged since an earlier ingest (nothing else recorded).
  var unchangedSamples: Int?

  /// An empty record with room for `capacity` rows.
  init(capacity: Int = 0) {
    rows.reserveCapacity(capacity)
  }

  /// Replays the recorded calls to `handler`; `handles` maps the worker's handles to the
  /// handler's and grows with the series this input announces. A series another worker
  /// announced before (in `known`) gets its handle without asking the handler again, as a
  /// parser that had seen it would.
  func replay<H: SampleHandler>(
    to handler: inout H, handles mapped: inout [Int32], known: inout [HashedDescriptor: Int32]
  ) throws {
    var start = 0
    for index in newSeries.indices {
      let row = newSeries[index].row
      if row > start {
        try replayRows(start..<row, to: &handler, handles: mapped)
        start = row
      }
      try announce(index, to: &handler, handles: &mapped, known: &known)
    }
    if start < rows.count {
      try replayRows(start..<rows.count, to: &handler, handles: mapped)
    }
    for error in skipped { handler.skippedLine(error) }
    for message in warnings { handler.warning(message) }
  }

  /// The samples of `rows`, read in place (no reference counting per row).
  private func replayRows<H: SampleHandler>(
    _ rows: Range<Int>, to handler: inout H, handles mapped: [Int32]
  ) throws {
    try mapped.withUnsafeBufferPointer { mapped in
      try self.rows.withUnsafeBufferPointer { recorded in
        for index in rows {
          let row = recorded[index]
          try handler.sample(
            series: mapped[Int(row.handle)], timestampMilliseconds: row.timestamp,
            value: row.value)
        }
      }
    }
  }

  private func announce<H: SampleHandler>(
    _ index: Int, to handler: inout H, handles mapped: inout [Int32],
    known: inout [HashedDescriptor: Int32]
  ) throws {
    let series = newSeries[index].descriptor
    if let handle = known[series] {
      mapped.append(handle)
      return
    }
    let handle = try handler.newSeries(series.descriptor, hashValue: series.hash)
    known[series] = handle
    mapped.append(handle)
  }
}

/// The handler a pool worker parses with: records an input's calls into a ``ParsedInput``.
struct InputRecorder: SampleHandler {
  /// The worker's next series handle (kept from input to input).
  var nextHandle: Int32 = 0
  /// The time of samples that carry none.
  var defaultTimestamp: Int64 = 0
  /// What the current input did.
  var parsed = ParsedInput()

  mutating func newSeries(_ descriptor: SeriesDescriptor) throws -> Int32 {
    try newSeries(descriptor, hashValue: descriptor.hashValue)
  }

  /// Keeps the hash the parser worked out: the replaying thread looks the series up by it.
  mutating func newSeries(_ descriptor: SeriesDescriptor, hashValue: Int) throws -> Int32 {
    parsed.newSeries.append((parsed.rows.count, HashedDescriptor(descriptor, hash: hashValue)))
    nextHandle += 1
    return nextHandle - 1
  }

  mutating func sample(series: Int32, timestampMilliseconds: Int64?, value: Double) throws {
    if timestampMilliseconds == nil { parsed.usedDefault = true }
    parsed.rows.append(
      ParsedInput.Row(
        handle: series, timestamp: timestampMilliseconds ?? defaultTimestamp, value: value))
  }

  mutating func skippedLine(_ error: ParseError) {
    parsed.skipped.append(error)
  }

  mutating func warning(_ message: String) {
    parsed.warnings.append(message)
  }
}

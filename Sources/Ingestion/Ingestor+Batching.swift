import Foundation
import MetricModel

/// Collects parsed series and samples into batches for the writer, across all inputs.
///
/// The rows of small inputs accumulate in one batch and go over together once it is full; a
/// batch holds only whole inputs, except when one input alone fills it: then the inputs before
/// it go first, and it follows in parts.
struct BatchingHandler: SampleHandler {
  let attributor: RevisionAttributor
  let batchRows: Int
  let channel: BatchChannel
  let fingerprints: InputFingerprints
  private var cache = SeriesCache()
  /// Parser handle → the ingest's series handle, or `-1 - i` for the time-attributed
  /// series `timed[i]`, whose handle depends on each sample's time.
  private var slots: [Int32] = []
  private var timed: [TimedSeries] = []
  private var restarts = PodRestartWatch()
  private var batch = SampleBatch()
  private var input = IngestInput.standardInput
  private var defaultTimestamp: Int64 = 0
  /// The current input's path key when it is a file, its rows so far, and whether one
  /// took the default time.
  private var inputPath: Int64?
  private var inputRows = 0
  private var inputUsedDefault = false
  /// Whether any input of this ingest gave a row: from then on no file may go unread, for a
  /// row may have replaced a value of one (it would be read again to put its value back).
  private(set) var producedRows = false
  /// Where the current input's rows and new series start in `batch`.
  private var inputRowStart = 0
  private var inputSeriesStart = 0
  /// Skipped lines and warnings of the current input, added to the batch at its end.
  private var skipped: [ParseError] = []
  private var warnings: [String] = []
  /// Skipped lines listed so far (at most ``IngestResult/warningLimit``).
  private var listedSkipped = 0

  init(
    attributor: RevisionAttributor, batchRows: Int, channel: BatchChannel,
    fingerprints: InputFingerprints
  ) {
    self.attributor = attributor
    self.batchRows = batchRows
    self.channel = channel
    self.fingerprints = fingerprints
  }

  /// Starts collecting the rows of `input`, a file when `path` (its path key) is given.
  mutating func begin(_ input: IngestInput, defaultTimestamp: Int64, path: Int64?) {
    self.input = input
    self.defaultTimestamp = defaultTimestamp
    inputPath = path
    inputRows = 0
    inputUsedDefault = false
    inputRowStart = batch.handles.count
    inputSeriesStart = batch.newSeries.count
    skipped.removeAll()
    warnings.removeAll()
  }

  /// The current input is a file an earlier ingest stored whole, unchanged since: its
  /// `samples` count as duplicates, nothing is read.
  mutating func unchangedInput(samples: Int) {
    batch.unchangedInputs += 1
    batch.unchangedSamples += samples
    inputPath = nil
  }

  /// The current input parsed completely (on a pool worker when `parsedAhead`): its rows
  /// join the batch for good. `identity` is the file's when it was opened, `format` the one
  /// it was read in, `usedDefault` whether a worker gave a sample the default time.
  mutating func endInput(
    parsedAhead: Bool = false, identity: FileIdentity? = nil, format: InputFormat? = nil,
    usedDefault: Bool = false
  ) throws {
    if let inputPath, let format, skipped.isEmpty, warnings.isEmpty,
      let stored = fingerprints.record(
        path: inputPath, identity: identity, format: format, defaultTimestamp: defaultTimestamp,
        usedDefault: usedDefault || inputUsedDefault, samples: inputRows)
    {
      batch.storedInputs.append(stored)
    }
    inputPath = nil
    batch.inputsEnded += 1
    if parsedAhead { batch.inputsParsedAhead += 1 }
    batch.skippedCount += skipped.count
    for error in skipped where listedSkipped < IngestResult.warningLimit {
      batch.skippedMessages.append(
        IngestionError.malformed(path: input.name, error: error).description)
      listedSkipped += 1
    }
    batch.warnings += warnings.map { "\(input.name): \($0)" }
    inputRowStart = batch.handles.count
    inputSeriesStart = batch.newSeries.count
    if isFull { try send() }
  }

  /// Hands over the whole inputs collected so far (the parse failed on the current one, whose
  /// rows are dropped, or everything is parsed).
  mutating func sendWholeInputs() throws {
    _ = batch.split(atRow: inputRowStart, series: inputSeriesStart)
    if batch.inputsEnded > 0 || !batch.warnings.isEmpty { try send() }
  }

  /// Everything parsed: warns of units whose pods were replaced while the namespace map gives
  /// them one revision throughout.
  mutating func warnOfRestarts() {
    batch.warnings += restarts.warnings()
  }

  mutating func newSeries(_ descriptor: SeriesDescriptor) throws -> Int32 {
    let schedule = attributor.schedule(of: descriptor)
    restarts.add(descriptor, schedule: schedule)
    if schedule.isTimed {
      // Stored as one series per period's revision, each made when a sample first needs it.
      slots.append(-Int32(timed.count) - 1)
      timed.append(
        TimedSeries(
          descriptor: descriptor, schedule: schedule,
          handles: Array(repeating: -1, count: schedule.periods.count)))
    } else {
      let period = schedule.periods[0]
      slots.append(handle(of: descriptor, revision: period.revision, rule: period.rule))
    }
    return Int32(slots.count - 1)
  }

  /// The ingest's handle of `descriptor` stored under `revision`, new series added to the batch.
  private mutating func handle(
    of descriptor: SeriesDescriptor, revision: String, rule: Attribution
  ) -> Int32 {
    let record = SeriesRecord(
      metric: descriptor.name, family: descriptor.family, type: descriptor.type,
      revision: revision, labels: descriptor.labels, attribution: rule)
    // The canonical key is built once per series, period and spelling a parser has not seen.
    let key = record.key
    if let known = cache.handle(forKey: key) { return known }
    batch.newSeries.append((record, key))
    return cache.add(key: key)
  }

  /// The ingest's handle of the time-attributed series `index` at `timestamp`.
  private mutating func timedHandle(_ index: Int, at timestamp: Int64) -> Int32 {
    let period = timed[index].schedule.index(at: timestamp)
    let known = timed[index].handles[period]
    if known >= 0 { return known }
    let chosen = timed[index].schedule.periods[period]
    let handle = handle(
      of: timed[index].descriptor, revision: chosen.revision, rule: chosen.rule)
    timed[index].handles[period] = handle
    return handle
  }

  mutating func sample(series: Int32, timestampMilliseconds: Int64?, value: Double) throws {
    let timestamp: Int64
    if let timestampMilliseconds {
      timestamp = timestampMilliseconds
    } else {
      timestamp = defaultTimestamp
      inputUsedDefault = true
    }
    inputRows += 1
    if !producedRows {
      producedRows = true
      fingerprints.rowsGiven.raise()
    }
    let slot = slots[Int(series)]
    restarts.sample(Int(series), at: timestamp)
    batch.handles.append(slot >= 0 ? slot : timedHandle(Int(-slot - 1), at: timestamp))
    batch.timestamps.append(timestamp)
    batch.values.append(value)
    guard isFull else { return }
    if batch.inputsEnded > 0 {
      // Whole inputs go first; this one, too large to share a batch, follows in parts.
      let rest = batch.split(atRow: inputRowStart, series: inputSeriesStart)
      try send()
      batch = rest
      guard isFull else { return }
    }
    batch.endsInput = false
    try send()
  }

  mutating func skippedLine(_ error: ParseError) {
    skipped.append(error)
  }

  mutating func warning(_ message: String) {
    warnings.append(message)
  }

  private var isFull: Bool { batch.handles.count >= batchRows }

  private mutating func send() throws {
    try channel.send(batch)
    batch = SampleBatch(capacity: batchRows)
    inputRowStart = 0
    inputSeriesStart = 0
  }
}

/// A series whose revision changes in time (a time-stamped namespace map): its handle per
/// period of its schedule, -1 until a sample falls in that period.
struct TimedSeries {
  let descriptor: SeriesDescriptor
  let schedule: RevisionAttributor.Schedule
  var handles: [Int32]
}

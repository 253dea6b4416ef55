import Foundation
import MetricModel

/// How many rows go where in the pipeline; tests make them small to reach every path.
struct BatchLimits: Sendable {
  /// Rows after which the parser hands a batch over, at the end of an input or in the middle
  /// of one too large to share a batch.
  var batchRows = 16_384
  /// Rows of whole inputs after which the writer stores and commits what it holds: many rows
  /// per series per write, so the B-tree seeks once per series for many appends.
  var commitRows = 524_288
  /// Rows of a large input after which the writer stores them (uncommitted): fewer, so the
  /// writer keeps pace with the parser and little is left to write when the parse ends.
  /// Whole small inputs are stored so too once their rows reach it with at least
  /// `runRows` rows per series on average (each series' seek in the B-tree then serves a long
  /// run of appends), or when at most a quarter of their series were stored in an earlier
  /// part and at most a quarter got rows in the last batch (series done with, appended after
  /// everything stored).
  var partRows = 65_536
  var runRows = 384
  /// Worker threads that parse small inputs ahead of the parser thread (0: none, every input
  /// parsed on the parser thread).
  var parserThreads = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))
  /// The largest input parsed on a worker: a scrape, read in one go.
  var pooledInputBytes = 1 << 20
  /// Inputs a worker parses in one go at first (the threads meet once per chunk, not per
  /// file), then as many as make about `pooledChunkBytes` (at most 64): each meeting wakes a
  /// thread, and on the per-pod benchmark directory (13.6 kB files) chunks of 18 files cost
  /// 0.1 s more CPU than chunks of 64.
  var pooledChunkFiles = 8
  var pooledChunkBytes = 1 << 20
  /// Input bytes (or rows, 24 bytes each, when more) parsed ahead and not yet handed to the
  /// writer, at most, but for the oldest chunk, which always goes on (bounds memory).
  var pooledBytesAhead = 16 << 20

  /// Batches the channel holds: room for a commit's worth while the writer stores the last.
  var channelDepth: Int { max(4, commitRows / batchRows) }
}

/// The writer's side of an ingest: takes the parser's batches, writes them through the sink
/// and commits only between inputs.
///
/// Whole small inputs accumulate until about ``BatchLimits/commitRows`` rows, then go in one
/// transaction, stored together in key order. A large input (one handed over in parts) starts with a commit
/// of what came before it, so when it turns out malformed its own transaction is rolled back
/// and nothing else is lost.
struct BatchWriter {
  let session: any SampleSinkSession
  let limits: BatchLimits
  /// What the ingest did so far; complete once ``run(from:)`` returns.
  private(set) var result = IngestResult()
  private var table = SeriesTable()
  private var merger = SampleMerger()
  private var pending = PendingRows()
  /// The distinct series of the pending rows: per series handle, the store it last had a
  /// pending row in (`stores`, counting the stores so far).
  private var pendingSeries = 0
  /// Of those, the series that had rows in an earlier store of this ingest.
  private var pendingSeriesStoredBefore = 0
  private var lastPending: [Int] = []
  /// The distinct series of the batch taken last: per series handle, the batch it last had
  /// a row in (`batches`, counting the batches so far).
  private var batchSeries = 0
  private var lastBatch: [Int] = []
  private var batches = 0
  private var stores = 1
  /// Rows stored in the open transaction.
  private var uncommittedRows = 0
  /// Files of the pending rows' inputs to remember as stored whole, and the samples of the
  /// inputs found unchanged.
  private var pendingInputs: [StoredInput] = []
  private var unchangedSamples = 0
  /// Whether the remembered files were forgotten (this ingest replaced a value).
  private var forgotInputs = false
  private var inTransaction = false
  /// A large input is partly received: no commit until its end.
  private var insideInput = false

  init(session: any SampleSinkSession, limits: BatchLimits) {
    self.session = session
    self.limits = limits
  }

  /// Writes every batch of `channel`. When the parser fails, the inputs before the failing
  /// one are committed, the failing one's rows rolled back, and the parser's error thrown.
  mutating func run(from channel: BatchChannel) throws {
    while true {
      let next: SampleBatch?
      do {
        next = try channel.receive()
      } catch {
        try stopBeforeFailedInput()
        throw error
      }
      guard let batch = next else { break }
      try take(batch)
    }
    try store(commit: true)
    finishSummary()
  }

  private mutating func take(_ batch: SampleBatch) throws {
    if !insideInput && !batch.endsInput {
      // A large input begins: what came before it commits now, so that a failure of this
      // input rolls back this input alone.
      try store(commit: true)
    }
    table.append(batch.newSeries)
    if !batch.newSeries.isEmpty && !batch.handles.isEmpty {
      // Their ids now, while the writer waits for rows, not when the rows are stored (for
      // the last inputs: after the parse ended, with a core idle).
      try openTransaction()
      try table.resolve(in: session)
    }
    pending.append(batch)
    countSeries(of: batch)
    result.summary.skipped += batch.skippedCount
    result.warnings += batch.skippedMessages
    result.inputWarnings += batch.warnings
    result.summary.files += batch.inputsEnded
    result.summary.unchanged += batch.unchangedInputs
    unchangedSamples += batch.unchangedSamples
    pendingInputs += batch.storedInputs
    result.inputsParsedAhead += batch.inputsParsedAhead
    if batch.endsInput {
      insideInput = false
      if pending.count + uncommittedRows >= limits.commitRows {
        try store(commit: true)
      } else if pending.count >= limits.partRows
        && (pending.count >= pendingSeries * limits.runRows
          || (pendingSeriesStoredBefore * 4 <= pendingSeries
            && batchSeries * 4 <= pendingSeries))
      {
        // Many rows per series, or series mostly new to the ingest's stores that mostly got
        // no row in the last batch (one pod's files scrape after scrape, then the next
        // pod's): their rows go after everything stored, and storing them now costs no more
        // than later and leaves less to write once the parse ends. Not so for series that
        // keep getting rows (every series in every scrape file): stored now, their later rows
        // would go between stored ones instead of being appended.
        try store(commit: false)
      }
    } else {
      insideInput = true
      if pending.count >= limits.partRows { try store(commit: false) }
    }
  }

  /// Counts the series of `batch` not yet among the pending rows'.
  private mutating func countSeries(of batch: SampleBatch) {
    if lastPending.count < table.count {
      lastPending += Array(repeating: 0, count: table.count - lastPending.count)
    }
    if lastBatch.count < table.count {
      lastBatch += Array(repeating: 0, count: table.count - lastBatch.count)
    }
    let current = stores
    batches += 1
    let batchNumber = batches
    batchSeries = 0
    lastPending.withUnsafeMutableBufferPointer { last in
      lastBatch.withUnsafeMutableBufferPointer { inBatch in
        for handle in batch.handles where inBatch[Int(handle)] != batchNumber {
          inBatch[Int(handle)] = batchNumber
          batchSeries += 1
          guard last[Int(handle)] != current else { continue }
          if last[Int(handle)] != 0 { pendingSeriesStoredBefore += 1 }
          last[Int(handle)] = current
          pendingSeries += 1
        }
      }
    }
  }

  /// Writes the pending rows (opening a transaction if none is open), then commits if asked.
  private mutating func store(commit: Bool) throws {
    if pending.count > 0 || !pendingInputs.isEmpty {
      try openTransaction()
      if pending.count > 0 {
        try table.resolve(in: session)
        try merger.write(pending, table: &table, session: session)
        uncommittedRows += pending.count
        pending.removeAll()
        pendingSeries = 0
        pendingSeriesStoredBefore = 0
        stores += 1
      }
      if merger.replaced > 0 {
        // A replaced value may be a remembered file's, or one of this ingest's files' (by a
        // later file, or within a large file by a later part of it): every file is read
        // again next time, and none is remembered after a replacement.
        if !forgotInputs { try session.forgetStoredInputs() }
        forgotInputs = true
      } else if !pendingInputs.isEmpty {
        // In key order: the table's B-tree is appended to in runs, not entered at random.
        pendingInputs.sort { $0.pathKey < $1.pathKey }
        try session.recordInputs(pendingInputs)
      }
      pendingInputs.removeAll()
    }
    if commit && inTransaction {
      try session.commitTransaction()
      inTransaction = false
      uncommittedRows = 0
    }
  }

  /// Opens a transaction unless one is open.
  private mutating func openTransaction() throws {
    guard !inTransaction else { return }
    if try session.beginTransaction() { table.forgetLatest() }
    inTransaction = true
  }

  /// The parser failed on an input: keep the whole inputs before it, drop its rows.
  private mutating func stopBeforeFailedInput() throws {
    if insideInput {
      // Only this input's rows are uncommitted: a large input began with a commit.
      pending.removeAll()
      pendingSeries = 0
      pendingSeriesStoredBefore = 0
      stores += 1
      pendingInputs.removeAll()
      if inTransaction {
        try session.rollbackTransaction()
        inTransaction = false
        uncommittedRows = 0
      }
    } else {
      try store(commit: true)
    }
  }

  private mutating func finishSummary() {
    result.summary.samples = merger.inserted
    result.summary.duplicates = merger.duplicates + unchangedSamples
    result.summary.replaced = merger.replaced
    result.summary.series = table.count
    for (index, name) in table.revisions.enumerated() {
      result.summary.revisions[name] = table.written[index]
    }
    for record in table.records {
      result.summary.attribution[record.attribution.rawValue, default: 0] += 1
    }
  }
}

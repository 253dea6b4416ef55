import Foundation
import MetricModel
import Store

/// What one input did.
struct FileOutcome {
  var inserted = 0
  var duplicates = 0
  var replaced = 0
  var skipped: [ParseError] = []
  /// Warnings the input carried.
  var warnings: [String] = []
  /// Revision → samples stored or replaced.
  var written: [String: Int] = [:]
  /// Database id → rule of each series the input carried.
  var series: [Int64: Attribution] = [:]
  /// What the series cache learns once the input's transaction has committed.
  var cacheUpdates: [(key: String, id: Int64)] = []
}

extension Ingestor {
  /// Ingests one input in one transaction, parsing on a second thread.
  func ingest(_ input: IngestInput) throws -> FileOutcome {
    let channel = BatchChannel()
    let parse = ParseJob(
      input: input, format: options.format, parser: options.parser,
      attributor: options.attributor, defaultTimestamp: defaultTimestamp(for: input),
      progress: progress, channel: channel)
    let thread = Thread { parse.run() }
    thread.start()
    do {
      let outcome = try database.writeTransaction { writer in
        try write(from: channel, with: writer)
      }
      // Only now is what the input wrote certain: a rolled-back input teaches the cache nothing.
      seriesCache.remember(outcome.cacheUpdates)
      return outcome
    } catch {
      channel.cancelAndWait()
      switch error {
      case let parseError as ParseError:
        throw IngestionError.malformed(path: input.name, error: parseError)
      case let storeError as StoreError: throw IngestionError.store(storeError)
      default: throw error
      }
    }
  }

  /// The writer's side: resolves series ids and stores each batch's samples.
  ///
  /// A sample later than everything stored for its series is new for sure: such samples (the
  /// usual case, as scrapes arrive in time order) are stored many rows per statement. Any other
  /// goes the careful way, one row at a time, to tell duplicates from replacements.
  private func write(from channel: BatchChannel, with writer: SampleWriter) throws -> FileOutcome {
    var outcome = FileOutcome()
    var series = SeriesState()
    var fresh = FreshRows()
    while let batch = try channel.receive() {
      for record in batch.newSeries {
        let key = SeriesCache.key(for: record)
        // The cache spares the lookup by labels; the latest timestamp is read here, inside this
        // transaction, so a concurrent writer between two inputs cannot make it stale.
        let id = try seriesCache.lookup(key) ?? writer.seriesID(for: record)
        if outcome.series[id] == nil { outcome.series[id] = record.attribution }
        try series.add(id: id, key: key, revision: record.revision) {
          try writer.latestTimestamp(seriesID: id)
        }
      }
      for index in batch.handles.indices {
        let handle = Int(batch.handles[index])
        let ts = batch.timestamps[index]
        let slot = series.slot[handle]
        if ts > series.latest[slot] {
          series.latest[slot] = ts
          fresh.append(series.ids[handle], ts, batch.values[index])
          outcome.inserted += 1
          series.written[series.revisionIndex[handle]] += 1
          continue
        }
        // Rows queued before this one must be stored first: this one may repeat one of them.
        try fresh.flush(into: writer)
        switch try writer.write(
          seriesID: series.ids[handle], timestampMilliseconds: ts, value: batch.values[index])
        {
        case .inserted:
          outcome.inserted += 1
          series.written[series.revisionIndex[handle]] += 1
        case .replaced:
          outcome.replaced += 1
          series.written[series.revisionIndex[handle]] += 1
        case .duplicate:
          outcome.duplicates += 1
        }
      }
      try fresh.flush(into: writer)
      outcome.skipped += batch.skipped
      outcome.warnings += batch.warnings
    }
    for (index, name) in series.revisions.enumerated() {
      outcome.written[name] = series.written[index]
    }
    outcome.cacheUpdates = series.ids.indices.map { (key: series.keys[$0], id: series.ids[$0]) }
    return outcome
  }
}

/// What the writer knows of each series of one input, indexed by the parser's handle.
///
/// Two handles can name one stored series (a CSV row's `type` differs, a JSON response lists a
/// series twice): the latest stored timestamp is kept once per database id, in `latest`, and
/// each handle points at its slot.
private struct SeriesState {
  var ids: [Int64] = []
  var keys: [String] = []
  /// Handle → index into `latest`.
  var slot: [Int] = []
  /// Latest stored timestamp per distinct database id (Int64.min when none).
  var latest: [Int64] = []
  var slotOfID: [Int64: Int] = [:]
  var revisionIndex: [Int] = []
  var revisions: [String] = []
  /// Samples written per revision, by index into `revisions`.
  var written: [Int] = []

  mutating func add(id: Int64, key: String, revision: String, latest stored: () throws -> Int64?)
    rethrows
  {
    ids.append(id)
    keys.append(key)
    if let known = slotOfID[id] {
      slot.append(known)
    } else {
      slotOfID[id] = latest.count
      slot.append(latest.count)
      latest.append(try stored() ?? Int64.min)
    }
    if let known = revisions.firstIndex(of: revision) {
      revisionIndex.append(known)
    } else {
      revisionIndex.append(revisions.count)
      revisions.append(revision)
      written.append(0)
    }
  }
}

/// Samples known to be new, waiting to be stored together.
private struct FreshRows {
  var ids: [Int64] = []
  var timestamps: [Int64] = []
  var values: [Double] = []

  mutating func append(_ id: Int64, _ ts: Int64, _ value: Double) {
    ids.append(id)
    timestamps.append(ts)
    values.append(value)
  }

  mutating func flush(into writer: SampleWriter) throws {
    guard !ids.isEmpty else { return }
    // In key order (series, time) the B-tree appends instead of seeking between series: a
    // scrape interleaves every series, so an unsorted batch touches a page per sample.
    let order = ids.indices.sorted {
      ids[$0] != ids[$1] ? ids[$0] < ids[$1] : timestamps[$0] < timestamps[$1]
    }
    try writer.insertNew(
      seriesIDs: order.map { ids[$0] }, timestamps: order.map { timestamps[$0] },
      values: order.map { values[$0] })
    ids.removeAll(keepingCapacity: true)
    timestamps.removeAll(keepingCapacity: true)
    values.removeAll(keepingCapacity: true)
  }
}

/// The parser thread's work for one input.
private struct ParseJob: Sendable {
  let input: IngestInput
  let format: InputFormat
  let parser: ParserOptions
  let attributor: RevisionAttributor
  let defaultTimestamp: Int64
  let progress: Ingestor.Progress?
  let channel: BatchChannel

  func run() {
    do {
      var handler = BatchingHandler(
        attributor: attributor, defaultTimestamp: defaultTimestamp, channel: channel)
      var source = try ProgressSource(input: input, progress: progress)
      _ = try parseSamples(from: &source, format: format, options: parser, handler: &handler)
      try handler.flush()
      channel.finish(error: nil)
    } catch {
      channel.finish(error: error)
    }
  }
}

/// Collects parsed series and samples into batches for the writer.
private struct BatchingHandler: SampleHandler {
  let attributor: RevisionAttributor
  let defaultTimestamp: Int64
  let channel: BatchChannel
  var batch = SampleBatch()
  var nextHandle: Int32 = 0

  mutating func newSeries(_ descriptor: SeriesDescriptor) throws -> Int32 {
    let (revision, rule) = attributor.attribute(descriptor)
    batch.newSeries.append(
      SeriesRecord(
        metric: descriptor.name, family: descriptor.family, type: descriptor.type,
        revision: revision, labels: descriptor.labels, attribution: rule))
    defer { nextHandle += 1 }
    return nextHandle
  }

  mutating func sample(series: Int32, timestampMilliseconds: Int64?, value: Double) throws {
    batch.handles.append(series)
    batch.timestamps.append(timestampMilliseconds ?? defaultTimestamp)
    batch.values.append(value)
    if batch.isFull { try flush() }
  }

  mutating func skippedLine(_ error: ParseError) {
    batch.skipped.append(error)
  }

  mutating func warning(_ message: String) {
    batch.warnings.append(message)
  }

  mutating func flush() throws {
    try channel.send(batch)
    batch = SampleBatch()
  }
}

/// Reads a file, standard input or memory, reporting progress every few megabytes.
private struct ProgressSource: ByteSource {
  var inner: any ByteSource
  let input: IngestInput
  let size: Int?
  let progress: Ingestor.Progress?
  var read = 0
  var reported = 0

  init(input: IngestInput, progress: Ingestor.Progress?) throws {
    switch input {
    case .file(let path):
      inner = try FileSource(path: path)
      size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
    case .standardInput:
      inner = FileSource.standardInput
      size = nil
    case .memory(_, let bytes):
      inner = MemorySource(bytes: bytes)
      size = bytes.count
    }
    self.input = input
    self.progress = progress
  }

  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let count = try inner.read(into: buffer)
    read += count
    if let progress, read - reported >= 4 << 20 || count == 0 {
      reported = read
      progress(input, read, size)
    }
    return count
  }
}

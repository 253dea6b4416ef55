import Foundation
import MetricModel
import Store

/// What one input did.
struct FileOutcome {
  var inserted = 0
  var duplicates = 0
  var replaced = 0
  var skipped: [ParseError] = []
  /// Revision → samples stored or replaced.
  var written: [String: Int] = [:]
  /// Database id → rule of each series the input carried.
  var series: [Int64: Attribution] = [:]
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
      return try database.writeTransaction { writer in try write(from: channel, with: writer) }
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
  private func write(from channel: BatchChannel, with writer: SampleWriter) throws -> FileOutcome {
    var outcome = FileOutcome()
    var ids: [Int64] = []
    var revisionIndex: [Int] = []
    var revisionNames: [String] = []
    var revisionWritten: [Int] = []
    while let batch = try channel.receive() {
      for record in batch.newSeries {
        let id = try writer.seriesID(for: record)
        ids.append(id)
        if outcome.series[id] == nil { outcome.series[id] = record.attribution }
        if let known = revisionNames.firstIndex(of: record.revision) {
          revisionIndex.append(known)
        } else {
          revisionIndex.append(revisionNames.count)
          revisionNames.append(record.revision)
          revisionWritten.append(0)
        }
      }
      for index in batch.handles.indices {
        let handle = Int(batch.handles[index])
        switch try writer.write(
          seriesID: ids[handle], timestampMilliseconds: batch.timestamps[index],
          value: batch.values[index])
        {
        case .inserted:
          outcome.inserted += 1
          revisionWritten[revisionIndex[handle]] += 1
        case .replaced:
          outcome.replaced += 1
          revisionWritten[revisionIndex[handle]] += 1
        case .duplicate:
          outcome.duplicates += 1
        }
      }
      outcome.skipped += batch.skipped
    }
    for (index, name) in revisionNames.enumerated() {
      outcome.written[name] = revisionWritten[index]
    }
    return outcome
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

  mutating func flush() throws {
    try channel.send(batch)
    batch = SampleBatch()
  }
}

/// Reads a file or standard input, reporting progress every few megabytes.
private struct ProgressSource: ByteSource {
  var inner: FileSource
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

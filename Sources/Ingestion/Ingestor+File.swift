import Foundation
import MetricModel

/// The parser thread's work for one ingest: every input of every group, in order.
struct ParseJob: Sendable {
  let ingestor: Ingestor
  let groups: [InputGroup]
  let channel: BatchChannel

  /// Parses everything, then finishes the channel (with the error that stopped it, if any).
  func run() {
    var handler = BatchingHandler(attributor: ingestor.options.attributor, channel: channel)
    do {
      for group in groups {
        // One stream per kind of file in the group: a directory of one collector's scrapes
        // is detected once and interned across files.
        var streams: [String: ParseStream] = [:]
        for input in group.inputs {
          let kind = Self.kind(of: input)
          let stream = streams[kind] ?? ParseStream()
          streams[kind] = stream
          try parse(input, stream: stream, handler: &handler)
        }
      }
      channel.finish(error: nil)
    } catch {
      channel.finish(error: error)
    }
  }

  /// Parses one input; its rows reach the writer whole, or in parts when it is large.
  private func parse(_ input: IngestInput, stream: ParseStream, handler: inout BatchingHandler)
    throws
  {
    handler.begin(input, defaultTimestamp: ingestor.defaultTimestamp(for: input))
    do {
      var source = try ProgressSource(input: input, progress: ingestor.progress)
      _ = try parseSamples(
        from: &source, format: ingestor.options.format, options: ingestor.options.parser,
        chunkSize: defaultChunkSize, stream: stream, handler: &handler)
      try handler.endInput()
    } catch let error as ParseError {
      throw IngestionError.malformed(path: input.name, error: error)
    }
  }

  /// Files of one group with the same extension are one stream.
  private static func kind(of input: IngestInput) -> String {
    switch input {
    case .file(let path), .memory(let path, _): return (path as NSString).pathExtension
    case .standardInput: return "-"
    }
  }
}

/// Collects parsed series and samples into batches for the writer, across all inputs.
struct BatchingHandler: SampleHandler {
  let attributor: RevisionAttributor
  let channel: BatchChannel
  private var cache = SeriesCache()
  private var batch = SampleBatch(input: .standardInput)
  private var defaultTimestamp: Int64 = 0

  init(attributor: RevisionAttributor, channel: BatchChannel) {
    self.attributor = attributor
    self.channel = channel
  }

  /// Starts collecting the rows of `input`.
  mutating func begin(_ input: IngestInput, defaultTimestamp: Int64) {
    batch = SampleBatch(input: input)
    self.defaultTimestamp = defaultTimestamp
  }

  /// Hands over the rest of the input, marked as its end.
  mutating func endInput() throws {
    batch.endsInput = true
    try channel.send(batch)
    batch = SampleBatch(input: batch.input)
  }

  mutating func newSeries(_ descriptor: SeriesDescriptor) throws -> Int32 {
    let (revision, rule) = attributor.attribute(descriptor)
    let record = SeriesRecord(
      metric: descriptor.name, family: descriptor.family, type: descriptor.type,
      revision: revision, labels: descriptor.labels, attribution: rule)
    // The canonical key is built once per series and spelling a parser has not seen.
    let key = record.key
    if let known = cache.handle(forKey: key) { return known }
    batch.newSeries.append((record, key))
    return cache.add(key: key)
  }

  mutating func sample(series: Int32, timestampMilliseconds: Int64?, value: Double) throws {
    batch.handles.append(series)
    batch.timestamps.append(timestampMilliseconds ?? defaultTimestamp)
    batch.values.append(value)
    if batch.isFull {
      // A large input goes over in parts; the writer gives it a transaction of its own.
      try channel.send(batch)
      batch = SampleBatch(input: batch.input)
    }
  }

  mutating func skippedLine(_ error: ParseError) {
    batch.skipped.append(error)
  }

  mutating func warning(_ message: String) {
    batch.warnings.append(message)
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
      size =
        progress == nil
        ? nil : (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
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

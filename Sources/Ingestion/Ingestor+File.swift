import Foundation
import MetricModel

/// The parser thread's work for one ingest: every input of every group, in order.
///
/// Small inputs (a scrape, up to ``BatchLimits/pooledInputBytes``) are parsed ahead on the
/// workers of a ``ParsePool`` and replayed here in input order; the first input of each
/// stream (where its format is detected), large inputs and standard input are parsed on this
/// thread as they come, streamed in bounded batches.
struct ParseJob: Sendable {
  let ingestor: Ingestor
  let groups: [InputGroup]
  let channel: BatchChannel
  /// Per input, in order: the key of its absolute path when it is a file; nil: worked out
  /// as the parse reaches each input.
  let paths: [Int64?]?
  let fingerprints: InputFingerprints
  /// The series texts this ingest's lenient parsers described, for all of them.
  let described = DescribedSeries()

  /// One input of the ingest, the stream it belongs to and the time of its samples that
  /// carry none (worked out once: the pool's item and the handler both need it).
  private struct Entry {
    var input: IngestInput
    var stream: Int
    var defaultTimestamp: Int64
    var path: Int64?
  }

  /// Parses everything, then finishes the channel (with the error that stopped it, if any).
  func run() {
    var handler = BatchingHandler(
      attributor: ingestor.options.attributor, batchRows: ingestor.limits.batchRows,
      channel: channel, fingerprints: fingerprints)
    var ahead = ParseAhead(
      limits: ingestor.limits, format: ingestor.options.format, options: ingestor.options.parser,
      fingerprints: fingerprints, described: described)
    let cache = ReadCache()
    do {
      try parseAll(handler: &handler, ahead: &ahead, cache: cache)
      ahead.stop()
      handler.warnOfRestarts()
      try handler.sendWholeInputs()
      channel.finish(error: nil)
    } catch {
      ahead.stop()
      // The inputs before the failing one are stored; nothing of it is.
      do {
        try handler.sendWholeInputs()
        channel.finish(error: error)
      } catch {
        channel.finish(error: error)
      }
    }
  }

  /// The ingest's inputs as entries, worked out as the parse reaches them: a directory of
  /// tens of thousands of scrapes does not wait for all of them before its first is parsed.
  private struct Entries {
    let job: ParseJob
    /// Inputs in all groups.
    let count: Int
    private(set) var list: [Entry] = []
    /// One stream per kind of file in a group: a directory of one collector's scrapes is
    /// detected once and interned across files.
    private(set) var streams: [ParseStream] = []
    private var group = 0
    private var position = 0
    private var byKind: [Substring: Int] = [:]
    private var directory: String?

    init(job: ParseJob) {
      self.job = job
      count = job.groups.reduce(0) { $0 + $1.inputs.count }
      list.reserveCapacity(count)
    }

    subscript(index: Int) -> Entry { list[index] }

    /// Works out the entries up to `index` (or the last).
    mutating func extend(through index: Int) {
      while list.count <= index && list.count < count {
        while position == job.groups[group].inputs.count {
          group += 1
          position = 0
          byKind.removeAll(keepingCapacity: true)
        }
        let input = job.groups[group].inputs[position]
        position += 1
        let kind = ParseJob.kind(of: input)
        let stream = byKind[kind] ?? streams.count
        if stream == streams.count {
          streams.append(ParseStream(described: job.described))
          byKind[kind] = stream
        }
        let path =
          job.paths.map { $0[list.count] } ?? Ingestor.pathKey(of: input, directory: &directory)
        list.append(
          Entry(
            input: input, stream: stream,
            defaultTimestamp: job.ingestor.defaultTimestamp(for: input), path: path))
      }
    }
  }

  private func parseAll(
    handler: inout BatchingHandler, ahead: inout ParseAhead, cache: ReadCache
  ) throws {
    var entries = Entries(job: self)
    for index in 0..<entries.count {
      // Every input `submit` may hand to the workers, worked out ahead.
      entries.extend(through: index + ahead.maximumAhead)
      let entry = entries[index]
      let streams = entries.streams
      func submit(from first: Int) {
        ahead.submit(from: first, count: entries.count) { sequence in
          let next = entries[sequence]
          let known = streams[next.stream].format
          guard ingestor.options.format != .auto || known != nil else { return nil }
          return ParsePool.Item(
            input: next.input, stream: next.stream, detected: known,
            defaultTimestamp: next.defaultTimestamp, path: next.path)
        }
      }
      submit(from: index)
      handler.begin(entry.input, defaultTimestamp: entry.defaultTimestamp, path: entry.path)
      if let outcome = ahead.outcome(of: index), let parsed = try outcome.result.get() {
        if parsed.unchangedSamples != nil && handler.producedRows {
          // Rows before it may have replaced one of its values: read it here (the workers
          // read every file from the first row on; this one was decided before).
          try parse(entry, stream: streams[entry.stream], cache: cache, handler: &handler)
          continue
        }
        ingestor.progress?(entry.input, parsed.bytesRead, parsed.size)
        if let samples = parsed.unchangedSamples {
          handler.unchangedInput(samples: samples)
        } else {
          try ahead.replay(parsed, worker: outcome.worker, to: &handler)
        }
        try handler.endInput(
          parsedAhead: true, identity: parsed.identity, format: parsed.format,
          usedDefault: parsed.usedDefault)
      } else {
        // The first input of a stream: once its head gave the stream's format, the workers
        // start on the inputs after it while this thread parses it. It is read, so it will
        // most likely give rows: the workers read every file from now on, as they would
        // once its first row came (see `InputFingerprints.rowsGiven`), rather than leave
        // unread files the parser thread would then read alone.
        try parse(
          entry, stream: streams[entry.stream], cache: cache, handler: &handler,
          formatDetected: {
            fingerprints.rowsGiven.raise()
            submit(from: index + 1)
          })
      }
    }
  }

  /// Parses one input here; its rows reach the writer whole, or in parts when it is large.
  /// `formatDetected` runs once this input's head gave its stream a format, before the parse.
  private func parse(
    _ entry: Entry, stream: ParseStream, cache: ReadCache, handler: inout BatchingHandler,
    formatDetected: () -> Void = {}
  ) throws {
    let input = entry.input
    do {
      var source = try ProgressSource(input: input, progress: ingestor.progress, cache: cache)
      let chunkSize = Self.chunkSize(for: source.size)
      let reader = cache.lineReader(chunkSize: chunkSize)
      // The stream's format when it has none yet, detected from this input's head as
      // `parseSamples` would (the head stays in the reader for the parse).
      let detected =
        ingestor.options.format == .auto && stream.format == nil
        ? try Self.detectFormat(reader: reader, source: &source) : nil
      if let path = entry.path, !handler.producedRows,
        fingerprints.mayBeUnchanged(path: path, identity: source.identity)
      {
        // The format it would be read in: given, its stream's, or its own.
        var format = ingestor.options.format
        if format == .auto { format = stream.format ?? detected ?? .prometheus }
        if let samples = fingerprints.unchangedSamples(
          path: path, identity: source.identity, defaultTimestamp: entry.defaultTimestamp,
          format: format)
        {
          // The stream's later files are read in the format this one was.
          if let detected { stream.format = detected }
          // Unless reading the head reached the end and reported it.
          if source.read == 0 || source.reported != source.read {
            ingestor.progress?(input, source.size ?? 0, source.size)
          }
          handler.unchangedInput(samples: samples)
          try handler.endInput()
          return
        }
      }
      if let detected {
        stream.format = detected
        formatDetected()
      }
      let used = try parseSamples(
        from: &source, format: ingestor.options.format, options: ingestor.options.parser,
        chunkSize: chunkSize, stream: stream, reader: reader, handler: &handler)
      try handler.endInput(identity: source.identity, format: used)
    } catch let error as ParseError {
      throw IngestionError.malformed(path: input.name, error: error)
    }
  }

  /// The format `parseSamples` would detect from the head of `source` (read into `reader`,
  /// where it stays for the parse): nil when the head is empty, or not text (the parse then
  /// reports it).
  static func detectFormat(reader: LineReader, source: inout some ByteSource) throws
    -> InputFormat?
  {
    var head = try reader.prefetch(from: &source)
    if head.starts(with: [0xEF, 0xBB, 0xBF]) {
      head = UnsafeRawBufferPointer(rebasing: head[3...])
    }
    guard !head.isEmpty,
      FormatDetector.firstBinaryByte(inHeadOf: head, reachedEnd: reader.reachedEnd) == nil
    else { return nil }
    let found = FormatDetector.detect(head)
    return found == .auto ? .prometheus : found
  }

  /// The read buffer for an input of `size` bytes: the whole of a small file in one read
  /// (a scrape is a few kilobytes; a megabyte buffer each would cost page faults per file).
  static func chunkSize(for size: Int?) -> Int {
    guard let size, size < defaultChunkSize else { return defaultChunkSize }
    var chunk = 4096
    while chunk <= size { chunk *= 2 }
    return chunk
  }

  /// Files of one group with the same extension are one stream: the kind is the last
  /// component's extension with its dot, "" without one, "-" for standard input.
  static func kind(of input: IngestInput) -> Substring {
    switch input {
    case .file(let path), .memory(let path, _):
      // Bytes from the end: this runs once per file of a directory of scrapes.
      let bytes = path.utf8
      var index = bytes.endIndex
      while index > bytes.startIndex {
        let before = bytes.index(before: index)
        let byte = bytes[before]
        if byte == UInt8(ascii: "/") { return "" }
        if byte == UInt8(ascii: ".") { return path[before...] }
        index = before
      }
      return ""
    case .standardInput: return "-"
    }
  }
}

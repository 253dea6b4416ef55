import Foundation
import MetricModel

/// Worker threads that parse small inputs ahead of the parser thread, each whole input into a
/// ``ParsedInput``, so the files of a directory of scrapes are parsed on every core.
///
/// The parser thread submits chunks of consecutive inputs in order and takes their results
/// back in the same order (``ParseAhead``): what reaches the ingest's handler, and so every
/// batch, commit, summary and error, is what one thread parsing the inputs one after another
/// would produce. Each worker takes the oldest waiting chunk, so it parses its inputs in input
/// order too, and keeps its own series interner per stream: the series handles in its results
/// are its own (see ``ParsedInput/replay(to:handles:)``). A chunk holds many small files, so
/// the threads meet once per chunk, not once per file.
final class ParsePool: @unchecked Sendable {
  /// One input of a chunk: the stream it belongs to, the format that stream was detected as,
  /// and the time of its samples without one.
  struct Item {
    var input: IngestInput
    var stream: Int
    var detected: InputFormat?
    var defaultTimestamp: Int64
    /// The key of a file's absolute path.
    var path: Int64?
  }

  /// Consecutive inputs, the first of them the ingest's input `first`.
  struct Chunk {
    var first: Int
    var items: [Item]
  }

  /// What a worker made of a chunk's inputs, in order: each parsed (nil: too large, left to
  /// the parser thread), up to and including the first that failed.
  struct Outcome {
    var worker: Int
    var results: [Result<ParsedInput?, any Error>]
    /// What the chunk counts against the budget.
    var cost = 0
  }

  /// Guards the queue of chunks (`waiting`), `running` and its own `stopping`; idle workers
  /// wait on it.
  private let work = NSCondition()
  private var waiting: [Chunk] = []
  private var waitingStart = 0
  private var running = 0
  private var stopping = false
  /// Guards the results, the order and the budget, and its own `stopped`; the parser thread
  /// waits on it for a chunk, workers for room in the budget.
  private let results = NSCondition()
  private var stopped = false
  private var done: [Int: Outcome] = [:]
  /// The first inputs of the chunks not yet taken, in order.
  private var order: [Int] = []
  private var orderStart = 0
  /// What the chunks parsed and not yet taken cost: input bytes, or the rows recorded when
  /// they take more memory.
  private var costAhead = 0
  private let format: InputFormat
  private let options: ParserOptions
  private let limits: BatchLimits
  private let fingerprints: InputFingerprints
  private let described: DescribedSeries?

  /// Starts `limits.parserThreads` threads parsing in `format` with `options`, sharing
  /// `described` with the ingest's other parsers.
  init(
    limits: BatchLimits, format: InputFormat, options: ParserOptions,
    fingerprints: InputFingerprints, described: DescribedSeries? = nil
  ) {
    self.described = described
    self.format = format
    self.options = options
    self.limits = limits
    self.fingerprints = fingerprints
    let workers = limits.parserThreads
    running = workers
    for index in 0..<workers {
      let thread = Thread { [self] in parseChunks(worker: index) }
      thread.stackSize = 8 << 20
      thread.start()
    }
  }

  /// Queues `chunk` for the next free worker.
  func submit(_ chunk: Chunk) {
    results.lock()
    order.append(chunk.first)
    results.unlock()
    work.lock()
    waiting.append(chunk)
    work.signal()
    work.unlock()
  }

  /// The outcome of the chunk whose first input is `first`, waiting until a worker has it.
  func outcome(of first: Int) -> Outcome {
    results.lock()
    defer { results.unlock() }
    while true {
      if let outcome = done.removeValue(forKey: first) {
        costAhead -= outcome.cost
        orderStart += 1
        results.broadcast()
        return outcome
      }
      results.wait()
    }
  }

  /// Stops the workers once they finish the chunk in hand; waits until they have.
  func shutdown() {
    results.lock()
    stopped = true
    done.removeAll()
    results.broadcast()
    results.unlock()
    work.lock()
    stopping = true
    waiting.removeAll()
    waitingStart = 0
    work.broadcast()
    while running > 0 { work.wait() }
    work.unlock()
  }

  private func next() -> Chunk? {
    work.lock()
    defer { work.unlock() }
    while waitingStart == waiting.count && !stopping { work.wait() }
    if stopping {
      running -= 1
      work.broadcast()
      return nil
    }
    let chunk = waiting[waitingStart]
    waitingStart += 1
    if waitingStart == waiting.count {
      waiting.removeAll(keepingCapacity: true)
      waitingStart = 0
    }
    return chunk
  }

  private func parseChunks(worker index: Int) {
    var recorder = InputRecorder()
    var streams: [ParseStream?] = []
    let cache = ReadCache()
    let readAhead = ReadAhead { [unowned cache] path in cache.advise(path) }
    cache.readAhead = readAhead
    while let chunk = next() {
      var outcome = Outcome(worker: index, results: [])
      outcome.results.reserveCapacity(chunk.items.count)
      readAhead.start(
        chunk.items.map { item in
          guard case .file(let path) = item.input else { return nil }
          return path
        })
      for (position, item) in chunk.items.enumerated() {
        if isStopped { break }
        readAhead.reading(position)
        if streams.count <= item.stream {
          streams += Array(repeating: nil, count: item.stream + 1 - streams.count)
        }
        let stream = streams[item.stream] ?? ParseStream(described: described)
        if stream.format == nil { stream.format = item.detected }
        streams[item.stream] = stream
        recorder.defaultTimestamp = item.defaultTimestamp
        // Room for as many rows as the last input had: scrapes of one stream are alike, and
        // growing three arrays from empty costs a dozen allocations a file.
        recorder.parsed = ParsedInput(capacity: recorder.parsed.rows.count)
        let result = Result {
          try parse(item, chunk: chunk.first, stream: stream, cache: cache, recorder: &recorder)
        }
        outcome.results.append(result.map { $0 == nil ? nil : recorder.parsed })
        guard case .success(let cost) = result else { break }
        outcome.cost += cost ?? 0
      }
      results.lock()
      if !stopped { done[chunk.first] = outcome }
      results.broadcast()
      results.unlock()
    }
  }

  /// Whether ``shutdown()`` began: the rest of a chunk is not parsed.
  private var isStopped: Bool {
    results.lock()
    defer { results.unlock() }
    return stopped
  }

  /// What a parsed input counts against the budget: its bytes (at least a page), or its rows
  /// when they take more.
  private func cost(of parsed: ParsedInput) -> Int {
    max(4096, parsed.bytesRead, parsed.rows.count * 24 + parsed.newSeries.count * 256)
  }

  /// Waits until `bytes` more fit the budget (or the chunk is the oldest not taken, which
  /// must go on for the parser thread to), then counts them.
  private func admit(_ bytes: Int, chunk first: Int) {
    results.lock()
    defer { results.unlock() }
    while !stopped && costAhead > 0 && costAhead + bytes > limits.pooledBytesAhead
      && order[orderStart] != first
    {
      results.wait()
    }
    costAhead += bytes
  }

  /// Changes what is counted against the budget by `delta`; only less can let a waiting
  /// worker on (waking the others for nothing costs a context switch per file).
  private func account(_ delta: Int) {
    guard delta != 0 else { return }
    results.lock()
    costAhead += delta
    if delta < 0 { results.broadcast() }
    results.unlock()
  }

  /// Parses one input of `chunk` into `recorder`; returns what it counts against the budget,
  /// nil when it is not a small regular file (the parser thread parses it in its turn).
  private func parse(
    _ item: Item, chunk: Int, stream: ParseStream, cache: ReadCache,
    recorder: inout InputRecorder
  ) throws -> Int? {
    let input = item.input
    var source = try ProgressSource(input: input, progress: nil, cache: cache)
    recorder.parsed.identity = source.identity
    if let path = item.path, let known = format == .auto ? stream.format : format,
      !fingerprints.rowsGiven.isRaised,
      let samples = fingerprints.unchangedSamples(
        path: path, identity: source.identity, defaultTimestamp: item.defaultTimestamp,
        format: known)
    {
      // Stored whole by an earlier ingest and unchanged since: not read, unless the parser
      // thread finds rows before it (it reads the file then).
      admit(4096, chunk: chunk)
      recorder.parsed.unchangedSamples = samples
      recorder.parsed.bytesRead = source.size ?? 0
      recorder.parsed.size = source.size
      return 4096
    }
    guard let size = source.size, size <= limits.pooledInputBytes else { return nil }
    let admitted = max(4096, size)
    admit(admitted, chunk: chunk)
    do {
      let chunkSize = ParseJob.chunkSize(for: source.size)
      recorder.parsed.format = try parseSamples(
        from: &source, format: format, options: options, chunkSize: chunkSize, stream: stream,
        reader: cache.lineReader(chunkSize: chunkSize), handler: &recorder)
    } catch {
      account(-admitted)
      if let error = error as? ParseError {
        throw IngestionError.malformed(path: input.name, error: error)
      }
      throw error
    }
    recorder.parsed.bytesRead = source.read
    recorder.parsed.size = source.size
    let counted = max(admitted, cost(of: recorder.parsed))
    account(counted - admitted)
    return counted
  }
}

import Foundation
import MetricModel

/// The parser thread's side of a ``ParsePool``: which inputs went ahead to the workers, in
/// chunks and within a budget of input bytes, and each worker's series handles mapped to the
/// handler's.
struct ParseAhead {
  let limits: BatchLimits
  let format: InputFormat
  let options: ParserOptions
  let fingerprints: InputFingerprints
  /// The series texts the ingest's parsers share (``DescribedSeries``).
  let described: DescribedSeries?
  private var pool: ParsePool?
  /// The next input to consider for submitting.
  private var cursor = 0
  /// Chunks submitted and not yet taken, in order: first input, inputs.
  private var chunks: [(first: Int, count: Int)] = []
  private var chunksStart = 0
  /// The chunk being replayed: its first input, inputs and what the worker made of them.
  private var current: (first: Int, count: Int, outcome: ParsePool.Outcome)?
  /// Inputs and their cost in the chunks taken so far.
  private var takenInputs = 0
  private var takenCost = 0
  /// Per worker: its series handle → the handler's.
  private var handles: [[Int32]] = []
  /// The handler's handle of every series a worker announced.
  private var known: [HashedDescriptor: Int32] = [:]

  init(
    limits: BatchLimits, format: InputFormat, options: ParserOptions,
    fingerprints: InputFingerprints, described: DescribedSeries? = nil
  ) {
    self.limits = limits
    self.format = format
    self.options = options
    self.fingerprints = fingerprints
    self.described = described
  }

  /// Submits chunks of the inputs from `index` on (of `count`), at most ``maximumAhead``
  /// inputs ahead (the pool's budget of bytes bounds their memory). Standard input and large
  /// memory inputs are skipped (the parser thread parses them; workers leave large files to
  /// it too); `item` gives an input's work, or nil while it must wait (its stream's format
  /// is not known yet), which stops the submitting.
  mutating func submit(from index: Int, count: Int, item: (Int) -> ParsePool.Item?) {
    guard limits.parserThreads > 0 else { return }
    cursor = max(cursor, index)
    // Whole chunks only: topping up one input at a time would make chunks of one.
    while cursor < count && cursor + min(chunkFiles, count - cursor) <= index + maximumAhead {
      var items: [ParsePool.Item] = []
      var blocked = false
      let first = cursor
      while cursor < count, cursor < index + maximumAhead, items.count < chunkFiles {
        guard let next = item(cursor) else {
          blocked = true
          break
        }
        guard Self.mayPool(next.input, limit: limits.pooledInputBytes) else { break }
        items.append(next)
        cursor += 1
      }
      if !items.isEmpty { send(ParsePool.Chunk(first: first, items: items)) }
      if blocked { return }
      // Standard input or a large memory input, parsed on the parser thread in its turn.
      if items.isEmpty { cursor += 1 }
    }
  }

  /// Inputs per chunk: at first ``BatchLimits/pooledChunkFiles``, then as many as make
  /// ``BatchLimits/pooledChunkBytes`` at the average cost of the inputs parsed so far.
  private var chunkFiles: Int {
    guard takenInputs > 0, takenCost > 0 else { return limits.pooledChunkFiles }
    let average = max(1, takenCost / takenInputs)
    return min(64, max(1, limits.pooledChunkBytes / average))
  }

  /// Inputs submitted ahead of the one being parsed, at most: each costs at least a page of
  /// the pool's budget, and a chunk waiting for the budget holds a worker.
  var maximumAhead: Int {
    max(128, limits.pooledBytesAhead / 4096)
  }

  private mutating func send(_ chunk: ParsePool.Chunk) {
    if pool == nil {
      pool = ParsePool(
        limits: limits, format: format, options: options, fingerprints: fingerprints,
        described: described)
      handles = Array(repeating: [], count: limits.parserThreads)
    }
    pool?.submit(chunk)
    chunks.append((chunk.first, chunk.items.count))
  }

  /// What a worker did with input `index` if it was submitted (waiting for it), else nil.
  mutating func outcome(of index: Int) -> (
    worker: Int, result: Result<ParsedInput?, any Error>
  )? {
    if current.map({ index < $0.first || index >= $0.first + $0.count }) ?? true {
      guard chunksStart < chunks.count, chunks[chunksStart].first == index, let pool else {
        return nil
      }
      let chunk = chunks[chunksStart]
      chunksStart += 1
      let outcome = pool.outcome(of: chunk.first)
      takenInputs += outcome.results.count
      takenCost += outcome.cost
      current = (chunk.first, chunk.count, outcome)
    }
    guard let (first, _, outcome) = current, index - first < outcome.results.count else {
      return nil
    }
    return (outcome.worker, outcome.results[index - first])
  }

  /// Replays an input `worker` parsed to `handler`.
  mutating func replay<H: SampleHandler>(
    _ parsed: ParsedInput, worker: Int, to handler: inout H
  ) throws {
    try parsed.replay(to: &handler, handles: &handles[worker], known: &known)
  }

  /// Stops the workers (waiting for them); nothing more is submitted.
  mutating func stop() {
    pool?.shutdown()
    pool = nil
    chunks.removeAll()
    current = nil
    cursor = Int.max
  }

  /// Whether `input` may go to the pool: a file (a worker checks its size) or memory of at
  /// most `limit` bytes.
  static func mayPool(_ input: IngestInput, limit: Int) -> Bool {
    switch input {
    case .memory(_, let bytes): return bytes.count <= limit
    case .file: return true
    case .standardInput: return false
    }
  }
}

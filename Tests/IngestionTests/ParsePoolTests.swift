import MetricModel
import Testing

@testable import Ingestion

/// Small inputs parsed ahead on pool workers: the same stored samples, commits, summary and
/// messages as one thread parsing the inputs in order, and a malformed input still writes
/// nothing, is the first one in input order, and lets the inputs before it commit.
@Suite struct ParsePoolTests {
  static func input(_ name: String, _ text: String) -> IngestInput {
    .memory(name: name, bytes: Array(text.utf8))
  }

  /// Small batches and commits, so inputs are split over batches and transactions.
  static func limits(threads: Int) -> BatchLimits {
    var limits = BatchLimits(batchRows: 16, commitRows: 50, partRows: 24)
    limits.parserThreads = threads
    limits.pooledInputBytes = 2048
    limits.pooledChunkFiles = 3
    limits.pooledChunkBytes = 12288
    limits.pooledBytesAhead = 16384
    return limits
  }

  /// Scrapes of 30 series in 120 files of two kinds: without timestamps (the time in the file
  /// name), series in another spelling in every fifth file, a large file among them, a
  /// malformed line in every seventh (skipped or strict-checked).
  static var inputs: [IngestInput] {
    var inputs: [IngestInput] = []
    for step in 0..<120 {
      let time = 1_700_000_000 + step * 15
      var text = "# TYPE m_total counter\n"
      for series in 0..<30 {
        let revision = "rev=\"r\(series % 3)\""
        let labels = step % 5 == 0 ? "s=\"\(series)\",\(revision)" : "\(revision),s=\"\(series)\""
        text += "m_total{\(labels)} \(step * series)\n"
      }
      if step % 7 == 3 { text += "m_total{rev=\"r1\",s=\"x\"} oops\n" }
      if step == 60 {
        for extra in 0..<200 { text += "big{rev=\"r2\"} \(extra) \(time * 1000 + extra)\n" }
      }
      let kind = step % 4 == 0 ? "txt" : "prom"
      inputs.append(input("d/scrape-\(time).\(kind)", text))
    }
    return inputs
  }

  /// What a sink holds, comparable (values by bit pattern, series by key).
  static func contents(_ state: MemorySink.State) -> [String: [Int64: UInt64]] {
    var out: [String: [Int64: UInt64]] = [:]
    for (key, id) in state.series {
      out[key] = (state.samples[id] ?? [:]).mapValues(\.bitPattern)
    }
    return out
  }

  struct Run {
    var result: IngestResult
    var sink: MemorySink
  }

  static func run(threads: Int, options: IngestOptions) throws -> Run {
    let sink = MemorySink()
    var ingestor = Ingestor(sink: sink, options: options)
    ingestor.limits = limits(threads: threads)
    let result = try ingestor.ingest([InputGroup(inputs)])
    return Run(result: result, sink: sink)
  }

  @Test(arguments: [false, true])
  func workersAgreeWithOneThread(strict: Bool) throws {
    var options = IngestOptions(now: 0)
    options.parser.skipInvalid = true
    options.parser.strict = strict
    let single = try Self.run(threads: 0, options: options)
    let pooled = try Self.run(threads: 3, options: options)
    #expect(single.result.inputsParsedAhead == 0)
    // Every input but each stream's first (120 inputs, 2 streams; the large one inline).
    #expect(pooled.result.inputsParsedAhead == 117)
    #expect(pooled.result.summary == single.result.summary)
    #expect(pooled.result.warnings == single.result.warnings)
    #expect(pooled.result.summary.samples == 120 * 30 + 200)
    #expect(pooled.result.summary.skipped == 17)
    #expect(pooled.sink.commits.count == single.sink.commits.count)
    for (index, pair) in zip(pooled.sink.commits, single.sink.commits).enumerated() {
      let same = Self.contents(pair.0) == Self.contents(pair.1)
      #expect(same, "commit \(index) differs")
    }
    let same = Self.contents(pooled.sink.state) == Self.contents(single.sink.state)
    #expect(same, "the stored samples differ")
  }

  /// The workers start on a stream's inputs once the head of its first gave the format,
  /// while the parser thread parses that first one: the inputs after it, without any
  /// OpenMetrics marker, are read as OpenMetrics too (timestamps in seconds). A first input
  /// with no text leaves the format to the next one, parsed on the parser thread too.
  @Test(arguments: [false, true])
  func theFirstInputsFormatReachesTheWorkers(emptyFirst: Bool) throws {
    var inputs = [
      Self.input("d/a0.txt", "# TYPE m gauge\nm{rev=\"r\"} 0 1700000000.5\n# EOF\n")
    ]
    inputs += (1...10).map { index in
      Self.input("d/a\(index).txt", "m{rev=\"r\"} \(index) \(1_700_000_000 + index).5\n")
    }
    if emptyFirst { inputs.insert(Self.input("d/0.txt", ""), at: 0) }
    let sink = MemorySink()
    var ingestor = Ingestor(sink: sink, options: IngestOptions(now: 0))
    ingestor.limits = Self.limits(threads: 3)
    let result = try ingestor.ingest([InputGroup(inputs)])
    #expect(result.inputsParsedAhead == 10)
    #expect(result.summary.samples == 11)
    let values = sink.values(metric: "m")
    #expect(values.count == 11)
    for index in 0...10 {
      #expect(values[Int64(1_700_000_000 + index) * 1000 + 500] == Double(index))
    }
  }

  /// Two malformed inputs: the later one is small and fails at its first line, so a worker
  /// is done with it first; the error is still the earlier one's, with its line and column,
  /// none of its rows are stored and the inputs before it are.
  @Test func theFirstMalformedInputInOrderFails() throws {
    var inputs = (0..<20).map { index in
      Self.input("f\(index).prom", "m{rev=\"r\",f=\"\(index)\"} 1 1000\n")
    }
    let long = (1...40).map { "bad{rev=\"r\",n=\"\($0)\"} \($0) 1000\n" }.joined()
    inputs[8] = Self.input("f8.prom", long + "bad{rev=\"r\"} 1 2 3\n")
    inputs[9] = Self.input("f9.prom", "bad2{rev=\"r\" 1\n")
    var errors: [String] = []
    for threads in [0, 1, 3] {
      let sink = MemorySink()
      var ingestor = Ingestor(sink: sink, options: IngestOptions(now: 0))
      ingestor.limits = Self.limits(threads: threads)
      let error = #expect(throws: IngestionError.self) {
        _ = try ingestor.ingest([InputGroup(inputs)])
      }
      guard case .malformed(let path, let parse) = error else {
        Issue.record("not a malformed input: \(String(describing: error))")
        continue
      }
      #expect(path == "f8.prom" && parse.line == 41, "threads \(threads)")
      errors.append(parse.description)
      #expect(sink.sampleCount == 8, "threads \(threads)")
      #expect(sink.values(metric: "bad").isEmpty)
      #expect(sink.values(metric: "bad2").isEmpty)
      // On the parser thread the large input went over in parts and is rolled back; parsed
      // ahead, none of its rows ever reach the writer.
      #expect(sink.rollbacks == (threads == 0 ? 1 : 0), "threads \(threads)")
      for state in sink.commits {
        let stored = state.records.values.compactMap { record -> Int? in
          record.metric == "m" ? Int(record.labels["f"] ?? "") : nil
        }
        #expect(Set(stored) == Set(0..<stored.count), "a commit holds a prefix of the inputs")
      }
    }
    #expect(errors.count == 3)
    #expect(Set(errors).count == 1, "\(errors)")
  }

  /// `IngestOptions.parserThreads` (`CANARY_INGEST_THREADS`) sets the workers; 0 parses
  /// every input on the parser thread.
  @Test func theOptionsChooseTheWorkers() throws {
    let inputs = (0..<10).map { index in
      Self.input("f\(index).prom", "m{rev=\"r\"} \(index) \(index * 1000)\n")
    }
    for (threads, ahead) in [(0, 0), (2, 9)] {
      var options = IngestOptions(now: 0)
      options.parserThreads = threads
      let result = try Ingestor(sink: MemorySink(), options: options).ingest([InputGroup(inputs)])
      #expect(result.inputsParsedAhead == ahead)
      #expect(result.summary.samples == 10)
    }
  }

  /// The pool keeps at most its byte budget parsed ahead, yet every input gets through.
  @Test func aTightBudgetStillIngestsEverything() throws {
    let inputs = (0..<64).map { index in
      Self.input("f\(index).prom", "m{rev=\"r\",f=\"\(index % 5)\"} \(index) \(index * 1000)\n")
    }
    let sink = MemorySink()
    var ingestor = Ingestor(sink: sink, options: IngestOptions(now: 0))
    var limits = Self.limits(threads: 2)
    limits.pooledBytesAhead = 1
    ingestor.limits = limits
    let result = try ingestor.ingest([InputGroup(inputs)])
    #expect(result.inputsParsedAhead == 63)
    #expect(result.summary.samples == 64)
    #expect(result.summary.series == 5)
  }
}

import MetricModel
import Testing

@testable import Ingestion

/// The ingest pipeline over a ``MemorySink``: batching, commits between inputs only, atomic
/// inputs, bulk duplicates, what is looked up once per ingest. No database.
@Suite struct IngestorTests {
  static func input(_ name: String, _ text: String) -> IngestInput {
    .memory(name: name, bytes: Array(text.utf8))
  }

  /// `count` samples of the series `metric`, at 1, 2, … seconds.
  static func lines(_ metric: String, count: Int) -> String {
    (1...count).map { "\(metric){rev=\"r\"} \($0) \($0 * 1000)\n" }.joined()
  }

  /// Small batches; inputs over 256 bytes (about a dozen lines) are large: parsed on the
  /// parser thread and handed over in parts, not parsed ahead on a pool worker.
  static let tiny: BatchLimits = {
    var limits = BatchLimits(batchRows: 4, commitRows: 10, partRows: 6)
    limits.pooledInputBytes = 256
    return limits
  }()

  func ingest(
    _ groups: [InputGroup], into sink: MemorySink, limits: BatchLimits = BatchLimits(),
    options: IngestOptions = IngestOptions(now: 0)
  ) throws -> IngestResult {
    var ingestor = Ingestor(sink: sink, options: options)
    ingestor.limits = limits
    return try ingestor.ingest(groups)
  }

  @Test func smallInputsShareOneTransaction() throws {
    let sink = MemorySink()
    let inputs = (0..<3).map { Self.input("s\($0).prom", Self.lines("m\($0)", count: 5)) }
    let summary = try ingest([InputGroup(inputs)], into: sink).summary
    #expect(summary.files == 3)
    #expect(summary.samples == 15)
    #expect(summary.series == 3)
    #expect(summary.revisions == ["r": 15])
    #expect(summary.attribution == ["label": 3])
    #expect(sink.commits.count == 1)
    #expect(sink.sampleCount == 15)
  }

  /// Every committed state holds whole inputs, a prefix of them, whatever the batch sizes.
  @Test func commitsFallOnlyBetweenInputs() throws {
    let sink = MemorySink()
    let sizes = [3, 5, 2, 30, 4, 7, 1, 12]
    let inputs = sizes.enumerated().map { index, size in
      Self.input("f\(index).prom", Self.lines("m\(index)", count: size))
    }
    let summary = try ingest([InputGroup(inputs)], into: sink, limits: Self.tiny).summary
    #expect(summary.samples == sizes.reduce(0, +))
    #expect(sink.commits.count >= 3)
    for state in sink.commits {
      var stored: [Int] = []
      for index in sizes.indices {
        let id = state.records.first { $0.value.metric == "m\(index)" }?.key
        stored.append(id.flatMap { state.samples[$0]?.count } ?? 0)
      }
      let whole = stored.enumerated().map { $0.element == sizes[$0.offset] }
      #expect(zip(stored, sizes).allSatisfy { $0 == 0 || $0 == $1 }, "part of an input: \(stored)")
      let prefix = whole.prefix { $0 }.count
      #expect(stored.dropFirst(prefix).allSatisfy { $0 == 0 }, "not a prefix: \(stored)")
    }
  }

  @Test func aMalformedInputWritesNothingAndTheOnesBeforeItCommit() throws {
    let sink = MemorySink()
    let inputs = [
      Self.input("a.prom", Self.lines("a", count: 3)),
      Self.input("b.prom", Self.lines("b", count: 2)),
      Self.input("bad.prom", Self.lines("bad", count: 2) + "bad{rev=\"r\"} x 3000\n"),
      Self.input("c.prom", Self.lines("c", count: 4)),
    ]
    #expect {
      _ = try ingest([InputGroup(inputs)], into: sink)
    } throws: { error in
      guard case IngestionError.malformed(let path, let parseError) = error else { return false }
      return path == "bad.prom" && parseError.line == 3
    }
    #expect(sink.sampleCount == 5)
    #expect(sink.values(metric: "bad").isEmpty)
    #expect(sink.values(metric: "c").isEmpty)
    #expect(sink.commits.count == 1)
  }

  /// Input `index` of a series scraped again and again: `rows` samples after the previous
  /// input's.
  static func scrape(_ index: Int, rows: Int, bad: Bool = false) -> IngestInput {
    let text = (1...rows).map { row in
      "m{rev=\"r\"} \(row) \((index * rows + row) * 1000)\n"
    }.joined()
    return input("m\(index).prom", text + (bad ? "m{rev=\"r\"} x 1\n" : ""))
  }

  /// Whole inputs with many rows per series (one pod's scrapes one after another) are stored
  /// before their commit, so that little is left to write when the parse ends; commits still
  /// fall between inputs, every `commitRows` rows.
  @Test func longRunsPerSeriesAreStoredBeforeTheirCommit() throws {
    // Batches of two whole inputs (8 rows; a third would not fit).
    var limits = BatchLimits(batchRows: 10, commitRows: 40, partRows: 6)
    limits.runRows = 3
    let sink = MemorySink()
    let inputs = (0..<12).map { Self.scrape($0, rows: 4) }
    let summary = try ingest([InputGroup(inputs)], into: sink, limits: limits).summary
    #expect(summary.samples == 48)
    #expect(sink.sampleCount == 48)
    #expect(sink.commits.count == 2)
    // Stored with every batch, committed at 40 rows and at the end.
    #expect(sink.stores == 6)
    #expect(sink.commits.map(\.samples.values.first?.count) == [40, 48])
    // Asking for longer runs: their one series keeps getting rows, so they are stored only
    // with their commit.
    limits.runRows = 100
    let spread = MemorySink()
    _ = try ingest([InputGroup(inputs)], into: spread, limits: limits)
    #expect(spread.stores == 2)
    #expect(spread.commits.count == 2)
  }

  /// Series done with (one pod's scrapes, then the next pod's) are stored before their
  /// commit even in short runs; series that every input carries (a file per scrape) are not.
  @Test func seriesDoneWithAreStoredBeforeTheirCommit() throws {
    var limits = BatchLimits(batchRows: 10, commitRows: 400, partRows: 6)
    limits.runRows = 100
    // Six pods, two scrapes each of one series, 4 rows a scrape: a batch is one pod's two.
    let pods = (0..<6).flatMap { pod in
      (0..<2).map { scrape in
        Self.input(
          "pod\(pod)-\(scrape).prom",
          (1...4).map { "pod\(pod){rev=\"r\"} 1 \((scrape * 4 + $0) * 1000)\n" }.joined())
      }
    }
    let sink = MemorySink()
    #expect(try ingest([InputGroup(pods)], into: sink, limits: limits).summary.samples == 48)
    // Stored once four pods were pending and the last batch held one of them; then the rest.
    #expect(sink.stores == 2)
    #expect(sink.commits.count == 1)
    #expect(sink.sampleCount == 48)
    // Twelve scrapes of the same five series, one row each.
    let scrapes = (0..<12).map { scrape in
      Self.input(
        "scrape-\(scrape).prom",
        (0..<5).map { "s\($0){rev=\"r\"} 1 \((scrape + 1) * 1000)\n" }.joined())
    }
    let spread = MemorySink()
    #expect(try ingest([InputGroup(scrapes)], into: spread, limits: limits).summary.samples == 60)
    #expect(spread.stores == 1)
    #expect(spread.commits.count == 1)
  }

  /// A malformed input after inputs stored (uncommitted) before it: they commit, it writes
  /// nothing.
  @Test func aMalformedInputAfterAnEarlyStoreLosesOnlyItself() throws {
    var limits = BatchLimits(batchRows: 10, commitRows: 400, partRows: 6)
    limits.runRows = 3
    let sink = MemorySink()
    let inputs = (0..<5).map { Self.scrape($0, rows: 4) } + [Self.scrape(5, rows: 4, bad: true)]
    #expect(throws: IngestionError.self) {
      _ = try ingest([InputGroup(inputs)], into: sink, limits: limits)
    }
    // Inputs 0-1 and 2-3 stored as they came, 4 at the failure, then committed.
    #expect(sink.stores == 3)
    #expect(sink.commits.count == 1)
    #expect(sink.rollbacks == 0)
    #expect(sink.sampleCount == 20)
  }

  /// The stream a file joins: its last component's extension (files of one group with the
  /// same one share a detected format and interner).
  @Test func theKindOfAnInputIsItsExtension() {
    let cases: [(IngestInput, Substring)] = [
      (.file("scrapes/app-1-1788220800.prom"), ".prom"),
      (.file("a.d/scrape"), ""),
      (.file("scrape"), ""),
      (.file("/tmp/x.tar.gz"), ".gz"),
      (.file("dir/.hidden"), ".hidden"),
      (.file("dir/name."), "."),
      (.memory(name: "m.json", bytes: []), ".json"),
      (.standardInput, "-"),
    ]
    for (input, kind) in cases { #expect(ParseJob.kind(of: input) == kind, "\(input)") }
    #expect(cases.count == 8)
  }

  /// A large input, handed over in parts, is rolled back alone when it turns out malformed.
  @Test func aMalformedLargeInputRollsBackOnlyItself() throws {
    let sink = MemorySink()
    let inputs = [
      Self.input("small.prom", Self.lines("small", count: 3)),
      Self.input("large.prom", Self.lines("large", count: 40) + "large{rev=\"r\"} 1 2 3 4\n"),
    ]
    #expect(throws: IngestionError.self) {
      _ = try ingest([InputGroup(inputs)], into: sink, limits: Self.tiny)
    }
    #expect(sink.rollbacks == 1)
    #expect(sink.sampleCount == 3)
    #expect(sink.values(metric: "small").count == 3)
  }

  @Test func duplicatesAndReplacementsAreFoundInBulk() throws {
    let sink = MemorySink()
    var text = ""
    for step in 1...200 {
      for series in 0..<3 { text += "m{rev=\"r\",s=\"\(series)\"} \(step) \(step * 1000)\n" }
    }
    let first = try ingest([InputGroup([Self.input("m.prom", text)])], into: sink).summary
    #expect(first.samples == 600)
    let again = try ingest([InputGroup([Self.input("m.prom", text)])], into: sink).summary
    #expect(again.duplicates == 600)
    #expect(again.samples == 0)
    // One range read per series of the batch, not one lookup per sample.
    #expect(sink.rangeReads == 3)
    let changed = "m{rev=\"r\",s=\"1\"} 99 5000\nm{rev=\"r\",s=\"1\"} 7 500\n"
    let third = try ingest([InputGroup([Self.input("c.prom", changed)])], into: sink).summary
    #expect(third.replaced == 1)
    #expect(third.samples == 1)
    #expect(third.revisions == ["r": 2])
    #expect(sink.sampleCount == 601)
  }

  @Test func repeatsWithinABatchAreJudgedInArrivalOrder() throws {
    let sink = MemorySink()
    let text =
      "a{rev=\"x\"} 1 1000\na{rev=\"x\"} 2 2000\na{rev=\"x\"} 2 2000\n"
      + "a{rev=\"x\"} 3 2000\na{rev=\"x\"} 1 1000\na{rev=\"x\"} 4 3000\na{rev=\"x\"} NaN 4000\n"
      + "a{rev=\"x\"} NaN 4000\n"
    let summary = try ingest([InputGroup([Self.input("a.prom", text)])], into: sink).summary
    #expect(summary.samples == 4)
    #expect(summary.duplicates == 3)
    #expect(summary.replaced == 1)
    let values = sink.values(metric: "a")
    #expect(values[2000] == 3)
    #expect(values[4000]?.isNaN == true)
  }

  /// Series and their latest timestamps are looked up once per ingest, not once per input
  /// (a series the ingest inserted has no stored sample to look up); a later ingest starts
  /// warm from the stored series and reads each one's latest timestamp once.
  @Test func seriesAreResolvedOncePerIngest() throws {
    let sink = MemorySink()
    let inputs = (0..<50).map { step in
      Self.input(
        "scrape-\(1_700_000_000 + step * 15).prom",
        "# TYPE m counter\nm{rev=\"r\",s=\"a\"} \(step)\nm{rev=\"r\",s=\"b\"} \(step)\n"
          + "m{s=\"c\",rev=\"r\"} \(step)\n")
    }
    let summary = try ingest([InputGroup(inputs)], into: sink, limits: Self.tiny).summary
    #expect(summary.samples == 150)
    #expect(summary.series == 3)
    #expect(sink.seriesLookups == 3)
    #expect(sink.latestLookups == 0)
    #expect(sink.values(metric: "m")[1_700_000_000_000 + 49 * 15_000] == 49)
    let again = try ingest([InputGroup(inputs)], into: sink).summary
    #expect(again.duplicates == 150)
    #expect(sink.seriesLookups == 3)
    #expect(sink.latestLookups == 3)
  }

  /// OpenMetrics is detected on the stream's first file and kept: the second, without any
  /// OpenMetrics marker, has its float timestamps read as seconds.
  @Test func theFormatIsDetectedOncePerStream() throws {
    let first = Self.input("a.txt", "# TYPE m gauge\nm 1 1700000000.5\n# EOF\n")
    let second = Self.input("b.txt", "m 2 1700000001.5\n")
    let sink = MemorySink()
    let summary = try ingest([InputGroup([first, second])], into: sink).summary
    #expect(summary.samples == 2)
    #expect(sink.values(metric: "m") == [1_700_000_000_500: 1, 1_700_000_001_500: 2])
    #expect(throws: IngestionError.self) {
      _ = try ingest([InputGroup([second])], into: MemorySink())
    }
  }

  /// Files of other extensions in the same directory are streams of their own.
  @Test func eachExtensionOfAGroupIsDetectedOnItsOwn() throws {
    let csv = Self.input("d/a.csv", "metric,timestamp,value,revision\nc,1700000000,1,r\n")
    let text = Self.input("d/b.prom", "p{rev=\"r\"} 2 1700000000000\n")
    let json = Self.input(
      "d/c.json",
      #"{"status":"success","data":{"resultType":"vector","result":["#
        + #"{"metric":{"__name__":"j","rev":"r"},"value":[1700000000,"3"]}]}}"#)
    let sink = MemorySink()
    let summary = try ingest([InputGroup([csv, text, json])], into: sink).summary
    #expect(summary.samples == 3)
    #expect(sink.values(metric: "c") == [1_700_000_000_000: 1])
    #expect(sink.values(metric: "p") == [1_700_000_000_000: 2])
    #expect(sink.values(metric: "j") == [1_700_000_000_000: 3])
  }

  /// Another writer commits between two transactions of one ingest: the latest timestamps
  /// kept in memory are read again, so its sample is a duplicate, not a constraint failure.
  @Test func anotherWriterBetweenTransactionsIsSeen() throws {
    let sink = MemorySink()
    sink.otherWriter = (2, { state in state.samples[1, default: [:]][2000] = 1 })
    let inputs = [
      Self.input("a.prom", "a{rev=\"x\"} 1 1000\n"), Self.input("b.prom", "a{rev=\"x\"} 1 2000\n"),
    ]
    let limits = BatchLimits(batchRows: 1, commitRows: 1, partRows: 1)
    let summary = try ingest([InputGroup(inputs)], into: sink, limits: limits).summary
    #expect(sink.commits.count == 2)
    #expect(summary.samples == 1)
    #expect(summary.duplicates == 1)
  }

  @Test func skippedLinesAreCountedAndListedWithTheirInput() throws {
    var options = IngestOptions(now: 0)
    options.parser.skipInvalid = true
    let inputs = [
      Self.input("a.prom", "a{rev=\"x\"} 1 1000\na{rev=\"x\"} oops\n"),
      Self.input("b.prom", "b{rev=\"x\"} 1 1000\nb{ 1\n"),
    ]
    let result = try ingest(
      [InputGroup(inputs)], into: MemorySink(), limits: Self.tiny, options: options)
    #expect(result.summary.skipped == 2)
    #expect(result.summary.samples == 2)
    #expect(result.warnings.count == 2)
    #expect(result.warnings.first?.hasPrefix("a.prom:2:") == true)
    #expect(result.warnings.last?.hasPrefix("b.prom:2:") == true)
  }

  @Test func samplesWithoutTimestampTakeTheFileNameTime() throws {
    #expect(Ingestor.unixSeconds(inFileName: "/x/scrape-1700000000.prom") == 1_700_000_000)
    #expect(Ingestor.unixSeconds(inFileName: "/x/pod-12-1700000000-v2.prom") == 1_700_000_000)
    #expect(Ingestor.unixSeconds(inFileName: "/1700000000/scrape.prom") == nil)
    #expect(Ingestor.unixSeconds(inFileName: "scrape-17000000001.prom") == nil)
    let sink = MemorySink()
    _ = try ingest(
      [InputGroup([Self.input("/d/scrape-1700000000.prom", "m{rev=\"r\"} 5\n")])], into: sink)
    #expect(sink.values(metric: "m") == [1_700_000_000_000: 5])
  }
}

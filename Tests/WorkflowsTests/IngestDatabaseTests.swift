import Foundation
import Ingestion
import MetricModel
import Store
import Testing

/// Writes `text` to a temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "input.prom") throws -> String {
  let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("canary-workflow-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  let url = folder.appendingPathComponent(name)
  try Data(text.utf8).write(to: url)
  return url.path
}

/// The ingest pipeline over a real database: duplicates, replacements, concurrent writers.
@Suite struct IngestDatabaseTests {
  func ingest(_ text: String, into database: CanaryDatabase, options: IngestOptions? = nil)
    throws -> IngestSummary
  {
    let path = try temporaryFile(text)
    let ingestor = Ingestor(sink: database, options: options ?? IngestOptions(now: 0))
    return try ingestor.ingest([.file(path)]).summary
  }

  @Test func repeatsInOneFileAreDuplicatesOrReplacements() throws {
    let database = try CanaryDatabase.inMemory()
    let summary = try ingest(
      """
      a{rev="x"} 1 1000
      a{rev="x"} 2 2000
      a{rev="x"} 2 2000
      a{rev="x"} 3 2000
      a{rev="x"} 1 1000
      a{rev="x"} 4 3000

      """, into: database)
    #expect(summary.samples == 3)
    #expect(summary.duplicates == 2)
    #expect(summary.replaced == 1)
    #expect(summary.revisions == ["x": 4])
    #expect(try database.sampleCount() == 3)
  }

  /// Two parser handles naming one stored series (CSV rows whose `type` differs; a Prometheus
  /// JSON response listing a series twice) share what is stored: the repeat is a duplicate.
  @Test func twoHandlesOfOneSeriesShareTheirLatestSample() throws {
    let database = try CanaryDatabase.inMemory()
    let csv = try temporaryFile(
      "metric,timestamp,value,type,pod,revision\nfoo_total,1700000000,1,counter,a,c\n"
        + "foo_total,1700000000,1,,a,c\nfoo_total,1700000060,2,,a,c\n", name: "x.csv")
    let summary = try Ingestor(sink: database, options: IngestOptions(now: 0))
      .ingest([.file(csv)]).summary
    #expect(summary.samples == 2)
    #expect(summary.duplicates == 1)
    let json = try temporaryFile(
      #"{"status":"success","data":{"resultType":"matrix","result":["#
        + #"{"metric":{"__name__":"bar","rev":"c"},"values":[[1700000000,"1"]]},"#
        + #"{"metric":{"__name__":"bar","rev":"c"},"values":[[1700000000,"3"],[1700000060,"4"]]}]}}"#,
      name: "x.json")
    let again = try Ingestor(sink: database, options: IngestOptions(now: 0))
      .ingest([.file(json)]).summary
    #expect(again.samples == 2)
    #expect(again.replaced == 1)
    #expect(try database.sampleCount() == 4)
  }

  /// Another writer between two inputs of one ingest: the second input's samples are
  /// duplicates, not a constraint failure (the latest stored sample is read in each input's
  /// own transaction, never taken from the cache).
  @Test func anotherWriterBetweenInputsIsSeen() throws {
    let database = try CanaryDatabase.inMemory()
    let ingestor = Ingestor(sink: database, options: IngestOptions(now: 0))
    let first = try temporaryFile("a{rev=\"x\"} 1 1000\n")
    let second = try temporaryFile("a{rev=\"x\"} 2 2000\n")
    _ = try ingestor.ingest([.file(first)])
    _ = try Ingestor(sink: database, options: IngestOptions(now: 0)).ingest([.file(second)])
    let summary = try ingestor.ingest([.file(second)]).summary
    #expect(summary.duplicates == 1)
    #expect(summary.samples == 0)
  }

  @Test func olderSamplesOfAKnownSeriesAreStored() throws {
    let database = try CanaryDatabase.inMemory()
    _ = try ingest("a{rev=\"x\"} 1 5000\n", into: database)
    let summary = try ingest(
      "a{rev=\"x\"} 1 1000\na{rev=\"x\"} 1 5000\na{rev=\"x\"} 1 9000\n", into: database)
    #expect(summary.samples == 2)
    #expect(summary.duplicates == 1)
    #expect(try database.sampleCount() == 3)
  }

  @Test func manyNewRowsGoThroughTheBulkPath() throws {
    let database = try CanaryDatabase.inMemory()
    var text = ""
    for step in 0..<1000 {
      for series in 0..<3 { text += "m{rev=\"r\",s=\"\(series)\"} \(step) \(step * 1000)\n" }
    }
    let first = try ingest(text, into: database)
    #expect(first.samples == 3000)
    let again = try ingest(text, into: database)
    #expect(again.duplicates == 3000)
    #expect(again.samples == 0)
    #expect(try database.sampleCount() == 3000)
  }

  @Test func malformedFileWritesNothing() throws {
    let database = try CanaryDatabase.inMemory()
    var text = ""
    for step in 0..<50_000 { text += "m{rev=\"r\"} \(step) \(step * 1000)\n" }
    text += "m{rev=\"r\"} not-a-number 99999999\n"
    #expect {
      _ = try ingest(text, into: database)
    } throws: { error in
      guard case IngestionError.malformed(_, let parseError) = error else { return false }
      return parseError.line == 50_001
    }
    #expect(try database.sampleCount() == 0)
  }
}

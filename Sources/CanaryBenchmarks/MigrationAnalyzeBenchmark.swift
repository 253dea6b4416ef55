import Foundation
import Ingestion
import MetricModel
import Simulation
import Store

/// `canary analyze` (release build) on one hour of a healthy namespace migration of 16
/// namespaces (2-4 workloads each), the size issue 10 sets: matched per-workload comparisons
/// of every metric. The database is built once, in memory from the simulator's per-scrape
/// files (series attributed by their `istio_io_rev` label), and reused while it exists.
struct MigrationAnalyzeBenchmark {
  var folder: String
  var binary: String
  var namespaces = 16

  var databasePath: String { "\(folder)/analyze-migration-\(namespaces)ns.db" }

  func prepare() throws {
    if FileManager.default.fileExists(atPath: databasePath) { return }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var scenario = MigrationScenario.healthy
    scenario.namespaces = namespaces
    let database = try CanaryDatabase.open(path: databasePath)
    let started = Date()
    let ingestor = Ingestor(sink: database, options: IngestOptions(now: 0))
    var samples = 0
    try MigrationSimulator(scenario: scenario, seed: 1, layout: .perScrape).generate { file in
      guard file.path.hasSuffix(".prom") || file.path.hasSuffix(".om") else { return }
      let result = try ingestor.ingest([.memory(name: file.path, bytes: Array(file.text.utf8))])
      samples += result.summary.samples
    }
    print(
      String(
        format: "analyze: built %@ (%d samples) in %.0f s", databasePath, samples,
        Date().timeIntervalSince(started)))
  }

  /// Runs the analysis three times and prints each wall time.
  func run() throws {
    try prepare()
    try AnalyzeBenchmark.time(
      databasePath: databasePath, binary: binary,
      label: "healthy migration, 1 h, \(namespaces) namespaces")
  }
}

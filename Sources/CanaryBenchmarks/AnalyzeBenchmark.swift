import Foundation
import Ingestion
import MetricModel
import Simulation
import Store

/// `canary analyze` (release build) on the healthy scenario with six hours of 15 s scrapes of
/// 50 workloads per revision, the size issue 4 sets: the database is built once, in memory
/// from the simulator (no files), and reused while it exists.
struct AnalyzeBenchmark {
  var folder: String
  var binary: String
  var hours = 6
  var workloads = 50

  var databasePath: String { "\(folder)/analyze-\(hours)h-\(workloads)w.db" }

  /// Simulates the scenario straight into a database.
  func prepare() throws {
    if FileManager.default.fileExists(atPath: databasePath) { return }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    // Built under another name and renamed once closed: an interrupted build is not reused.
    let building = databasePath + ".building"
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: building + suffix)
    }
    let started = Date()
    let samples = try build(into: building)
    try FileManager.default.moveItem(atPath: building, toPath: databasePath)
    print(
      String(
        format: "analyze: built %@ (%d samples) in %.0f s", databasePath, samples,
        Date().timeIntervalSince(started)))
  }

  /// Simulates the scenario into a new database at `path`; returns the samples stored.
  private func build(into path: String) throws -> Int {
    var scenario = Scenario.healthy
    scenario.durationSeconds = hours * 3600
    scenario.workloadsPerRevision = workloads
    let database = try CanaryDatabase.open(path: path)
    var sidecars: Ingestor?
    var controlPlanes: [String: Ingestor] = [:]
    var samples = 0
    // The files of 20 scrapes go in one ingest per kind (their files parsed on every core, a
    // few transactions): an ingest per file would cost more than the files.
    var pending: [String: [IngestInput]] = [:]
    var scrapes = 0
    func flush() throws {
      for (revision, inputs) in pending.sorted(by: { $0.key < $1.key }) {
        let ingestor = revision.isEmpty ? sidecars : controlPlanes[revision]
        samples += try ingestor?.ingest([InputGroup(inputs)]).summary.samples ?? 0
      }
      pending.removeAll()
    }
    try Simulator(scenario: scenario, seed: 1).generate { file in
      if file.path == "namespaces.txt" {
        var options = IngestOptions(now: 0)
        options.attributor = RevisionAttributor(
          namespaceMap: try NamespaceMap.parseKubectlTable(file.text))
        sidecars = Ingestor(sink: database, options: options)
        return
      }
      let input = IngestInput.memory(name: file.path, bytes: Array(file.text.utf8))
      guard file.path.hasPrefix("istiod-") else {
        pending["", default: []].append(input)
        return
      }
      let revision = String(file.path.dropFirst("istiod-".count).prefix { $0 != "/" })
      if controlPlanes[revision] == nil {
        var options = IngestOptions(now: 0)
        options.attributor = RevisionAttributor(forcedRevision: revision)
        controlPlanes[revision] = Ingestor(sink: database, options: options)
      }
      pending[revision, default: []].append(input)
      // Each scrape ends with the control planes' files.
      guard revision == Simulator.revisions.last else { return }
      scrapes += 1
      if scrapes % 20 == 0 { try flush() }
    }
    try flush()
    return samples
  }

  /// Runs the analysis three times and prints each wall time.
  func run() throws {
    try prepare()
    try Self.time(
      databasePath: databasePath, binary: binary,
      label: "healthy, \(hours) h, \(workloads) workloads per revision")
  }

  /// `canary analyze` on `databasePath` three times: each wall time and the verdict.
  static func time(databasePath: String, binary: String, label: String) throws {
    var times: [Double] = []
    var verdict = ""
    let child = MeasuredProcess(
      executable: binary,
      arguments: [
        "analyze", "--db", databasePath, "--baseline", "stable", "--canary", "canary",
        "--no-save", "--output", "json",
      ],
      measuresFile: databasePath + ".time.txt")
    for _ in 0..<3 {
      let run = try child.run()
      times.append(run.seconds)
      let report = (try? JSONSerialization.jsonObject(with: run.output)) as? [String: Any]
      verdict = report?["verdict"] as? String ?? "exit \(run.status)"
    }
    print(
      "analyze: \(label): " + times.map { String(format: "%.2f s", $0) }.joined(separator: ", ")
        + " (verdict \(verdict))")
  }
}

import Foundation
import GRDB
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The dashboard side: the files under `dashboards/` against real databases, and readers that
/// query the views while `canary` writes.
@Suite struct DashboardTests {
  /// Under CI a missing Datasette is a failure, not a silent skip of the Datasette test.
  @Test func datasetteIsInstalledUnderCI() {
    guard ProcessInfo.processInfo.environment["CI"] == "true" else { return }
    #expect(
      Datasette.command != nil,
      "CI=true but datasette is not installed: run scripts/install-datasette.sh")
  }
}

// MARK: - The dashboard files against a scenario database

extension DashboardTests {
  /// Datasette's metadata and Grafana's dashboard, read against one analyzed scenario.
  @Suite(.analyzedScenario) struct Files {
    @Test(
      .enabled(
        if: Datasette.command != nil,
        "datasette is not installed (scripts/install-datasette.sh); CI=true makes this a failure"))
    func datasetteServesTheViewsAndTheCannedQueries() throws {
      let scenario = try #require(AnalyzedScenario.current)
      let server = try DatasetteServer.start(
        database: scenario.database,
        metadata: CanaryProcess.root.appendingPathComponent("dashboards/datasette/metadata.yaml"))
      defer { server.stop() }
      let id = scenario.analysisID

      let analyses = try server.rows("/canary/v_analyses.json?_shape=array")
      let analysis = try #require(analyses.first { $0["id"] as? Int == id })
      #expect(analysis["verdict"] as? String == "rollback")
      #expect(analysis["baseline"] as? String == "stable")
      #expect(analysis["canary"] as? String == "canary")
      #expect((analysis["score"] as? Double).map { (0...100).contains($0) } == true)
      #expect((analysis["created_at"] as? String).flatMap(parseTimestamp) != nil)

      let metrics = try server.rows(
        "/canary/v_analysis_metrics.json?_shape=array&_size=max&analysis_id=\(id)")
      #expect(metrics.compactMap { $0["metric"] as? String }.sorted() == scenario.metrics.sorted())
      let rejects = metrics.first { $0["metric"] as? String == "xds-rejects" }
      #expect(rejects?["classification"] as? String == "high")

      let values = try server.rows(
        "/canary/v_analysis_values.json?_shape=array&_size=max&analysis_id=\(id)&metric=error-rate")
      #expect(Set(values.compactMap { $0["side"] as? String }) == ["baseline", "canary"])
      #expect(values.allSatisfy { isMilliseconds($0["ts"]) && $0["value"] is Double })

      let samples = try server.rows("/canary/v_samples.json?_shape=array&_size=50")
      #expect(samples.count == 50)
      for sample in samples {
        // labels is JSON text, not a nested object: dashboards call json_extract on it.
        let labels = try #require(sample["labels"] as? String)
        let object = try JSONSerialization.jsonObject(with: Data(labels.utf8))
        #expect(object is [String: String], "labels \(labels)")
        #expect(isMilliseconds(sample["ts"]), "ts \(sample["ts"] ?? "nil")")
        #expect((sample["revision"] as? String)?.isEmpty == false)
        #expect((sample["metric"] as? String)?.isEmpty == false)
      }

      let history = try server.rows("/canary/verdict_history.json?_shape=array")
      #expect(history.first?["id"] as? Int == id)
      #expect(history.first?["verdict"] as? String == "rollback")
      #expect((history.first?["failing"] as? String)?.contains("xds-rejects") == true)

      let classifications = try server.rows(
        "/canary/analysis_classifications.json?_shape=array&analysis=\(id)")
      #expect(
        classifications.compactMap { $0["metric"] as? String }.sorted() == scenario.metrics.sorted()
      )
      // Failing metrics come first, so the query's first screen shows why it rolled back.
      #expect(
        ["high", "low", "error"].contains(classifications.first?["classification"] as? String))

      let steps = try server.rows(
        "/canary/analysis_values.json?_shape=array&analysis=\(id)&metric=error-rate")
      #expect(steps.count == values.count / 2)
      #expect(steps.allSatisfy { isMilliseconds($0["ts"]) && $0["time"] is String })
      #expect(steps.contains { $0["baseline"] is Double && $0["canary"] is Double })
    }

    @Test func grafanaDashboardQueriesRunAgainstARealDatabase() throws {
      let scenario = try #require(AnalyzedScenario.current)
      let file = CanaryProcess.root.appendingPathComponent("dashboards/grafana/canary.json")
      let dashboard = try #require(
        try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
      let templating = try #require(
        (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]])
      let source = templating.first { $0["type"] as? String == "datasource" }
      #expect(source?["name"] as? String == "datasource")
      #expect(source?["query"] as? String == "frser-sqlite-datasource")
      let variables = templating.filter { $0["type"] as? String == "query" }
      #expect(variables.map { $0["name"] as? String } == ["analysis", "metric"])

      let panels = try #require(dashboard["panels"] as? [[String: Any]])
      var queries: [(panel: String, sql: String)] = []
      for panel in panels {
        let title = panel["title"] as? String ?? "?"
        for query in sqlTexts(in: panel) { queries.append((title, query)) }
        guard let targets = panel["targets"] as? [[String: Any]] else { continue }
        let datasource = panel["datasource"] as? [String: Any]
        #expect(datasource?["type"] as? String == "frser-sqlite-datasource", "\(title)")
        #expect(datasource?["uid"] as? String == "${datasource}", "\(title)")
        #expect(targets.allSatisfy { $0["rawQueryText"] is String }, "\(title)")
      }
      #expect(queries.count >= 4)

      var configuration = Configuration()
      configuration.readonly = true
      let queue = try DatabaseQueue(path: scenario.database, configuration: configuration)
      defer { try? queue.close() }
      // Grafana's time range, as the plugin substitutes it: Unix milliseconds.
      var values = ["__from": "0", "__to": "4102444800000"]
      // Each variable's query may use the variables before it, as Grafana resolves them; the
      // default value is the first row (sort 0 keeps the query's order).
      for variable in variables {
        let name = try #require(variable["name"] as? String)
        let sql = try interpolate(try #require(variable["query"] as? String), with: values)
        let rows = try queue.read { try Row.fetchAll($0, sql: sql) }
        let first = try #require(rows.first, "variable \(name) has no values")
        values[name] = text(of: first[0])
      }
      #expect(values["analysis"] == String(scenario.analysisID))
      #expect(values["metric"].map(scenario.metrics.contains) == true)

      for (panel, raw) in queries {
        let sql = try interpolate(raw, with: values)
        let rows = try queue.read { try Row.fetchAll($0, sql: sql) }
        #expect(!rows.isEmpty, "\(panel): no rows from\n\(sql)")
        // The plugin reads a number in a time column as Unix seconds (never milliseconds) and
        // a string as RFC 3339.
        guard let row = rows.first, row.hasColumn("time") else { continue }
        switch (row["time"] as DatabaseValue).storage {
        case .int64(let seconds): #expect(seconds < 100_000_000_000, "\(panel): time \(seconds)")
        case .string(let text): #expect(parseTimestamp(text) != nil, "\(panel): time \(text)")
        default: Issue.record("\(panel): time column neither a number nor a string")
        }
      }
    }
  }
}

// MARK: - Reading while canary writes

extension DashboardTests {
  @Suite struct ReadWhileWriting {
    /// Series and steps of the large input: 4 × 80,000 = 320,000 samples in one file.
    static let seriesLabels = [
      #"reporter="destination",rev="stable",response_code="200""#,
      #"reporter="destination",rev="stable",response_code="503""#,
      #"reporter="destination",rev="canary",response_code="200""#,
      #"reporter="destination",rev="canary",response_code="503""#,
    ]
    static let steps = 80_000
    static let start: Int64 = 1_700_000_000_000

    /// Prometheus text with timestamps: `steps` samples of each series, one second apart,
    /// starting `offset` steps after `start`.
    static func exposition(steps: Int, offset: Int = 0) -> String {
      var text = "# TYPE istio_requests_total counter\n"
      text.reserveCapacity(steps * seriesLabels.count * 90)
      for step in 0..<steps {
        let ts = String(start + Int64(offset + step) * 1000)
        for (index, labels) in seriesLabels.enumerated() {
          // 503s are one in ten requests; the counters only grow.
          let value = String((offset + step) * (index % 2 == 0 ? 10 : 1))
          text += "istio_requests_total{\(labels)} \(value) \(ts)\n"
        }
      }
      return text
    }

    @Test func readersSeeAWholeIngestOrNoneOfIt() throws {
      let scratch = try Scratch()
      let db = scratch.path("canary.db")
      // A first small file creates and migrates the database, so the reader opens an existing one.
      let small = try scratch.write("small.prom", Self.exposition(steps: 1))
      let first = try CanaryProcess.run(["ingest", "--db", db, small])
      try #require(first.status == 0, "\(first.stderr)")
      let large = try scratch.write("large.prom", Self.exposition(steps: Self.steps, offset: 1))
      let before = Self.seriesLabels.count
      let after = before + Self.steps * Self.seriesLabels.count

      let reader = try ViewReader(path: db)
      reader.start()
      // The first observation is the state before the ingest starts.
      try #require(reader.waitForFirstRead(), "the reader did not read within 30 s")
      let ingest = try CanaryProcess.run(["ingest", "--db", db, large])
      let analyze = try CanaryProcess.run([
        "analyze", "--db", db, "--baseline", "stable", "--canary", "canary",
      ])
      let outcome = reader.stop()

      #expect(ingest.status == 0, "\(ingest.stderr)")
      #expect([0, 1, 2].contains(analyze.status), "\(analyze.stderr)")
      #expect(outcome.finished, "the reader did not stop within 30 s")
      #expect(outcome.errors.isEmpty, "reader errors: \(outcome.errors)")
      let seen = outcome.observations
      #expect(seen.first == ViewReader.Observation(samples: before, analyses: 0))
      #expect(seen.last == ViewReader.Observation(samples: after, analyses: 1))
      let counts = Set(seen.map(\.samples))
      #expect(counts.isSubset(of: [before, after]), "half-written ingest seen: \(counts.sorted())")
      // Once the ingest or the analysis is visible it stays visible, and an analysis never
      // appears before the samples it analyzed.
      for (earlier, later) in zip(seen, seen.dropFirst()) {
        #expect(earlier.samples <= later.samples && earlier.analyses <= later.analyses)
      }
      #expect(seen.allSatisfy { $0.analyses == 0 || ($0.analyses == 1 && $0.samples == after) })
      #expect(seen.count >= 3, "the reader read only \(seen.count) times")
    }
  }
}

// MARK: - Helpers

/// A push-storm database with one stored analysis, made once for the suite that reads it.
struct AnalyzedScenario: Sendable {
  /// Path of the database file, named `canary.db` so Datasette serves it as `canary`.
  var database: String
  var analysisID: Int
  /// Every metric of the analysis' configuration, as the JSON report lists them.
  var metrics: [String]

  /// The scenario of the running suite (see `AnalyzedScenarioTrait`).
  @TaskLocal static var current: AnalyzedScenario?
}

/// Suite trait: simulates, ingests and analyzes push-storm once, and removes it after the suite.
struct AnalyzedScenarioTrait: SuiteTrait, TestScoping {
  func provideScope(
    for test: Test, testCase: Test.Case?,
    performing function: @Sendable () async throws -> Void
  ) async throws {
    let scratch = try Scratch()
    let database = try ScenarioTests.ingestScenario("push-storm", in: scratch)
    let result = try CanaryProcess.run([
      "analyze", "--db", database, "--baseline", "stable", "--canary", "canary", "--output",
      "json",
    ])
    // push-storm's expected verdict is rollback: exit 1.
    try #require(result.status == 1, "\(result.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let scenario = AnalyzedScenario(
      database: database, analysisID: try #require(report["analysisId"] as? Int),
      metrics: (report["metrics"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
    try #require(!scenario.metrics.isEmpty)
    try await AnalyzedScenario.$current.withValue(scenario) { try await function() }
    // The folder goes only after every test of the suite is done with it.
    withExtendedLifetime(scratch) {}
  }
}

extension Trait where Self == AnalyzedScenarioTrait {
  /// Gives the suite's tests `AnalyzedScenario.current`.
  static var analyzedScenario: Self { Self() }
}

/// How to run Datasette here, if it is installed.
enum Datasette {
  /// `datasette` on PATH, else `python3 -m datasette`; nil when neither answers `--version`.
  static let command: [String]? = {
    for candidate in [["datasette"], ["python3", "-m", "datasette"]] {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = candidate + ["--version"]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      guard (try? process.run()) != nil else { continue }
      process.waitUntilExit()
      if process.terminationStatus == 0 { return candidate }
    }
    return nil
  }()
}

/// A `datasette serve` child process on a free local port.
final class DatasetteServer {
  let process: Process
  let base: URL
  let log: URL

  private init(process: Process, base: URL, log: URL) {
    self.process = process
    self.base = base
    self.log = log
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// Starts Datasette and waits (at most 30 s) until it answers; retries on a new port when
  /// the chosen one was taken between picking and binding it.
  static func start(database: String, metadata: URL) throws -> DatasetteServer {
    guard let command = Datasette.command else { throw Failure(description: "no datasette") }
    var lastLog = ""
    for _ in 1...3 {
      let port = try freePort()
      let log = FileManager.default.temporaryDirectory
        .appendingPathComponent("canary-datasette-\(UUID().uuidString).log")
      guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
        throw Failure(description: "cannot create \(log.path)")
      }
      let output = try FileHandle(forWritingTo: log)
      defer { try? output.close() }
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments =
        command + [
          "serve", database, "--host", "127.0.0.1", "--port", String(port), "-m", metadata.path,
        ]
      // A log file, not a pipe: nobody reads it while the server runs, and a full pipe blocks.
      process.standardOutput = output
      process.standardError = output
      try process.run()
      // Force unwrap: "http://127.0.0.1:" followed by a port number is always a valid URL.
      let server = DatasetteServer(
        process: process, base: URL(string: "http://127.0.0.1:\(port)")!, log: log)
      if server.waitUntilReady(seconds: 30) { return server }
      lastLog = server.logText
      server.stop()
      // Only a port taken since freePort() chose it is worth another try.
      guard lastLog.contains("address already in use") else { break }
    }
    throw Failure(description: "datasette did not answer within 30 s:\n\(lastLog)")
  }

  /// Polls /-/versions.json until it answers 200, the process exits, or `seconds` pass.
  private func waitUntilReady(seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    let url = base.appendingPathComponent("-/versions.json")
    while Date() < deadline && process.isRunning {
      if let (status, _) = try? Self.get(url, timeout: 2), status == 200 { return true }
      Thread.sleep(forTimeInterval: 0.2)
    }
    return false
  }

  var logText: String {
    (try? String(contentsOf: log, encoding: .utf8)) ?? ""
  }

  /// Ends the server with SIGKILL: it only reads, so there is nothing to shut down cleanly, and
  /// a child of Foundation's Process on Linux inherits the test runner's blocked signals, so
  /// SIGTERM would stay pending forever.
  func stop() {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    try? FileManager.default.removeItem(at: log)
  }

  /// GETs `path` (with its query) and decodes a `_shape=array` answer.
  func rows(_ path: String) throws -> [[String: Any]] {
    guard let url = URL(string: base.absoluteString + path) else {
      throw Failure(description: "\(path): not a URL path")
    }
    let (status, data) = try Self.get(url, timeout: 30)
    let body = String(decoding: data, as: UTF8.self)
    guard status == 200 else { throw Failure(description: "\(path): HTTP \(status): \(body)") }
    guard let rows = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
      throw Failure(description: "\(path): not an array of objects: \(body)")
    }
    return rows
  }

  /// A blocking GET with a timeout, so no poll can hang the test.
  static func get(_ url: URL, timeout: Double) throws -> (Int, Data) {
    final class Box: @unchecked Sendable {
      var result: Result<(Int, Data), Error> = .failure(Failure(description: "timed out"))
    }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    var request = URLRequest(url: url)
    request.timeoutInterval = timeout
    let task = URLSession.shared.dataTask(with: request) { data, response, error in
      if let error {
        box.result = .failure(error)
      } else {
        box.result = .success(((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data()))
      }
      done.signal()
    }
    task.resume()
    if done.wait(timeout: .now() + timeout + 1) == .timedOut {
      task.cancel()
      throw Failure(description: "\(url): no answer within \(timeout) s")
    }
    return try box.result.get()
  }

  /// A port nobody listens on now: bind port 0 and read back what the kernel chose.
  static func freePort() throws -> UInt16 {
    #if canImport(Glibc)
      let stream = Int32(SOCK_STREAM.rawValue)
    #else
      let stream = SOCK_STREAM
    #endif
    let socketFD = socket(AF_INET, stream, 0)
    guard socketFD >= 0 else { throw Failure(description: "socket: errno \(errno)") }
    defer { close(socketFD) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) }
    }
    guard bound == 0 else { throw Failure(description: "bind: errno \(errno)") }
    let named = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
    }
    guard named == 0 else { throw Failure(description: "getsockname: errno \(errno)") }
    return UInt16(bigEndian: address.sin_port)
  }
}

/// Counts the views in a loop on its own read-only connection and background thread.
final class ViewReader: @unchecked Sendable {
  struct Observation: Equatable {
    var samples: Int
    var analyses: Int
  }

  struct Outcome {
    var observations: [Observation]
    var errors: [String]
    var finished: Bool
  }

  private let queue: DatabaseQueue
  private let lock = NSLock()
  private var observations: [Observation] = []
  private var errors: [String] = []
  private var stopping = false
  private let firstRead = DispatchSemaphore(value: 0)
  private let finished = DispatchSemaphore(value: 0)

  init(path: String) throws {
    var configuration = Configuration()
    configuration.readonly = true
    // A writer's commit or checkpoint can hold a lock for a moment: wait rather than fail.
    configuration.busyMode = .timeout(10)
    queue = try DatabaseQueue(path: path, configuration: configuration)
  }

  func start() {
    Thread { self.run() }.start()
  }

  /// Bounded: at most 20,000 reads or 120 s, then one last read after `stop()`.
  private func run() {
    let deadline = Date().addingTimeInterval(120)
    var reads = 0
    while reads < 20_000 && Date() < deadline {
      let last = lock.withLock { stopping }
      read()
      reads += 1
      if reads == 1 { firstRead.signal() }
      if last { break }
      Thread.sleep(forTimeInterval: 0.005)
    }
    try? queue.close()
    finished.signal()
  }

  private func read() {
    do {
      // One read transaction: both counts come from the same snapshot.
      let observation = try queue.read { db in
        Observation(
          samples: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM v_samples") ?? -1,
          analyses: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM v_analyses") ?? -1)
      }
      lock.withLock { observations.append(observation) }
    } catch {
      lock.withLock { errors.append(String(describing: error)) }
    }
  }

  func waitForFirstRead() -> Bool {
    firstRead.wait(timeout: .now() + 30) == .success
  }

  /// Asks for a last read, waits (at most 30 s) for the thread, and returns what it saw.
  func stop() -> Outcome {
    lock.withLock { stopping = true }
    let done = finished.wait(timeout: .now() + 30) == .success
    return lock.withLock { Outcome(observations: observations, errors: errors, finished: done) }
  }
}

/// Every SQL text a panel's targets carry (the fields frser-sqlite-datasource reads).
private func sqlTexts(in panel: [String: Any]) -> [String] {
  let targets = panel["targets"] as? [[String: Any]] ?? []
  let nested = (panel["panels"] as? [[String: Any]] ?? []).flatMap(sqlTexts)
  return targets.flatMap { target in
    ["rawQueryText", "queryText"].compactMap { target[$0] as? String }
  } + nested
}

/// Substitutes Grafana variables (`$name`, `${name}`, `${name:raw}`, `${name:sqlstring}`).
private func interpolate(_ sql: String, with values: [String: String]) throws -> String {
  var unknown: [String] = []
  let result = sql.replacing(/\$\{(\w+)(?::(\w+))?\}|\$(\w+)/) { match -> String in
    let name = String(match.output.1 ?? match.output.3 ?? "")
    let format = match.output.2.map(String.init)
    guard let value = values[name] else {
      unknown.append(name)
      return ""
    }
    switch format {
    case nil, "raw": return value
    case "sqlstring": return "'" + value.replacing("'", with: "''") + "'"
    default:
      unknown.append("\(name):\(format ?? "")")
      return value
    }
  }
  #expect(unknown.isEmpty, "unknown variables or formats \(unknown) in\n\(sql)")
  return result
}

/// A database value as the text Grafana would put into a variable.
private func text(of value: DatabaseValue) -> String {
  switch value.storage {
  case .null: "NULL"
  case .int64(let int): String(int)
  case .double(let double): String(double)
  case .string(let string): string
  case .blob(let data): String(decoding: data, as: UTF8.self)
  }
}

/// Whether a JSON value is an integer timestamp in Unix milliseconds (2001 to 2286).
private func isMilliseconds(_ value: Any?) -> Bool {
  guard let ts = value as? Int else { return false }
  return (1_000_000_000_000..<10_000_000_000_000).contains(ts)
}

/// Parses an RFC 3339 timestamp with or without fractional seconds.
private func parseTimestamp(_ text: String) -> Date? {
  let formatter = ISO8601DateFormatter()
  formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
  if let date = formatter.date(from: text) { return date }
  formatter.formatOptions = [.withInternetDateTime]
  return formatter.date(from: text)
}

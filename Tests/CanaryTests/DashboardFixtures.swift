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

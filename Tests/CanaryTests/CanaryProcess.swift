import Foundation
import GRDB

/// Runs the built `canary` binary and captures what it prints.
struct CanaryProcess {
  /// Exit status, stdout and stderr of one run.
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String

    /// stderr's lines, without the empty last one.
    var errorLines: [String] { stderr.split(separator: "\n").map(String.init) }
  }

  /// The repository root, found from this source file.
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The binary: `$CANARY_BIN`, else `canary` beside the test bundle, else `.build/debug/canary`.
  static var binary: URL {
    if let path = ProcessInfo.processInfo.environment["CANARY_BIN"] {
      return URL(fileURLWithPath: path)
    }
    let bundleFolder = Bundle.main.bundleURL.deletingLastPathComponent()
    for candidate in [
      bundleFolder.appendingPathComponent("canary"),
      Bundle.main.bundleURL.appendingPathComponent("canary"),
      root.appendingPathComponent(".build/debug/canary"),
    ] where FileManager.default.isExecutableFile(atPath: candidate.path) {
      return candidate
    }
    return root.appendingPathComponent(".build/debug/canary")
  }

  /// Runs `canary arguments...` in `directory`, feeding `input` on stdin.
  static func run(
    _ arguments: [String], in directory: URL? = nil, input: Data? = nil,
    environment: [String: String] = [:]
  ) throws -> Result {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "CANARY_DB")
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    let inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(input) }
    try inPipe.fileHandleForWriting.close()
    // Read both pipes before waiting, so a full pipe cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    DispatchQueue.global().async(group: group) {
      outData = out.fileHandleForReading.readDataToEndOfFile()
    }
    errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}

/// A temporary folder for one test, removed when the value goes away.
final class Scratch {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("canary-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// Path of `name` inside the folder.
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// Writes `text` to `name` and returns its path.
  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    try write(name, Data(text.utf8))
  }

  /// Writes `data` to `name` (creating folders) and returns its path.
  @discardableResult
  func write(_ name: String, _ data: Data) throws -> String {
    let target = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: target)
    return target.path
  }
}

/// What a database holds, to check that a failed command changed nothing.
struct DatabaseState: Equatable {
  var samples: Int
  var series: Int
  var analyses: Int
  var schema: [String]

  init(path: String) throws {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    (samples, series, analyses, schema) = try queue.read { db in
      (
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM v_samples") ?? -1,
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM series") ?? -1,
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM analyses") ?? -1,
        try String.fetchAll(
          db,
          sql:
            "SELECT type || ' ' || name || ' ' || IFNULL(sql, '') FROM sqlite_master ORDER BY name")
      )
    }
  }
}

import Foundation

/// A `canary` process started in the background, its output going to files, so a test can
/// run many at once or kill one in the middle.
final class SpawnedCanary {
  let process = Process()
  private let stdoutURL: URL
  private let stderrURL: URL

  /// Starts `canary arguments...`; its stdout and stderr go to `name.out` / `name.err` in
  /// `scratch`.
  init(_ arguments: [String], name: String, in scratch: Scratch) throws {
    stdoutURL = scratch.url.appendingPathComponent(name + ".out")
    stderrURL = scratch.url.appendingPathComponent(name + ".err")
    FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
    FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    process.executableURL = CanaryProcess.binary
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "CANARY_DB")
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
    process.standardError = try FileHandle(forWritingTo: stderrURL)
    try process.run()
  }

  /// Sends SIGKILL to this process only (by its id).
  func kill() {
    if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
  }

  /// Waits for the exit and returns the status and what the process printed.
  func wait() -> CanaryProcess.Result {
    process.waitUntilExit()
    let out = (try? Data(contentsOf: stdoutURL)) ?? Data()
    let err = (try? Data(contentsOf: stderrURL)) ?? Data()
    return CanaryProcess.Result(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: err, as: UTF8.self))
  }
}

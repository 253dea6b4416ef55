import Foundation

/// Runs a child process under `/usr/bin/time` and reads back what it cost: wall time, CPU time
/// (user + system) and peak resident memory, which `time` takes from `wait4(2)`.
///
/// Every benchmark that runs `canary` as a separate process measures it here, so the figures
/// of the ingest and the analyze benchmarks mean the same thing.
struct MeasuredProcess {
  /// What one run cost and printed.
  struct Measures {
    /// Standard output of the child.
    var output: Data
    /// Wall-clock seconds from start to exit.
    var seconds: Double
    /// User plus system CPU seconds; nil when `/usr/bin/time` wrote nothing readable.
    var cpuSeconds: Double?
    /// Peak resident memory in MB (1024 × 1024 bytes); nil when not measured.
    var peakMegabytes: Double?
    /// The child's exit status.
    var status: Int32
  }

  /// The program to run and its arguments.
  var executable: String
  var arguments: [String]
  /// Variables added to (or replacing those of) this process' environment.
  var environment: [String: String] = [:]
  /// Where `/usr/bin/time` writes its figures (overwritten on each run).
  var measuresFile: String

  /// Runs the child to its exit, reading its standard output; standard error is inherited.
  func run() throws -> Measures {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    process.arguments = ["-f", "%M %U %S", "-o", measuresFile, executable] + arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let output = Pipe()
    process.standardOutput = output
    let started = Date()
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let seconds = Date().timeIntervalSince(started)
    let figures = Self.figures(in: measuresFile)
    return Measures(
      output: data, seconds: seconds, cpuSeconds: figures.map { $0.user + $0.system },
      peakMegabytes: figures.map { $0.kilobytes / 1024 }, status: process.terminationStatus)
  }

  /// The `%M %U %S` line `/usr/bin/time` wrote last (it may write a note about the child's
  /// exit status before it), nil when there is none.
  static func figures(in path: String) -> (kilobytes: Double, user: Double, system: Double)? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8),
      let line = text.split(separator: "\n").last
    else { return nil }
    let numbers = line.split(separator: " ").compactMap { Double($0) }
    guard numbers.count == 3 else { return nil }
    return (numbers[0], numbers[1], numbers[2])
  }
}

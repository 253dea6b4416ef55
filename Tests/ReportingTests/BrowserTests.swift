import Foundation
import Testing

@testable import Reporting

/// Headless Chromium, found on PATH (or named by `CHROMIUM`).
enum Browser {
  /// The browser's path, nil when none is installed.
  static let executable: String? = {
    let environment = ProcessInfo.processInfo.environment
    if let named = environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: named) {
      return named
    }
    let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    for name in names {
      for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)")
      {
        return "\(folder)/\(name)"
      }
    }
    return nil
  }()

  /// Under CI a missing browser is a failure, not a reason to skip.
  static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

  /// What a run printed.
  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs the browser headless on `arguments` plus the flags a root container needs,
  /// with a throwaway profile; kills it after `timeout` seconds.
  static func run(_ browser: String, _ arguments: [String], timeout: TimeInterval = 120) throws
    -> Output
  {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("canary-browser-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let stdoutURL = folder.appendingPathComponent("stdout")
    let stderrURL = folder.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    // Files rather than pipes: a chatty browser cannot fill a pipe and block.
    let stdout = try FileHandle(forWritingTo: stdoutURL)
    let stderr = try FileHandle(forWritingTo: stderrURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: browser)
    process.arguments =
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
        "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
      ] + arguments
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
      process.terminate()
      Issue.record("\(browser) did not finish within \(Int(timeout)) s")
    }
    process.waitUntilExit()
    try stdout.close()
    try stderr.close()
    return Output(
      status: process.terminationStatus,
      stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self))
  }
}

@Suite(
  .serialized,
  .enabled(
    if: Browser.executable != nil || Browser.isCI,
    "no Chromium on PATH: run scripts/install-chromium.sh (with CI=true this test fails)"))
struct BrowserTests {
  /// The repository root, three folders above this file.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The sample report written to a temporary file.
  static func samplePage() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("canary-report-\(UUID().uuidString).html")
    try Data(HTMLReport.render(try HTMLSamples.rollback()).utf8).write(to: url)
    return url
  }

  @Test func chromiumRendersEveryChartWithoutErrors() throws {
    let browser = try #require(
      Browser.executable, "CI=true but no Chromium on PATH: run scripts/install-chromium.sh")
    let page = try Self.samplePage()
    defer { try? FileManager.default.removeItem(at: page) }
    let output = try Browser.run(
      browser, ["--enable-logging=stderr", "--v=0", "--dump-dom", page.absoluteString])
    #expect(output.status == 0, "\(output.stderr)")
    let dom = output.stdout
    #expect(dom.contains("<strong>rollback</strong>"), "verdict in the DOM")
    let report = try HTMLSamples.rollback()
    let ids = HTMLEscaping.metricIDs(report.metrics.map(\.name))
    for (metric, id) in zip(report.metrics, ids) {
      let section = try #require(HTMLReportTests.section(id, in: dom), "\(id) in the DOM")
      let charts = section.components(separatedBy: "<svg").count - 1
      let expected = metric.values.canary.isEmpty && metric.values.baseline.isEmpty ? 0 : 2
      #expect(charts == expected, "\(metric.name): \(charts) charts in the DOM")
    }
    for line in output.stderr.split(separator: "\n")
    where line.contains("Uncaught") || line.contains(":CONSOLE") {
      Issue.record("browser console: \(line)")
    }
  }

  @Test func chromiumTakesAScreenshot() throws {
    let browser = try #require(
      Browser.executable, "CI=true but no Chromium on PATH: run scripts/install-chromium.sh")
    let page = try Self.samplePage()
    defer { try? FileManager.default.removeItem(at: page) }
    let folder = Self.root.appendingPathComponent(".build")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let screenshot = folder.appendingPathComponent("report-screenshot.png")
    try? FileManager.default.removeItem(at: screenshot)
    let output = try Browser.run(
      browser, ["--screenshot=\(screenshot.path)", "--window-size=1280,2400", page.absoluteString])
    #expect(output.status == 0, "\(output.stderr)")
    let png = try Data(contentsOf: screenshot)
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG at \(screenshot.path)")
    #expect(png.count > 50_000, "a page with content, not a blank one")
  }
}

import Foundation
import Testing

/// Golden-file comparison; `CANARY_RECORD_GOLDEN=1` writes the files instead.
enum Golden {
  /// `Tests/ReportingTests/Golden` in the source tree (not the bundle's copy), where recording
  /// writes.
  static let sourceDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().appendingPathComponent("Golden")

  /// Whether this run re-records the golden files.
  static var isRecording: Bool {
    ProcessInfo.processInfo.environment["CANARY_RECORD_GOLDEN"] == "1"
  }

  /// Expects `actual` to equal the golden file `name` byte for byte, or records it.
  static func check(
    _ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    if isRecording {
      try Data(actual.utf8).write(to: sourceDirectory.appendingPathComponent(name))
      Issue.record(
        "re-recorded Golden/\(name); review the diff and run again without CANARY_RECORD_GOLDEN",
        sourceLocation: sourceLocation)
      return
    }
    let folder = try #require(Bundle.module.url(forResource: "Golden", withExtension: nil))
    let file = folder.appendingPathComponent(name)
    guard let data = FileManager.default.contents(atPath: file.path) else {
      Issue.record(
        "Golden/\(name) is missing: record it with CANARY_RECORD_GOLDEN=1",
        sourceLocation: sourceLocation)
      return
    }
    let expected = String(decoding: data, as: UTF8.self)
    guard actual != expected else { return }
    let message =
      "differs from Golden/\(name) \(firstDifference(actual, expected))\n"
      + "re-record with CANARY_RECORD_GOLDEN=1 if the change is intended"
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
  }

  /// Where two texts first differ, line by line, for a readable failure.
  static func firstDifference(_ actual: String, _ expected: String) -> String {
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(actualLines.count, expectedLines.count) {
      let got = index < actualLines.count ? String(actualLines[index]) : "<end>"
      let want = index < expectedLines.count ? String(expectedLines[index]) : "<end>"
      if got != want { return "at line \(index + 1):\n  got:  \(got)\n  want: \(want)" }
    }
    return "(same lines, different bytes)"
  }
}

import Foundation
import Ingestion

/// A one-line progress bar on stderr, for terminals only.
final class ProgressBar: @unchecked Sendable {
  private let lock = NSLock()
  private var drawn = false

  /// Redraws the bar for `input` (called from the parser thread).
  func update(_ input: IngestInput, _ read: Int, _ size: Int?) {
    lock.lock()
    defer { lock.unlock() }
    let megabytes = String(format: "%.0f MB", Double(read) / 1_048_576)
    var line = "\r\(input.name): \(megabytes)"
    if let size, size > 0 {
      let fraction = min(1, Double(read) / Double(size))
      let width = 30
      let filled = Int(fraction * Double(width))
      line =
        "\r\(input.name) [" + String(repeating: "#", count: filled)
        + String(repeating: " ", count: width - filled) + "] "
        + String(format: "%3.0f%% ", fraction * 100) + megabytes
    }
    Terminal.writeError(line + "\u{1B}[K")
    drawn = true
  }

  /// Erases the bar.
  func clear() {
    lock.lock()
    defer { lock.unlock() }
    if drawn { Terminal.writeError("\r\u{1B}[K") }
    drawn = false
  }
}

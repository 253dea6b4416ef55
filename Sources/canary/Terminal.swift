import Foundation

/// Where diagnostics and progress go: stderr, never stdout (which carries results only).
enum Terminal {
  /// Whether standard error is a terminal (progress bars and colour only then).
  static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

  /// Prints `canary: error: message` on stderr.
  static func error(_ message: String) {
    writeError("canary: error: \(message)\n")
  }

  /// Prints `canary: warning: message` on stderr.
  static func warning(_ message: String) {
    writeError("canary: warning: \(message)\n")
  }

  /// Writes raw text on stderr.
  static func writeError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}

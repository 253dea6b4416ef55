import Foundation

/// The current time, read once per command where the command needs it.
enum Clock {
  /// Now, Unix milliseconds.
  static func now() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded())
  }
}

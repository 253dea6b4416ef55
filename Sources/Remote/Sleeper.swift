import Foundation

/// Waits between retries; injected so tests never sleep for real.
public protocol Sleeper: Sendable {
  /// Blocks the calling thread for `seconds`.
  func sleep(seconds: Double)
}

/// The real clock: `Thread.sleep`.
public struct ThreadSleeper: Sleeper {
  /// Creates the sleeper.
  public init() {}

  /// Blocks the calling thread for `seconds`.
  public func sleep(seconds: Double) {
    guard seconds > 0 else { return }
    Thread.sleep(forTimeInterval: seconds)
  }
}

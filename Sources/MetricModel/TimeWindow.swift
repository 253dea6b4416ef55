/// A time window in Unix milliseconds, `from` before `to`: the range one side of a comparison
/// covers. Made only through ``init(from:to:)``, so every window in the program is non-empty.
public struct TimeWindow: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Start, Unix milliseconds.
  public let from: Int64
  /// End, Unix milliseconds.
  public let to: Int64

  /// Why a window could not be made; the description is the user's one-line message.
  public struct Empty: Error, Sendable, Equatable, CustomStringConvertible {
    /// The ends that were given.
    public var from: Int64
    /// The ends that were given.
    public var to: Int64
    public var description: String {
      "window is empty: from \(TimeSpecification.format(milliseconds: from)) is not before "
        + "to \(TimeSpecification.format(milliseconds: to))"
    }
  }

  /// A window; throws ``Empty`` unless `from < to`.
  public init(from: Int64, to: Int64) throws {
    guard from < to else { throw Empty(from: from, to: to) }
    self.from = from
    self.to = to
  }

  /// Length in milliseconds.
  public var duration: Int64 { to - from }

  /// Whether `time` lies in `[from, to]`.
  public func contains(_ time: Int64) -> Bool { from <= time && time <= to }

  /// `2026-09-01T00:00:00Z..2026-09-01T00:30:00Z`.
  public var description: String {
    "\(TimeSpecification.format(milliseconds: from))..\(TimeSpecification.format(milliseconds: to))"
  }
}

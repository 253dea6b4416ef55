/// A 2×2 table of counts `[[a, b], [c, d]]`: rows canary and baseline, columns events and
/// non-events (e.g. failed and successful requests of one workload in one step).
public struct Table2x2: Sendable, Equatable {
  /// Canary events.
  public var a: Int
  /// Canary non-events.
  public var b: Int
  /// Baseline events.
  public var c: Int
  /// Baseline non-events.
  public var d: Int

  /// A table; counts are validated by the functions that use it.
  public init(a: Int, b: Int, c: Int, d: Int) {
    self.a = a
    self.b = b
    self.c = c
    self.d = d
  }

  /// n = a + b + c + d.
  public var total: Int { a + b + c + d }

  /// Throws unless every count is ≥ 0.
  func validate() throws {
    for (name, value) in [("a", a), ("b", b), ("c", c), ("d", d)] where value < 0 {
      throw StatisticsError.invalidArgument(
        name: name, value: Double(value), requirement: "counts must be ≥ 0")
    }
  }
}

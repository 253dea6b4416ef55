/// One unit (namespace/workload) with the revisions it ran over time.
public struct UnitMigration: Sendable, Hashable, Codable {
  /// `namespace/workload`.
  public var unit: String
  /// Its revisions in the order it ran them (by first sample).
  public var revisions: [Stay]
  /// When it moved: the first sample of each revision after the first, Unix milliseconds.
  public var moves: [Int64]
  /// Its share of every unit's requests, 0...1.
  public var share: Double

  /// One unit's time on one revision, from its requests (`canary migrations`).
  public struct Stay: Sendable, Hashable, Codable {
    /// The revision.
    public var revision: String
    /// First sample time of the unit's request series on it, Unix milliseconds.
    public var first: Int64
    /// Last sample time, Unix milliseconds.
    public var last: Int64
    /// Requests the unit served on it (the counters' increase).
    public var requests: Double
    /// How its series were attributed (`label`, `namespace`, ...), by name.
    public var attribution: [String]
  }
}

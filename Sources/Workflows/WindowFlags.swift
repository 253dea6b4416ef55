import MetricModel

/// The window flags of analyze and pull as the user wrote them (TIME texts): one window for
/// both sides (`--from/--to`), or one per side.
public struct WindowFlags: Sendable, Equatable {
  /// `--from`.
  public var from: String?
  /// `--to`.
  public var to: String?
  /// `--baseline-from`.
  public var baselineFrom: String?
  /// `--baseline-to`.
  public var baselineTo: String?
  /// `--canary-from`.
  public var canaryFrom: String?
  /// `--canary-to`.
  public var canaryTo: String?

  /// Creates the flags; nil for each one not given.
  public init(
    from: String? = nil, to: String? = nil, baselineFrom: String? = nil,
    baselineTo: String? = nil, canaryFrom: String? = nil, canaryTo: String? = nil
  ) {
    self.from = from
    self.to = to
    self.baselineFrom = baselineFrom
    self.baselineTo = baselineTo
    self.canaryFrom = canaryFrom
    self.canaryTo = canaryTo
  }

  /// The windows of a comparison, resolved once for every command.
  public struct Resolved: Sendable, Equatable {
    /// The canary's window.
    public var canary: TimeWindow
    /// The baseline's window; nil when no flag names it: the analysis' design chooses (the
    /// canary's window, or the period before each unit's move).
    public var baseline: TimeWindow?
  }

  /// Resolves the flags at `now` (Unix milliseconds).
  ///
  /// The canary window is `--canary-from`/`--canary-to`, else `--from`/`--to`; an end not
  /// given comes from `fallback` (the canary's data range for a local analysis, the last hour
  /// for a pull), which is called only then. The baseline window is `--baseline-from`/
  /// `--baseline-to`, else `--from`/`--to`; with none of them it is nil (the design chooses:
  /// the canary's window, or the period before each unit's move, as with no flags at all),
  /// and an end it lacks is the canary window's.
  /// - Throws: `TimeSpecification.Invalid` for a bad TIME, ``WorkflowError/emptyWindow`` for a
  ///   window whose start is not before its end, ``WorkflowError/noWindow`` when an end is
  ///   missing and `fallback` has none.
  public func resolve(now: Int64, fallback: () throws -> TimeWindow?) throws -> Resolved {
    func time(_ text: String?) throws -> Int64? {
      try text.map { try TimeSpecification.milliseconds($0, now: now) }
    }
    let canaryStart = try time(canaryFrom ?? from)
    let canaryEnd = try time(canaryTo ?? to)
    var known: TimeWindow?
    if canaryStart == nil || canaryEnd == nil {
      guard let range = try fallback() else { throw WorkflowError.noWindow }
      known = range
    }
    let canary = try Self.window(
      canaryStart ?? known?.from ?? 0, canaryEnd ?? known?.to ?? 0, side: .canary)
    // The canary's own flags name only its side: the baseline is then the design's to choose
    // (the period before each move), as with no flags.
    let baselineStart = try time(baselineFrom ?? from)
    let baselineEnd = try time(baselineTo ?? to)
    guard baselineStart != nil || baselineEnd != nil else {
      return Resolved(canary: canary, baseline: nil)
    }
    let baseline = try Self.window(
      baselineStart ?? canary.from, baselineEnd ?? canary.to, side: .baseline)
    return Resolved(canary: canary, baseline: baseline)
  }

  private static func window(_ from: Int64, _ to: Int64, side: Side) throws -> TimeWindow {
    do {
      return try TimeWindow(from: from, to: to)
    } catch let empty as TimeWindow.Empty {
      throw WorkflowError.emptyWindow(side: side, empty)
    }
  }
}

import MetricModel
import Testing

@testable import Workflows

/// The one place windows are resolved, for analyze and pull alike.
@Suite struct WindowFlagsTests {
  static let now: Int64 = 1_800_000_000_000
  static let minute: Int64 = 60_000
  /// The canary's data range in these tests.
  static let data = try? TimeWindow(from: 1_000 * minute, to: 1_030 * minute)

  /// One case: the flags, then the expected canary and baseline windows (nil: no baseline).
  struct Case: Sendable, CustomStringConvertible {
    var flags: WindowFlags
    var canary: (Int64, Int64)
    var baseline: (Int64, Int64)?
    var description: String { "\(flags)" }
  }

  static let cases: [Case] = [
    // No flags: the canary's data range, and no baseline window (the design chooses).
    Case(flags: WindowFlags(), canary: (1_000 * minute, 1_030 * minute), baseline: nil),
    // --from/--to for both sides.
    Case(
      flags: WindowFlags(from: "\(1_010 * 60)", to: "\(1_020 * 60)"),
      canary: (1_010 * minute, 1_020 * minute), baseline: (1_010 * minute, 1_020 * minute)),
    // Only --from: the end comes from the data.
    Case(
      flags: WindowFlags(from: "\(1_010 * 60)"), canary: (1_010 * minute, 1_030 * minute),
      baseline: (1_010 * minute, 1_030 * minute)),
    // Separate windows: a before/after comparison.
    Case(
      flags: WindowFlags(
        baselineFrom: "\(900 * 60)", baselineTo: "\(930 * 60)", canaryFrom: "\(1_000 * 60)",
        canaryTo: "\(1_030 * 60)"),
      canary: (1_000 * minute, 1_030 * minute), baseline: (900 * minute, 930 * minute)),
    // Only the baseline's start: its end is the canary window's.
    Case(
      flags: WindowFlags(baselineFrom: "\(990 * 60)"), canary: (1_000 * minute, 1_030 * minute),
      baseline: (990 * minute, 1_030 * minute)),
    // Canary flags alone leave the baseline to the design (a pipeline's `--canary-to now`
    // must not take away the moved workloads' past).
    Case(
      flags: WindowFlags(canaryFrom: "\(1_005 * 60)"), canary: (1_005 * minute, 1_030 * minute),
      baseline: nil),
    // Relative times.
    Case(
      flags: WindowFlags(from: "-30m", to: "now"), canary: (now - 30 * minute, now),
      baseline: (now - 30 * minute, now)),
  ]

  @Test func everyCaseRan() {
    #expect(Self.cases.count == 7)
  }

  @Test(arguments: cases)
  func resolves(_ entry: Case) throws {
    let resolved = try entry.flags.resolve(now: Self.now) { Self.data }
    #expect(resolved.canary == (try TimeWindow(from: entry.canary.0, to: entry.canary.1)))
    #expect(
      resolved.baseline == (try entry.baseline.map { try TimeWindow(from: $0.0, to: $0.1) }))
  }

  @Test func fallbackIsReadOnlyWhenAnEndIsMissing() throws {
    var calls = 0
    _ = try WindowFlags(from: "-1h", to: "now").resolve(now: Self.now) {
      calls += 1
      return Self.data
    }
    #expect(calls == 0)
  }

  @Test func emptyWindowNamesTheSide() {
    #expect {
      _ = try WindowFlags(baselineFrom: "\(2_000 * 60)").resolve(now: Self.now) { Self.data }
    } throws: { error in
      guard case WorkflowError.emptyWindow(.baseline, _) = error else { return false }
      return "\(error)".hasPrefix("the baseline window is empty")
    }
  }

  @Test func missingDataWithoutFlagsIsNoWindow() {
    #expect(throws: WorkflowError.noWindow) {
      _ = try WindowFlags().resolve(now: Self.now) { nil }
    }
  }

  @Test func badTimeIsAnInvalidTime() {
    #expect(throws: TimeSpecification.Invalid.self) {
      _ = try WindowFlags(from: "yesterday").resolve(now: Self.now) { Self.data }
    }
  }
}

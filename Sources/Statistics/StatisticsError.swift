/// The one error type of the `Statistics` target.
///
/// Every public function that cannot produce a meaningful number throws one of these instead
/// of returning NaN, so the caller can always tell "no answer" from an answer.
public enum StatisticsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A sample had fewer observations than the computation needs (`needed` is the minimum).
  case tooFewObservations(sample: String, count: Int, needed: Int)
  /// A sample contained NaN or ±infinity at `index`; non-finite values are rejected, never
  /// silently removed (the engine removes NaN before calling).
  case nonFiniteValue(sample: String, index: Int)
  /// An argument was outside its domain (probability outside [0, 1], negative count, ...).
  case invalidArgument(name: String, value: Double, requirement: String)
  /// The statistic is undefined for this input, e.g. zero variance in both samples.
  case undefined(reason: String)

  /// One-line message for the user.
  public var description: String {
    switch self {
    case .tooFewObservations(let sample, let count, let needed):
      return "sample '\(sample)' has \(count) observation(s); at least \(needed) needed"
    case .nonFiniteValue(let sample, let index):
      return "sample '\(sample)' has a NaN or infinite value at index \(index)"
    case .invalidArgument(let name, let value, let requirement):
      return "argument '\(name)' = \(value) is invalid: \(requirement)"
    case .undefined(let reason):
      return "statistic is undefined: \(reason)"
    }
  }
}

/// Input checks shared by the tests and estimators.
enum Validation {
  /// Throws unless `values` has at least `minimum` elements, all finite.
  static func sample(_ values: [Double], name: String, minimum: Int = 1) throws {
    if values.count < minimum {
      throw StatisticsError.tooFewObservations(sample: name, count: values.count, needed: minimum)
    }
    if let index = values.firstIndex(where: { !$0.isFinite }) {
      throw StatisticsError.nonFiniteValue(sample: name, index: index)
    }
  }

  /// Throws unless `p` is a finite number in the closed interval [0, 1].
  static func probability(_ p: Double, name: String) throws {
    guard p >= 0, p <= 1 else {
      throw StatisticsError.invalidArgument(name: name, value: p, requirement: "must be in [0, 1]")
    }
  }

  /// Throws unless `value` is finite and strictly positive.
  static func positive(_ value: Double, name: String) throws {
    guard value > 0, value.isFinite else {
      throw StatisticsError.invalidArgument(
        name: name, value: value, requirement: "must be finite and > 0")
    }
  }

  /// Throws if `value` is NaN.
  static func notNaN(_ value: Double, name: String) throws {
    if value.isNaN {
      throw StatisticsError.invalidArgument(
        name: name, value: value, requirement: "must not be NaN")
    }
  }
}

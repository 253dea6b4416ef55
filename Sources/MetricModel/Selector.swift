import Foundation

/// A PromQL series selector: a metric name and label matchers, e.g.
/// `istio_requests_total{reporter="destination", response_code=~"5.."}`.
///
/// Regular expressions are fully anchored, as in PromQL: `=~"5.."` matches `503`, not `1503`.
/// A matcher on a missing label sees the empty string, so `{a=""}` selects series without `a`
/// and `{a!=""}` those with it.
public struct Selector: Sendable, Hashable, CustomStringConvertible {
  /// The metric name (`__name__`).
  public var metric: String
  /// The label matchers, in the order written.
  public var matchers: [Matcher]

  /// Creates a selector.
  public init(metric: String, matchers: [Matcher] = []) {
    self.metric = metric
    self.matchers = matchers
  }

  /// Whether `labels` satisfy every matcher.
  public func matches(_ labels: LabelSet) -> Bool {
    matchers.allSatisfy { $0.matches(labels[$0.name] ?? "") }
  }

  /// The selector in PromQL syntax.
  public var description: String {
    guard !matchers.isEmpty else { return metric }
    return metric + "{" + matchers.map(\.description).joined(separator: ", ") + "}"
  }

  /// A copy selecting `metric` with the same matchers (e.g. `_bucket` of a histogram).
  public func renamed(_ metric: String) -> Selector {
    Selector(metric: metric, matchers: matchers)
  }
}

/// One label matcher of a selector.
public struct Matcher: Sendable, Hashable, CustomStringConvertible {
  /// How a matcher compares.
  public enum Operation: String, Sendable, Hashable, CaseIterable {
    /// `=`
    case equal = "="
    /// `!=`
    case notEqual = "!="
    /// `=~`, fully anchored.
    case matchesRegex = "=~"
    /// `!~`, fully anchored.
    case doesNotMatchRegex = "!~"
  }

  /// Label name.
  public var name: String
  /// Comparison.
  public var operation: Operation
  /// The value or regular expression, unescaped.
  public var value: String
  private let regex: AnchoredRegex?

  /// Creates a matcher; throws when a regular expression does not compile.
  public init(name: String, operation: Operation, value: String) throws {
    self.name = name
    self.operation = operation
    self.value = value
    switch operation {
    case .equal, .notEqual: regex = nil
    case .matchesRegex, .doesNotMatchRegex: regex = try AnchoredRegex(value)
    }
  }

  /// Whether a label value (empty when absent) satisfies the matcher.
  public func matches(_ labelValue: String) -> Bool {
    switch operation {
    case .equal: return labelValue == value
    case .notEqual: return labelValue != value
    case .matchesRegex: return regex?.matches(labelValue) ?? false
    case .doesNotMatchRegex: return !(regex?.matches(labelValue) ?? false)
    }
  }

  public var description: String {
    name + operation.rawValue + JSONText.quoted(value)
  }

  public static func == (lhs: Matcher, rhs: Matcher) -> Bool {
    lhs.name == rhs.name && lhs.operation == rhs.operation && lhs.value == rhs.value
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(name)
    hasher.combine(operation)
    hasher.combine(value)
  }
}

/// A regular expression that must match the whole string.
struct AnchoredRegex: @unchecked Sendable {
  // NSRegularExpression is immutable and documented as safe to share across threads.
  private let expression: NSRegularExpression

  init(_ pattern: String) throws {
    do {
      expression = try NSRegularExpression(pattern: "^(?:" + pattern + ")$")
    } catch {
      throw SelectorError(position: 0, message: "invalid regular expression \"\(pattern)\"")
    }
  }

  func matches(_ text: String) -> Bool {
    let range = NSRange(text.startIndex..<text.endIndex, in: text)
    return expression.firstMatch(in: text, options: [], range: range) != nil
  }
}

/// A selector that cannot be read: what is wrong and the 0-based character offset.
public struct SelectorError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Offset of the problem in the selector text, in characters.
  public var position: Int
  /// What is wrong.
  public var message: String
  public var description: String { message }
}

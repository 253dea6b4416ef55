import Foundation

/// A point in time as users write it: RFC 3339, Unix seconds, or relative to now.
///
/// Accepted forms: `2026-11-27T10:00:00Z` (also with an offset or fractional seconds),
/// `1700000000` or `1700000000.5` (Unix seconds), `now`, and `-30s`, `-30m`, `-2h`, `-1d`,
/// `-1w` (before now; a leading `+` means after). Results are Unix milliseconds.
public enum TimeSpecification {
  /// Why a time could not be read; the description is the user's one-line message.
  public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text that was given.
    public var text: String
    public var description: String {
      "invalid time \"\(text)\": expected RFC 3339 (2026-11-27T10:00:00Z), Unix seconds, "
        + "now, or a relative time such as -30m"
    }
  }

  /// Parses `text` relative to `now` (Unix milliseconds).
  public static func milliseconds(_ text: String, now: Int64) throws -> Int64 {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed == "now" { return now }
    if let relative = relativeOffset(trimmed) { return now + relative }
    if let seconds = Double(trimmed), seconds.isFinite,
      trimmed.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" })
    {
      return Int64((seconds * 1000).rounded())
    }
    if let milliseconds = RFC3339.milliseconds(trimmed) { return milliseconds }
    throw Invalid(text: text)
  }

  /// Formats Unix milliseconds as RFC 3339 UTC with milliseconds only when needed.
  public static func format(milliseconds: Int64) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions =
      milliseconds % 1000 == 0
      ? [.withInternetDateTime] : [.withInternetDateTime, .withFractionalSeconds]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
  }

  /// `-30m` → −1,800,000; nil when `text` is not a relative time (units as ``DurationText``).
  static func relativeOffset(_ text: String) -> Int64? {
    guard let sign = text.first, sign == "-" || sign == "+", text.count >= 3,
      let amount = DurationText.milliseconds(String(text.dropFirst())),
      text.last?.isLetter == true
    else { return nil }
    return sign == "-" ? -amount : amount
  }
}

/// Durations as users and PromQL write them: a whole number and a unit, `500ms`, `30s`, `1m`,
/// `2h`, `1d`, `1w`. One parser and one formatter for the configuration's `step`, relative
/// times (`-30m`) and generated PromQL, so all three agree on every unit.
public enum DurationText {
  /// The units, largest first, with their length in milliseconds.
  static let units: [(suffix: String, milliseconds: Int64)] = [
    ("w", 604_800_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000),
    ("ms", 1),
  ]

  /// Milliseconds of `text` (`1m` → 60,000; a bare number is seconds); nil when it is not a
  /// duration or does not fit in Int64 milliseconds (`9999999999999h`).
  public static func milliseconds(_ text: String) -> Int64? {
    // `ms` before `m` and `s`: the longest suffix that matches wins.
    for (suffix, scale) in units.sorted(by: { $0.suffix.count > $1.suffix.count })
    where text.hasSuffix(suffix) {
      guard let amount = Int64(text.dropLast(suffix.count)), amount >= 0 else { return nil }
      return checkedProduct(amount, scale)
    }
    guard let seconds = Int64(text), seconds >= 0 else { return nil }
    return checkedProduct(seconds, 1000)
  }

  /// `milliseconds` in the largest unit that divides it: `60000` → `1m`, `90000` → `90s`,
  /// `86400000` → `1d`, `1500` → `1500ms`. Weeks are left as days (`7d`), as PromQL users
  /// write them.
  public static func format(milliseconds: Int64) -> String {
    for (suffix, scale) in units where suffix != "w" && suffix != "ms" {
      if milliseconds != 0 && milliseconds % scale == 0 {
        return "\(milliseconds / scale)\(suffix)"
      }
    }
    return "\(milliseconds)ms"
  }

  private static func checkedProduct(_ amount: Int64, _ scale: Int64) -> Int64? {
    let (product, overflow) = amount.multipliedReportingOverflow(by: scale)
    return overflow ? nil : product
  }
}

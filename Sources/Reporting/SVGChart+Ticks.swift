import Foundation

extension SVGChart {
  /// An axis' domain and its labelled tick positions.
  struct Ticks: Equatable {
    /// Lowest value of the axis.
    var lower: Double
    /// Highest value of the axis.
    var upper: Double
    /// Tick positions, in axis units, ascending.
    var values: [Double]
    /// One label per tick.
    var labels: [String]

    /// About `count` "nice" ticks (steps of 1, 2, 2.5 or 5 times a power of ten) covering
    /// `lower...upper`; the domain widens to the outer ticks. A zero-width range widens to
    /// ±10% (to `0...1` around zero); non-finite bounds give `0...1`.
    static func nice(lower: Double, upper: Double, count: Int = 5) -> Ticks {
      var low = lower
      var high = upper
      guard low.isFinite, high.isFinite, low <= high else { return nice(lower: 0, upper: 1) }
      if low == high {
        if low == 0 {
          high = 1
        } else {
          low -= abs(low) * 0.1
          high += abs(high) * 0.1
        }
      }
      let rough = (high - low) / Double(max(1, count - 1))
      let exponent = Int(floor(log10(rough)))
      let magnitude = pow(10, Double(exponent))
      let fraction = rough / magnitude
      let factor: Double =
        fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
      let step = factor * magnitude
      // The tolerance keeps a bound that is already a multiple of the step from adding a tick.
      let first = Int(floor(low / step + 1e-9))
      let last = Int(ceil(high / step - 1e-9))
      let values = (first...max(first + 1, last)).map { Double($0) * step }
      let labels = numberLabels(
        values, stepExponent: factor == 10 ? exponent + 1 : exponent,
        halfStep: factor == 2.5)
      return Ticks(
        lower: values.first ?? low, upper: values.last ?? high, values: values, labels: labels)
    }

    /// Labels with the same number of decimals each, and a `k`/`M`/`G`/`T` suffix shared
    /// by every tick once the axis reaches ten thousand (`50M` rather than `5.000e+07`).
    static func numberLabels(_ values: [Double], stepExponent: Int, halfStep: Bool) -> [String] {
      let largest = values.map { abs($0) }.max() ?? 0
      let suffixes: [(exponent: Int, symbol: String)] = [(12, "T"), (9, "G"), (6, "M"), (3, "k")]
      let suffix = suffixes.first { largest >= 10 * pow(10, Double($0.exponent)) }
      let divisorExponent = suffix?.exponent ?? 0
      let divisor = pow(10, Double(divisorExponent))
      let scaledExponent = stepExponent - divisorExponent
      let decimals = max(0, -scaledExponent + (halfStep ? 1 : 0))
      return values.map { value in
        // Adding zero turns -0.0 into 0.0, so no "-0" label.
        let text = String(format: "%.\(decimals)f", value / divisor + 0)
        return text + (suffix?.symbol ?? "")
      }
    }

    /// Ticks at round multiples of a step (1 minute ... 1 week, about six of them) inside
    /// `lower...upper` Unix seconds; the domain is kept. Labels are UTC `HH:MM` or, with
    /// `relative`, the offset from `lower` as `+H:MM`.
    static func time(lower: Double, upper: Double, relative: Bool) -> Ticks {
      let span = max(upper - lower, 1)
      let steps: [Double] = [
        10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
        172_800, 604_800,
      ]
      let step = steps.first { span / $0 <= 6 } ?? (span / 6).rounded(.up)
      let origin = relative ? lower : 0
      let first = ((lower - origin) / step).rounded(.up)
      let last = ((upper - origin) / step).rounded(.down)
      var values: [Double] = []
      if first <= last {
        values = stride(from: first, through: last, by: 1).map { origin + $0 * step }
      }
      let withSeconds = step < 60
      let labels = values.map { value in
        relative
          ? "+" + offsetText(Int64(value - origin), seconds: withSeconds)
          : clockText(Int64(value), seconds: withSeconds)
      }
      return Ticks(lower: lower, upper: upper, values: values, labels: labels)
    }
  }

  /// `HH:MM` (or `HH:MM:SS`) of a Unix time in UTC.
  static func clockText(_ seconds: Int64, seconds withSeconds: Bool) -> String {
    let secondOfDay = ((seconds % 86_400) + 86_400) % 86_400
    var text = String(format: "%02lld:%02lld", secondOfDay / 3600, (secondOfDay % 3600) / 60)
    if withSeconds { text += String(format: ":%02lld", secondOfDay % 60) }
    return text
  }

  /// An offset in seconds as `H:MM` (or `H:MM:SS`); hours keep counting past a day.
  static func offsetText(_ seconds: Int64, seconds withSeconds: Bool) -> String {
    let magnitude = abs(seconds)
    var text = String(format: "%lld:%02lld", magnitude / 3600, (magnitude % 3600) / 60)
    if withSeconds { text += String(format: ":%02lld", magnitude % 60) }
    return (seconds < 0 ? "-" : "") + text
  }

  /// The UTC calendar date of a Unix time, `YYYY-MM-DD` (proleptic Gregorian; H. Hinnant's
  /// days-to-civil algorithm, exact for any Int64 day count that fits).
  static func dateText(_ seconds: Int64) -> String {
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return String(format: "%04lld-%02lld-%02lld", year, month, day)
  }
}

extension PrometheusFloat {
  /// Formats `value` as Go's `strconv.FormatFloat(value, 'g', -1, 64)`, the text Prometheus
  /// writes and compares for `le` and `quantile` label values.
  ///
  /// Shortest digits that round-trip; exponent form (`1e+06`, `1.5e-05`, at least two
  /// exponent digits) when the decimal exponent is below -4 or at least 6 (Go's `ftoa.go`
  /// uses precision 6 for that decision when the precision is shortest), plain decimals
  /// otherwise (`100000`, `0.0001`). Special values: `NaN`, `+Inf`, `-Inf`; `-0` keeps its sign.
  public static func format(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    if value == 0 { return value.sign == .minus ? "-0" : "0" }
    let (digits, pointPosition) = shortestDigits(of: value.magnitude)
    let sign = value < 0 ? "-" : ""
    let exponent = pointPosition - 1
    if exponent < -4 || exponent >= 6 {
      var text = sign + String(digits[digits.startIndex])
      if digits.count > 1 { text += "." + digits.dropFirst() }
      let magnitude = exponent.magnitude
      text += exponent < 0 ? "e-" : "e+"
      text += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
      return text
    }
    if pointPosition <= 0 {
      return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
    }
    if pointPosition >= digits.count {
      return sign + digits + String(repeating: "0", count: pointPosition - digits.count)
    }
    let split = digits.index(digits.startIndex, offsetBy: pointPosition)
    return sign + digits[..<split] + "." + digits[split...]
  }

  /// The canonical text of a numeric label value, or nil when `text` is not a number.
  public static func canonical(_ text: String) -> String? {
    parse(text).map(format)
  }

  /// The shortest round-trip decimal digits of a positive finite `value` (no leading or
  /// trailing zeros) and the position of the decimal point relative to the first digit
  /// (value = 0.DIGITS × 10^pointPosition).
  ///
  /// Swift's `description` already prints the shortest round-trip digits (as Go's
  /// `FormatFloat` with precision -1 does); only its layout differs, so it is re-read here.
  static func shortestDigits(of value: Double) -> (digits: String, pointPosition: Int) {
    let text = value.description
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = text[..<e]
      exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    var digits = ""
    var pointPosition = 0
    var seenPoint = false
    for character in mantissa {
      if character == "." {
        seenPoint = true
      } else {
        digits.append(character)
        if !seenPoint { pointPosition += 1 }
      }
    }
    pointPosition += exponent
    while digits.hasPrefix("0") {
      digits.removeFirst()
      pointPosition -= 1
    }
    while digits.hasSuffix("0") { digits.removeLast() }
    return (digits, pointPosition)
  }
}

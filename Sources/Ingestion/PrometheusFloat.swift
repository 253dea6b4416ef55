#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Numbers as the Prometheus text formats write them: Go's `strconv.ParseFloat` grammar
/// in, Go's `strconv.FormatFloat(v, 'g', -1, 64)` out.
public enum PrometheusFloat {
  /// Powers of ten exactly representable as a Double (10^0 ... 10^22).
  private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
    var value = 1.0
    for _ in 0..<exponent { value *= 10 }
    return value
  }

  /// Parses `text` as Go's `ParseFloat(text, 64)` does, as Prometheus' scraper accepts it.
  ///
  /// Accepts an optional sign, decimal digits with an optional point and exponent
  /// (`1`, `-0.5`, `.5`, `5.`, `1e3`, `1E-3`), `Inf`/`Infinity` with an optional sign and
  /// `NaN`, all case-insensitive. Rejects hexadecimal and underscores (Prometheus' scraper
  /// rejects them too), empty text, and values that overflow to infinity (Go's `ErrRange`).
  /// The result is correctly rounded.
  public static func parse(_ text: String) -> Double? {
    var copy = text
    return copy.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return nil }
      return parse(base, count: bytes.count)
    }
  }

  /// Parses the `count` bytes at `start`; see ``parse(_:)``.
  @inline(__always)
  public static func parse(_ start: UnsafePointer<UInt8>, count: Int) -> Double? {
    guard count > 0 else { return nil }
    var index = 0
    var negative = false
    let first = start[0]
    if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
      negative = first == UInt8(ascii: "-")
      index = 1
    }
    var decimal = DecimalDigits()
    decimal.scan(start, count: count, index: &index, fraction: false)
    if index < count && start[index] == UInt8(ascii: ".") {
      index += 1
      decimal.scan(start, count: count, index: &index, fraction: true)
    }
    guard decimal.sawDigit else { return special(start, count: count) }
    if index < count && (start[index] | 0x20) == UInt8(ascii: "e") {
      index += 1
      guard let written = exponentValue(start, count: count, index: &index) else { return nil }
      decimal.exponent += written
    }
    guard index == count else { return nil }
    let (mantissa, exponent, inexact) = (decimal.mantissa, decimal.exponent, decimal.inexact)
    if mantissa == 0 && !inexact { return negative ? -0.0 : 0.0 }
    // Clinger's fast path: both operands exact, so one IEEE operation rounds correctly.
    if !inexact && mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
      var value = Double(mantissa)
      if exponent < 0 {
        value /= exactPowersOfTen[-exponent]
      } else {
        value *= exactPowersOfTen[exponent]
      }
      return negative ? -value : value
    }
    return parseWithStrtod(start, count: count)
  }

  /// The digits of a decimal number: up to 19 significant digits in a mantissa, a base-10
  /// exponent, and whether digits were dropped.
  private struct DecimalDigits {
    var mantissa: UInt64 = 0
    var significantDigits = 0
    var exponent = 0
    var sawDigit = false
    var inexact = false

    /// Reads the digits at `index` of the integer part, or of the fraction after the point.
    @inline(__always)
    mutating func scan(
      _ start: UnsafePointer<UInt8>, count: Int, index: inout Int, fraction: Bool
    ) {
      while index < count {
        let digit = start[index] &- UInt8(ascii: "0")
        guard digit < 10 else { break }
        sawDigit = true
        if significantDigits < 19 {
          mantissa = mantissa &* 10 &+ UInt64(digit)
          if mantissa != 0 { significantDigits += 1 }
          if fraction { exponent -= 1 }
        } else if !fraction {
          exponent += 1
          inexact = true
        } else if digit != 0 {
          inexact = true
        }
        index += 1
      }
    }
  }

  /// The signed exponent after `e`/`E` at `index`; nil when it has no digits.
  @inline(__always)
  private static func exponentValue(_ start: UnsafePointer<UInt8>, count: Int, index: inout Int)
    -> Int?
  {
    var negative = false
    if index < count && (start[index] == UInt8(ascii: "-") || start[index] == UInt8(ascii: "+")) {
      negative = start[index] == UInt8(ascii: "-")
      index += 1
    }
    var written = 0
    var sawDigit = false
    while index < count {
      let digit = start[index] &- UInt8(ascii: "0")
      guard digit < 10 else { break }
      sawDigit = true
      // Past 10^6 the value is 0 or infinity anyway; stop growing.
      if written < 1_000_000 { written = written * 10 + Int(digit) }
      index += 1
    }
    guard sawDigit else { return nil }
    return negative ? -written : written
  }

  /// `Inf`, `Infinity` (optionally signed) and unsigned `NaN`, case-insensitive, as Go's
  /// `special` accepts them.
  private static func special(_ start: UnsafePointer<UInt8>, count: Int) -> Double? {
    var index = 0
    var sign = 1.0
    if start[0] == UInt8(ascii: "-") || start[0] == UInt8(ascii: "+") {
      sign = start[0] == UInt8(ascii: "-") ? -1 : 1
      index = 1
    }
    let rest = UnsafeBufferPointer(start: start + index, count: count - index)
    if matchesIgnoringCase(rest, "inf") || matchesIgnoringCase(rest, "infinity") {
      return sign * .infinity
    }
    if index == 0 && matchesIgnoringCase(rest, "nan") { return .nan }
    return nil
  }

  private static func matchesIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: String)
    -> Bool
  {
    guard bytes.count == word.utf8.count else { return false }
    for (byte, expected) in zip(bytes, word.utf8) where byte | 0x20 != expected {
      return false
    }
    return true
  }

  /// The slow path for long mantissas and large exponents: the C library's correctly
  /// rounded `strtod` on a NUL-terminated copy (the grammar was already checked).
  private static func parseWithStrtod(_ start: UnsafePointer<UInt8>, count: Int) -> Double? {
    let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
      guard let base = buffer.baseAddress else { return Double.nan }
      UnsafeMutableRawPointer(base).copyMemory(from: start, byteCount: count)
      base[count] = 0
      return strtod(base, nil)
    }
    // Go's ParseFloat reports overflow as ErrRange, which Prometheus treats as invalid.
    return value.isInfinite ? nil : value
  }
}

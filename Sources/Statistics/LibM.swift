#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Thin wrappers over the platform C math library (libm), so no other file needs Foundation
/// or a platform import. glibc's `erfc`, `log1p`, `expm1` and `lgamma_r` are accurate to about
/// one unit in the last place; `lgamma_r` is the re-entrant form (no global `signgam` write).
enum LibM {
  static func exp(_ x: Double) -> Double { cExp(x) }
  static func log(_ x: Double) -> Double { cLog(x) }
  static func log1p(_ x: Double) -> Double { cLog1p(x) }
  static func expm1(_ x: Double) -> Double { cExpm1(x) }
  static func erfc(_ x: Double) -> Double { cErfc(x) }
  static func pow(_ x: Double, _ y: Double) -> Double { cPow(x, y) }
  static func sin(_ x: Double) -> Double { cSin(x) }
  static func atan(_ x: Double) -> Double { cAtan(x) }
  static func tan(_ x: Double) -> Double { cTan(x) }
  /// log|Γ(x)| without touching the global `signgam`.
  static func lgamma(_ x: Double) -> Double { cLgamma(x) }
}

private func cExp(_ x: Double) -> Double { exp(x) }
private func cLog(_ x: Double) -> Double { log(x) }
private func cLog1p(_ x: Double) -> Double { log1p(x) }
private func cExpm1(_ x: Double) -> Double { expm1(x) }
private func cErfc(_ x: Double) -> Double { erfc(x) }
private func cPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
private func cSin(_ x: Double) -> Double { sin(x) }
private func cAtan(_ x: Double) -> Double { atan(x) }
private func cTan(_ x: Double) -> Double { tan(x) }
private func cLgamma(_ x: Double) -> Double {
  var sign: Int32 = 0
  return lgamma_r(x, &sign)
}

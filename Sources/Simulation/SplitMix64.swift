import Foundation

/// A small seeded random generator (SplitMix64, Steele, Lea & Flood 2014).
///
/// Deterministic for a seed on every platform, so simulated scenarios are reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// Creates a generator from `seed`.
  public init(seed: UInt64) {
    state = seed
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform double in (0, 1).
  public mutating func unit() -> Double {
    (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992
  }

  /// A standard normal deviate (Box-Muller).
  public mutating func normal() -> Double {
    let u = unit()
    let v = unit()
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
  }

  /// A Poisson count with mean `mean` (normal approximation above 30, Knuth's method below).
  public mutating func poisson(_ mean: Double) -> Int {
    guard mean > 0 else { return 0 }
    if mean > 30 {
      return max(0, Int((mean + mean.squareRoot() * normal()).rounded()))
    }
    let limit = exp(-mean)
    var product = unit()
    var count = 0
    while product > limit {
      product *= unit()
      count += 1
    }
    return count
  }
}

/// Neumaier's improved Kahan-Babuška summation (Neumaier 1974).
///
/// Avoids the loss of low-order bits of plain left-to-right summation when many terms of
/// similar or mixed magnitude are added; the error is bounded independently of the count.
struct CompensatedSum {
  private(set) var sum = 0.0
  private var compensation = 0.0

  mutating func add(_ value: Double) {
    let t = sum + value
    if abs(sum) >= abs(value) {
      compensation += (sum - t) + value
    } else {
      compensation += (value - t) + sum
    }
    sum = t
  }

  /// The compensated total.
  var value: Double { sum + compensation }
}

/// Power-of-two rescaling so that sums and squares of huge (1e300) or tiny (1e-300) values
/// neither overflow nor underflow. Multiplying by a power of two is exact, so the scaling
/// itself adds no rounding error.
struct PowerOfTwoScale {
  /// Multiply data by this before computing.
  let down: Double
  /// Multiply a first-order result (mean, difference) by this to undo the scaling.
  let up: Double

  /// A scale for data whose largest magnitude is `maxAbs`: identity unless `maxAbs` is beyond
  /// 2^±500, where squaring or summing could leave the Double range.
  init(maxAbs: Double) {
    if maxAbs > 0x1p500 {
      down = 0x1p-600
      up = 0x1p600
    } else if maxAbs > 0, maxAbs < 0x1p-500 {
      down = 0x1p600
      up = 0x1p-600
    } else {
      down = 1
      up = 1
    }
  }

  /// A scale that brings `maxAbs` into [1, 2) (the exact power of two 2^−exponent), for
  /// formulas that square or multiply several data-derived quantities.
  init(normalizing maxAbs: Double) {
    guard maxAbs > 0, maxAbs.isFinite else {
      down = 1
      up = 1
      return
    }
    let e = Swift.min(Swift.max(Int(maxAbs.exponent), -1000), 1000)
    down = Double(sign: .plus, exponent: -e, significand: 1)
    up = Double(sign: .plus, exponent: e, significand: 1)
  }

  init<S: Sequence>(values: S) where S.Element == Double {
    var m = 0.0
    for v in values { m = max(m, abs(v)) }
    self.init(maxAbs: m)
  }
}

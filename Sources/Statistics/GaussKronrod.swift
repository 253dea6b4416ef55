/// Adaptive Gauss-Kronrod quadrature with the 10-point Gauss rule embedded in the 21-point
/// Kronrod rule (Kronrod 1965; the pair QUADPACK calls `qk21`).
///
/// The nodes and weights were computed for this file in 60-digit arithmetic: the Kronrod
/// nodes are the Legendre zeros of P₁₀ and the zeros of the Stieltjes polynomial E₁₁ (the
/// monic degree-11 polynomial orthogonal to x^k·P₁₀, k ≤ 10), the weights make the rule exact
/// for x^k, k ≤ 20; `GaussKronrodTests` checks exactness up to degree 31 (Kronrod) and 19
/// (Gauss). The error of a panel is |K₂₁ − G₁₀|, an estimate of the Gauss rule's error and so
/// a generous bound on the Kronrod value's. Global adaptivity: the panel with the largest
/// error is halved until the summed error is at most `relativeTolerance` times the total.
enum GaussKronrod {
  /// Abscissae x ≥ 0 of the 21-point rule on [−1, 1], descending; the entries at odd indices
  /// are the 10-point Gauss nodes.
  static let abscissae: [Double] = [
    0.995_657_163_025_808_080_74, 0.973_906_528_517_171_720_08, 0.930_157_491_355_708_226_00,
    0.865_063_366_688_984_510_73, 0.780_817_726_586_416_897_06, 0.679_409_568_299_024_406_23,
    0.562_757_134_668_604_683_34, 0.433_395_394_129_247_190_80, 0.294_392_862_701_460_198_13,
    0.148_874_338_981_631_210_88, 0,
  ]

  /// Kronrod weights, aligned with `abscissae`.
  static let kronrodWeights: [Double] = [
    0.011_694_638_867_371_874_278, 0.032_558_162_307_964_727_479, 0.054_755_896_574_351_996_031,
    0.075_039_674_810_919_952_767, 0.093_125_454_583_697_605_535, 0.109_387_158_802_297_641_90,
    0.123_491_976_262_065_851_08, 0.134_709_217_311_473_325_93, 0.142_775_938_577_060_080_80,
    0.147_739_104_901_338_491_37, 0.149_445_554_002_916_905_66,
  ]

  /// Gauss weights of the nodes `abscissae[1], abscissae[3], …, abscissae[9]`.
  static let gaussWeights: [Double] = [
    0.066_671_344_308_688_137_594, 0.149_451_349_150_580_593_15, 0.219_086_362_515_982_044_00,
    0.269_266_719_309_996_355_09, 0.295_524_224_714_752_870_17,
  ]

  /// One panel's Kronrod value and |Kronrod − Gauss|.
  struct Panel {
    var low: Double
    var high: Double
    var value: Double
    var error: Double
  }

  /// The 21-point value of ∫ f over [low, high] with its error estimate.
  static func panel(_ f: (Double) -> Double, _ low: Double, _ high: Double) -> Panel {
    let center = 0.5 * (low + high)
    let halfWidth = 0.5 * (high - low)
    var kronrod = kronrodWeights[10] * f(center)
    var gauss = 0.0
    for j in 0..<10 {
      let offset = halfWidth * abscissae[j]
      let pair = f(center - offset) + f(center + offset)
      kronrod += kronrodWeights[j] * pair
      if j % 2 == 1 { gauss += gaussWeights[j / 2] * pair }
    }
    return Panel(
      low: low, high: high, value: kronrod * halfWidth,
      error: abs(kronrod - gauss) * halfWidth)
  }

  /// ∫ f over [breaks.first, breaks.last], starting from one panel between each pair of
  /// consecutive `breaks` (ascending), halving the worst panel until the summed error estimate
  /// is at most `relativeTolerance`·|total| or `maxPanels` panels are in use.
  static func integrate(
    _ f: (Double) -> Double, breaks: [Double], relativeTolerance: Double, maxPanels: Int = 400
  ) -> (value: Double, error: Double) {
    var panels: [Panel] = []
    for index in breaks.indices.dropLast() where breaks[index] < breaks[index + 1] {
      panels.append(panel(f, breaks[index], breaks[index + 1]))
    }
    while true {
      var total = CompensatedSum()
      var error = 0.0
      var worst = 0
      for (index, p) in panels.enumerated() {
        total.add(p.value)
        error += p.error
        if p.error > panels[worst].error { worst = index }
      }
      if panels.isEmpty || error <= relativeTolerance * abs(total.value)
        || panels.count >= maxPanels
      {
        return (total.value, error)
      }
      let split = panels[worst]
      let middle = 0.5 * (split.low + split.high)
      panels[worst] = panel(f, split.low, middle)
      panels.append(panel(f, middle, split.high))
    }
  }
}

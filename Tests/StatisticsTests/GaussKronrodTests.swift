import Testing

@testable import Statistics

/// The quadrature and root-finding helpers under the anytime-valid statistics.
@Suite struct GaussKronrodTests {
  /// The 21-point Kronrod rule integrates x^k exactly on [−1, 1] up to k = 31, its embedded
  /// 10-point Gauss rule up to k = 19 (error estimate 0), and not beyond (x^20: G10 errs).
  @Test func rulesHaveTheirDegreesOfExactness() {
    for k in 0...31 {
      let panel = GaussKronrod.panel({ LibM.pow($0, Double(k)) }, -1, 1)
      let exact = k % 2 == 1 ? 0 : 2 / Double(k + 1)
      #expect(abs(panel.value - exact) < 1e-15, "x^\(k)")
      if k <= 19 { #expect(panel.error < 1e-15, "x^\(k)") }
    }
    #expect(GaussKronrod.panel({ LibM.pow($0, 20) }, -1, 1).error > 1e-8)
    #expect(
      abs(GaussKronrod.kronrodWeights.reduce(0, +) * 2 - GaussKronrod.kronrodWeights[10] - 2)
        < 1e-15)
    #expect(abs(GaussKronrod.gaussWeights.reduce(0, +) * 2 - 2) < 1e-15)
  }

  /// Adaptive integration: ∫₀¹ √x = 2/3 (endpoint singularity of the derivative) and the
  /// Gaussian over [−40, 40] = √(2π), to 1e-12 relative.
  @Test func adaptiveIntegrationConverges() {
    let root = GaussKronrod.integrate(
      { $0.squareRoot() }, breaks: [0, 1], relativeTolerance: 1e-13)
    #expect(isClose(root.value, 2.0 / 3, relative: 1e-12))
    let gauss = GaussKronrod.integrate(
      { LibM.exp(-0.5 * $0 * $0) }, breaks: [-40, -2, 0, 2, 40], relativeTolerance: 1e-13)
    #expect(isClose(gauss.value, 2.506_628_274_631_000_5, relative: 1e-12))
  }

  /// Brent's method: cos x = x at 0.739085133215160641655, x³ = 2 at 2^(1/3), a root at an
  /// end of the bracket, and an error without a sign change.
  @Test func brentFindsRoots() throws {
    let dottie = try RootFinder.brent(
      { cosine($0) - $0 }, low: 0, high: 1, valueAtLow: 1, valueAtHigh: cosine(1) - 1)
    #expect(isClose(dottie, 0.739_085_133_215_160_6, relative: 1e-12))
    let cube = try RootFinder.brent(
      { $0 * $0 * $0 - 2 }, low: 0, high: 2, valueAtLow: -2, valueAtHigh: 6,
      absoluteTolerance: 0, relativeTolerance: 1e-15)
    #expect(isClose(cube, 1.259_921_049_894_873_2, relative: 1e-14))
    #expect(try RootFinder.brent({ $0 }, low: 0, high: 1, valueAtLow: 0, valueAtHigh: 1) == 0)
    #expect(throws: StatisticsError.self) {
      try RootFinder.brent({ $0 + 2 }, low: 0, high: 1, valueAtLow: 2, valueAtHigh: 3)
    }
  }

  /// cos from sin (the library wraps sin but not cos).
  func cosine(_ x: Double) -> Double { LibM.sin(x + 1.570_796_326_794_896_619_2) }
}

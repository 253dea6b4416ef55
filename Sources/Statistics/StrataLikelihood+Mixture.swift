/// Which part of the normal prior on u = δ − δ₀ a mixture uses.
enum MixtureSide: Sendable {
  /// The whole N(0, τ²) prior: the two-sided e-value.
  case both
  /// The half-normal on u > 0 (density 2·N(0, τ²)): evidence that δ > δ₀.
  case above
  /// The half-normal on u < 0: evidence that δ < δ₀.
  case below
}

extension StrataLikelihood {
  /// log ∫ exp(ℓ(u)) π(u) du for the normal (or half-normal) prior π of scale τ.
  ///
  /// The integrand exp(h), h(u) = ℓ(u) − u²/(2τ²), is log-concave. Its mode m (clipped to the
  /// half-line for one-sided priors) and scale s = (−h″(m))^(−½) (or 1/|h′(m)| if smaller,
  /// for a mode clipped at 0) place the panels: 2s wide within 8s of m, one panel for each
  /// tail beyond. The tails end where h has fallen 50 below h(m), found by doubling 8s; by
  /// concavity what lies beyond is below e^−50·(its distance to m)/50 of the peak's height.
  /// exp(h − h(m)) is then integrated by adaptive Gauss-Kronrod to 1e-11 relative, or to
  /// 1e-13 of the size of h's terms when that is larger (their rounding is noise that no
  /// quadrature removes), so nothing overflows however large the counts. No events: 0.
  func logMixture(tau: Double, side: MixtureSide) throws -> Double {
    if events == 0 { return 0 }
    let precision = 1 / (tau * tau)
    func h(_ u: Double) -> Double { value(at: u) - 0.5 * precision * u * u }
    var mode = try peak(precision: precision)
    let (lowest, highest): (Double, Double)
    switch side {
    case .both: (lowest, highest) = (-.infinity, .infinity)
    case .above: (lowest, highest) = (0, .infinity)
    case .below: (lowest, highest) = (-.infinity, 0)
    }
    mode = min(max(mode, lowest), highest)
    let (slope, curvature) = slopeAndCurvature(at: mode)
    var scale = 1 / (precision - curvature).squareRoot()
    // A peak at the end of the half-line falls off within 1/|h′| of it, maybe far sooner.
    let fall = abs(slope - precision * mode)
    if fall > 0 { scale = min(scale, 1 / fall) }
    let top = h(mode)
    let low = try reach(h, from: mode, step: -8 * scale, bound: lowest, floor: top - 50)
    let high = try reach(h, from: mode, step: 8 * scale, bound: highest, floor: top - 50)
    var breaks = [low]
    for k in -4...4 {
      let point = mode + Double(k) * 2 * scale
      if point > low && point < high { breaks.append(point) }
    }
    breaks.append(high)
    // Rounding in h (about 1e-16 of its terms' size) is noise no quadrature can remove; the
    // tolerance stays above it so that the adaptivity does not chase it.
    let size = max(
      evaluate(at: low).magnitude + 0.5 * precision * low * low,
      evaluate(at: high).magnitude + 0.5 * precision * high * high)
    let tolerance = max(1e-11, 1e-13 * size)
    let (integral, error) = GaussKronrod.integrate(
      { LibM.exp(h($0) - top) }, breaks: breaks, relativeTolerance: tolerance)
    guard integral > 0, integral.isFinite, error <= max(1e-9, 100 * tolerance) * integral else {
      throw StatisticsError.undefined(reason: "the mixture integral did not converge")
    }
    // log of the prior's normalising constant 1/(τ√(2π)), doubled for a half-normal.
    let logNormaliser =
      -LibM.log(tau) - 0.918_938_533_204_672_741_8
      + (side == .both ? 0 : 0.693_147_180_559_945_309_4)
    return top + LibM.log(integral) + logNormaliser
  }

  /// The first of m + step·2^j (j = 0, 1, …) where h is below `floor`, or `bound` once the
  /// walk reaches it.
  private func reach(
    _ h: (Double) -> Double, from mode: Double, step: Double, bound: Double, floor: Double
  ) throws -> Double {
    var offset = step
    for _ in 0..<1100 {
      let point = mode + offset
      if step < 0 ? point <= bound : point >= bound { return bound }
      if h(point) < floor { return point }
      offset *= 2
    }
    throw StatisticsError.undefined(reason: "the mixture integrand has no finite range")
  }
}

/// The standard normal distribution N(0, 1).
///
/// `cdf` and `sf` are computed from the complementary error function of the C library
/// (`erfc`), as Cephes/SciPy `ndtr` does, so both tails keep full relative precision:
/// `sf(10)` is 7.62e-24 and `cdf(-37)` is 5.7e-300, never 0 by cancellation against 1.
/// The quantile is Wichura's algorithm AS 241 (`PPND16`, Applied Statistics 37, 1988),
/// accurate to about 1e-16 relative, for p down to the smallest positive Double.
public enum Normal {
  /// P(Z ≤ z), SciPy `scipy.special.ndtr` / `norm.cdf`. NaN gives NaN (a NaN argument is a
  /// caller bug; the tests in this target never pass one).
  public static func cdf(_ z: Double) -> Double {
    0.5 * LibM.erfc(-z * 0.707_106_781_186_547_524_4)
  }

  /// P(Z > z) = cdf(−z), SciPy `norm.sf`, accurate in the upper tail.
  public static func sf(_ z: Double) -> Double {
    0.5 * LibM.erfc(z * 0.707_106_781_186_547_524_4)
  }

  /// Density φ(z).
  public static func pdf(_ z: Double) -> Double {
    0.398_942_280_401_432_677_9 * LibM.exp(-0.5 * z * z)
  }

  /// The p-quantile (inverse of `cdf`), SciPy `ndtri` / `norm.ppf`, by AS 241 PPND16.
  /// `quantile(0) = −∞`, `quantile(1) = +∞`; p outside [0, 1] or NaN throws.
  public static func quantile(_ p: Double) throws -> Double {
    try Validation.probability(p, name: "p")
    return ppnd16(p)
  }

  /// The upper-tail quantile: z with `sf(z) = q`, i.e. `−quantile(q)` (SciPy `norm.isf`),
  /// without forming 1 − q.
  public static func inverseSurvival(_ q: Double) throws -> Double {
    try Validation.probability(q, name: "q")
    return -ppnd16(q)
  }

  /// AS 241 PPND16 for p in [0, 1].
  static func ppnd16(_ p: Double) -> Double {
    if p <= 0 { return -.infinity }
    if p >= 1 { return .infinity }
    let q = p - 0.5
    if abs(q) <= 0.425 {
      let r = 0.180_625 - q * q
      let num =
        (((((((2.509_080_928_730_122_672_8e3 * r + 3.343_057_558_358_812_810_5e4) * r
          + 6.726_577_092_700_870_085_3e4) * r + 4.592_195_393_154_987_145_7e4) * r
          + 1.373_169_376_550_946_112_9e4) * r + 1.971_590_950_306_551_442_7e3) * r
          + 1.331_416_678_917_843_774_5e2) * r + 3.387_132_872_796_366_608_0)
      let den =
        (((((((5.226_495_278_852_545_925_6e3 * r + 2.872_908_573_572_194_267_7e4) * r
          + 3.930_789_580_009_271_061_0e4) * r + 2.121_379_430_158_659_586_7e4) * r
          + 5.394_196_021_424_751_107_7e3) * r + 6.871_870_074_920_579_083_0e2) * r
          + 4.231_333_070_160_091_125_1e1) * r + 1.0)
      return q * num / den
    }
    var r = q < 0 ? p : 1 - p
    r = (-LibM.log(r)).squareRoot()
    var value: Double
    if r <= 5 {
      r -= 1.6
      let num =
        (((((((7.745_450_142_783_414_076_0e-4 * r + 2.272_384_498_926_918_458_7e-2) * r
          + 2.417_807_251_774_506_117_5e-1) * r + 1.270_458_252_452_368_382_5) * r
          + 3.647_848_324_763_204_605_0) * r + 5.769_497_221_460_691_405_5) * r
          + 4.630_337_846_156_545_295_9) * r + 1.423_437_110_749_683_577_3)
      let den =
        (((((((1.050_750_071_644_416_843_2e-9 * r + 5.475_938_084_995_344_946_0e-4) * r
          + 1.519_866_656_361_645_719_1e-2) * r + 1.481_039_764_274_800_872_9e-1) * r
          + 6.897_673_349_851_000_045_6e-1) * r + 1.676_384_830_183_803_849_4) * r
          + 2.053_191_626_637_758_821_9) * r + 1.0)
      value = num / den
    } else {
      r -= 5
      let num =
        (((((((2.010_334_399_292_288_132_5e-7 * r + 2.711_555_568_743_487_578_1e-5) * r
          + 1.242_660_947_388_078_438_2e-3) * r + 2.653_218_952_657_612_309_5e-2) * r
          + 2.965_605_718_285_048_912_7e-1) * r + 1.784_826_539_917_291_335_8) * r
          + 5.463_784_911_164_114_369_9) * r + 6.657_904_643_501_103_777_2)
      let den =
        (((((((2.044_263_103_389_939_785_6e-15 * r + 1.421_511_758_316_445_887_7e-7) * r
          + 1.846_318_317_510_054_681_8e-5) * r + 7.868_691_311_456_132_591_0e-4) * r
          + 1.487_536_129_085_061_485_0e-2) * r + 1.369_298_809_227_358_053_2e-1) * r
          + 5.998_322_065_558_879_376_2e-1) * r + 1.0)
      value = num / den
    }
    return q < 0 ? -value : value
  }
}

import Statistics

/// Prints the wall-clock time of the Mann-Whitney test and of the Hodges-Lehmann shift with
/// its 95% interval for 10^3, 10^5 and 2·10^5 values per side (seeded uniform data, the
/// canary shifted by 0.001). Figures only; nothing here asserts a time.
func runStatisticsBenchmarks() {
  print("statistics benchmarks (wall clock, best of 3 runs)")
  for size in [1_000, 100_000, 200_000] {
    var generator = BenchmarkRandom(seed: UInt64(size))
    let canary = (0..<size).map { _ in Double.random(in: 0..<1, using: &generator) + 0.001 }
    let baseline = (0..<size).map { _ in Double.random(in: 0..<1, using: &generator) }
    let mannWhitney = bestOfThree {
      _ = try MannWhitney.test(canary, baseline)
    }
    let hodgesLehmann = bestOfThree {
      _ = try HodgesLehmann.estimate(canary, baseline, confidence: 0.95)
    }
    print(
      "  n = m = \(size): mann-whitney \(format(mannWhitney))"
        + "  hodges-lehmann+interval \(format(hodgesLehmann))")
  }
}

/// Best of three timings of `body` in seconds; `nil` if it threw.
private func bestOfThree(_ body: () throws -> Void) -> Double? {
  var best = Double.infinity
  let clock = ContinuousClock()
  for _ in 0..<3 {
    let start = clock.now
    do { try body() } catch { return nil }
    let elapsed = start.duration(to: clock.now).components
    best = min(best, Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
  }
  return best
}

private func format(_ seconds: Double?) -> String {
  guard let seconds else { return "failed" }
  let milliseconds = (seconds * 1_000_000).rounded() / 1000
  return "\(milliseconds) ms"
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small seeded generator for reproducible data.
private struct BenchmarkRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

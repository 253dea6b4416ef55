import Foundation
import Testing

@testable import Simulation

/// The simulator's latency and count draws follow the distributions they claim, checked with
/// Pearson's chi-square against SciPy's probabilities (`make_reference.py`, a fixed seed).
@Suite struct RandomDrawTests {
  struct Meta: Decodable {
    let scipy: String
  }

  struct LatencyCase: Decodable, Sendable {
    let median: Double
    let sigma: Double
    let draws: Int
    let groups: [[Int]]
    let probabilities: [Double]
    let mean: Double
    let chi2_999: Double
  }

  struct PoissonCase: Decodable, Sendable {
    let mean: Double
    let draws: Int
    let first: Int
    let last: Int
    let groups: [[Int]]
    let probabilities: [Double]
    let chi2_999: Double
  }

  struct Reference: Decodable {
    let meta: Meta
    let latency: [LatencyCase]
    let poisson: [PoissonCase]
  }

  static func reference() throws -> Reference {
    let folder = try #require(Bundle.module.url(forResource: "Reference", withExtension: nil))
    let data = try Data(contentsOf: folder.appendingPathComponent("draws.json"))
    return try JSONDecoder().decode(Reference.self, from: data)
  }

  /// Pearson's statistic of `counts` per cell, grouped, against the expected probabilities.
  static func pearson(counts: [Int], groups: [[Int]], probabilities: [Double], draws: Int)
    -> Double
  {
    zip(groups, probabilities).reduce(0) { total, pair in
      let observed = Double(pair.0.reduce(0) { $0 + counts[$1] })
      let expected = pair.1 * Double(draws)
      return total + (observed - expected) * (observed - expected) / expected
    }
  }

  @Test func referenceFileIsSciPys() throws {
    let reference = try Self.reference()
    #expect(reference.meta.scipy == "1.17.1")
    #expect(reference.latency.count == 4)
    #expect(reference.poisson.count == 3)
  }

  @Test func latenciesFallInIstioBucketsAsTheLogNormalSays() throws {
    let cases = try Self.reference().latency
    #expect(cases.count == 4)
    var random = SplitMix64(seed: 2026)
    for item in cases {
      var counter = SidecarProxy.TrafficCounter(labels: "")
      for _ in 0..<item.draws {
        counter.observe(
          MeshWorkload.latency(median: item.median, sigma: item.sigma, normal: random.normal()))
      }
      let counts = counter.buckets.map { Int($0) }
      #expect(counts.count == 20)
      let statistic = Self.pearson(
        counts: counts, groups: item.groups, probabilities: item.probabilities, draws: item.draws)
      #expect(statistic < item.chi2_999, "median \(item.median) sigma \(item.sigma)")
      // The exact mean from _sum/_count: within 4 standard errors of the log-normal's.
      let variance = (exp(item.sigma * item.sigma) - 1) * item.mean * item.mean
      let error = (variance / Double(item.draws)).squareRoot()
      #expect(abs(counter.sum / counter.requests - item.mean) < 4 * error)
    }
  }

  @Test func requestCountsArePoisson() throws {
    let cases = try Self.reference().poisson
    #expect(cases.count == 3)
    var random = SplitMix64(seed: 99)
    for item in cases {
      var counts = [Int](repeating: 0, count: item.last - item.first + 1)
      for _ in 0..<item.draws {
        let draw = random.poisson(item.mean)
        counts[min(max(draw, item.first), item.last) - item.first] += 1
      }
      let statistic = Self.pearson(
        counts: counts, groups: item.groups, probabilities: item.probabilities, draws: item.draws)
      #expect(statistic < item.chi2_999, "mean \(item.mean)")
    }
  }
}

import Testing

@testable import Statistics

struct DescriptiveReference: Decodable, CustomTestStringConvertible, Sendable {
  let label: String
  let x: [Double]
  let mean: Double
  let variance: Double?
  let varianceOverflows: Bool
  let min: Double
  let max: Double
  let median: Double?
  let p: [Double]
  let quantiles: [Double]
  var testDescription: String { label }
}

@Suite struct DescriptiveTests {
  static func cases() throws -> [DescriptiveReference] {
    try ReferenceData.cases("descriptive.json", as: DescriptiveReference.self)
  }

  @Test func referenceFileHasItsCases() throws {
    #expect(try Self.cases().count == 13)
  }

  /// Mean and variance against exact rational arithmetic (Python `statistics` on Fractions,
  /// correctly rounded): relative 1e-13. Median and quantiles against numpy: 2 ulps.
  @Test(arguments: try cases())
  func matchesReference(_ reference: DescriptiveReference) throws {
    let x = reference.x
    #expect(isClose(try Descriptive.mean(x), reference.mean, relative: 1e-14))
    if let variance = reference.variance {
      #expect(isClose(try Descriptive.variance(x), variance, relative: 1e-13))
    } else if reference.varianceOverflows {
      #expect(try Descriptive.variance(x) == .infinity)
    } else {
      #expect(throws: StatisticsError.self) { try Descriptive.variance(x) }
    }
    #expect(try Descriptive.min(x) == reference.min)
    #expect(try Descriptive.max(x) == reference.max)
    if let median = reference.median {
      #expect(isClose(try Descriptive.median(x), median, relative: 4.5e-16))
    }
    let quantiles = try Descriptive.quantiles(x, reference.p)
    for (actual, expected) in zip(quantiles, reference.quantiles) {
      #expect(isClose(actual, expected, relative: 4.5e-16), "\(actual) vs numpy \(expected)")
    }
  }

  @Test func emptyAndNonFiniteInputThrow() {
    #expect(throws: StatisticsError.tooFewObservations(sample: "values", count: 0, needed: 1)) {
      try Descriptive.mean([])
    }
    #expect(throws: StatisticsError.tooFewObservations(sample: "values", count: 1, needed: 2)) {
      try Descriptive.variance([1])
    }
    #expect(throws: StatisticsError.self) { try Descriptive.median([]) }
    #expect(throws: StatisticsError.self) { try Descriptive.min([]) }
    #expect(throws: StatisticsError.self) { try Descriptive.max([]) }
    #expect(throws: StatisticsError.nonFiniteValue(sample: "values", index: 2)) {
      try Descriptive.mean([1, 2, .nan])
    }
    #expect(throws: StatisticsError.self) { try Descriptive.quantile([1, 2], 1.5) }
    #expect(throws: StatisticsError.self) { try Descriptive.quantile([1, 2], .nan) }
  }

  @Test func equalValuesHaveZeroVariance() throws {
    #expect(try Descriptive.variance([0.1, 0.1, 0.1, 0.1]) == 0)
    #expect(try Descriptive.variance([1e300, 1e300]) == 0)
    #expect(try Descriptive.mean([1e308, 1e308, 1e308]) == 1e308)
  }
}

import Testing

@testable import Statistics

struct BatchMeansReference: Decodable, CustomTestStringConvertible, Sendable {
  let series: [Double]
  let blockLength: Int
  let dropped: [Double]
  let kept: [Double]
  let lagOne: Double
  var testDescription: String { "n=\(series.count) b=\(blockLength)" }
}

@Suite struct BatchMeansTests {
  static func cases() throws -> [BatchMeansReference] {
    try ReferenceData.cases("batch_means.json", as: BatchMeansReference.self)
  }

  @Test func referenceFileHasItsCases() throws {
    #expect(try Self.cases().count == 32)
  }

  /// Block means to relative 1e-13 of NumPy `reshape(k, b).mean(axis=1)` (and the mean of the
  /// rest for `.keep`); r₁ to relative 1e-11 of the NumPy formula (= statsmodels `acf`).
  @Test(arguments: try cases())
  func matchesNumPy(_ c: BatchMeansReference) throws {
    let dropped = try BatchMeans.means(c.series, blockLength: c.blockLength)
    let kept = try BatchMeans.means(c.series, blockLength: c.blockLength, partialBlock: .keep)
    #expect(dropped.count == c.dropped.count)
    #expect(kept.count == c.kept.count)
    for (actual, expected) in Array(zip(dropped, c.dropped)) + Array(zip(kept, c.kept)) {
      #expect(isClose(actual, expected, relative: 1e-13), "\(actual) vs \(expected)")
    }
    let r1 = try BatchMeans.lagOneAutocorrelation(c.series)
    #expect(isClose(r1, c.lagOne, relative: 1e-11, absolute: 1e-14), "\(r1) vs \(c.lagOne)")
  }

  @Test func edgeCases() throws {
    #expect(try BatchMeans.means([], blockLength: 3) == [])
    #expect(try BatchMeans.means([1, 2], blockLength: 3) == [])
    #expect(try BatchMeans.means([1, 2], blockLength: 3, partialBlock: .keep) == [1.5])
    #expect(throws: StatisticsError.self) { try BatchMeans.means([1], blockLength: 0) }
    #expect(throws: StatisticsError.self) { try BatchMeans.means([1, .nan], blockLength: 1) }
    #expect(throws: StatisticsError.self) { try BatchMeans.lagOneAutocorrelation([1, 2]) }
    #expect(throws: StatisticsError.self) { try BatchMeans.lagOneAutocorrelation([4, 4, 4]) }
  }
}

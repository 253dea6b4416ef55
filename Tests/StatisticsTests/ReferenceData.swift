import Foundation
import Testing

/// Loads the SciPy reference vectors written by `make_reference.py`.
enum ReferenceData {
  struct Meta: Decodable {
    let scipy: String
    let numpy: String
  }

  struct File<Case: Decodable>: Decodable {
    let meta: Meta
    let cases: [Case]
  }

  struct SamplePair: Decodable, Sendable {
    let label: String
    let x: [Double]
    let y: [Double]
  }

  struct SampleFile: Decodable {
    let meta: Meta
    let samples: [SamplePair]
  }

  static func url(_ name: String) throws -> URL {
    let directory = try #require(Bundle.module.url(forResource: "Reference", withExtension: nil))
    return directory.appendingPathComponent(name)
  }

  /// The cases of one reference file.
  static func cases<Case: Decodable>(_ name: String, as type: Case.Type) throws -> [Case] {
    let data = try Data(contentsOf: url(name))
    return try JSONDecoder().decode(File<Case>.self, from: data).cases
  }

  /// The SciPy version recorded in a reference file.
  static func scipyVersion(_ name: String) throws -> String {
    let data = try Data(contentsOf: url(name))
    return try JSONDecoder().decode(File<Empty>.self, from: data).meta.scipy
  }

  struct Empty: Decodable {}

  /// The shared two-sample inputs by label, loaded once; a loading error is kept and thrown
  /// by every `pair(_:)` call instead of turning into an empty table.
  static let loadedPairs: Result<[String: SamplePair], any Error> = Result { try samples() }

  /// The shared two-sample inputs by label.
  static func pairs() throws -> [String: SamplePair] { try loadedPairs.get() }

  /// The shared two-sample input `label`.
  static func pair(_ label: String) throws -> SamplePair {
    try #require(try pairs()[label], "no sample pair \(label)")
  }

  /// The shared two-sample inputs by label.
  static func samples() throws -> [String: SamplePair] {
    let data = try Data(contentsOf: url("samples.json"))
    let file = try JSONDecoder().decode(SampleFile.self, from: data)
    return Dictionary(uniqueKeysWithValues: file.samples.map { ($0.label, $0) })
  }
}

/// `true` when `actual` is within `relative` of `expected` (relative to |expected|) or within
/// `absolute`.
func isClose(_ actual: Double, _ expected: Double, relative: Double, absolute: Double = 0) -> Bool {
  if actual == expected { return true }
  if actual.isNaN || expected.isNaN { return false }
  return abs(actual - expected) <= max(relative * abs(expected), absolute)
}

/// The p-value tolerance of the issue: relative 1e-9, relative 1e-6 below 1e-12, and values
/// that SciPy underflows to 0 must be below 1e-300.
func pValueClose(_ actual: Double, _ expected: Double) -> Bool {
  if expected == 0 { return actual < 1e-300 }
  return isClose(actual, expected, relative: expected < 1e-12 ? 1e-6 : 1e-9)
}

/// A seeded SplitMix64 generator (Steele, Lea & Flood 2014) for reproducible property tests.
struct SplitMix64: RandomNumberGenerator {
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

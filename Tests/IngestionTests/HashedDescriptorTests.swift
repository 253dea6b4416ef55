import MetricModel
import Testing

@testable import Ingestion

/// A descriptor's hash is worked out once and travels with it: equal descriptors are equal
/// keys, and two different ones with the same hash stay two keys.
@Suite struct HashedDescriptorTests {
  static func descriptor(_ pod: String) -> SeriesDescriptor {
    SeriesDescriptor(
      name: "m_total", family: "m", type: .counter,
      labels: LabelSet(["pod": pod, "rev": "canary"]))
  }

  @Test func keysCompareTheirDescriptorsNotOnlyTheirHashes() {
    let first = Self.descriptor("a")
    let second = Self.descriptor("b")
    #expect(HashedDescriptor(first) == HashedDescriptor(Self.descriptor("a")))
    #expect(HashedDescriptor(first).hash == first.hashValue)
    #expect(HashedDescriptor(first) != HashedDescriptor(second))
    // Forced to collide: still two entries.
    var table: [HashedDescriptor: Int32] = [:]
    table[HashedDescriptor(first, hash: 7)] = 1
    table[HashedDescriptor(second, hash: 7)] = 2
    #expect(table.count == 2)
    #expect(table[HashedDescriptor(first, hash: 7)] == 1)
    #expect(table[HashedDescriptor(second, hash: 7)] == 2)
  }

  /// The recorder keeps the hash the parser gives it, and works one out when none is given.
  @Test func theRecorderKeepsTheParsersHash() throws {
    var recorder = InputRecorder()
    let given = try recorder.newSeries(Self.descriptor("a"), hashValue: 42)
    let worked = try recorder.newSeries(Self.descriptor("b"))
    #expect((given, worked) == (0, 1))
    #expect(
      recorder.parsed.newSeries.map(\.descriptor.hash) == [42, Self.descriptor("b").hashValue])
  }
}

import Testing

@testable import MetricModel

@Suite struct LabelSetTests {
  @Test func sortsAndDropsEmptyValues() throws {
    let set = try #require(
      LabelSet([
        Label(name: "b", value: "2"), Label(name: "a", value: "1"), Label(name: "c", value: ""),
      ]))
    #expect(set.labels.map(\.name) == ["a", "b"])
    #expect(set.json == #"{"a":"1","b":"2"}"#)
  }

  @Test func rejectsDuplicateNames() {
    #expect(LabelSet([Label(name: "a", value: "1"), Label(name: "a", value: "2")]) == nil)
  }

  @Test func escapesJSON() throws {
    let set = try #require(LabelSet([Label(name: "path", value: "a\"b\\c\nd\u{1}")]))
    #expect(set.json == #"{"path":"a\"b\\c\nd\u0001"}"#)
  }
}

import Testing

@testable import Ingestion

@Suite struct NamespaceMapTests {
  @Test func readsKubectlOutputWithBlankRevisions() throws {
    let map = try NamespaceMap.parseKubectlTable(
      """
      NAME              STATUS   AGE    REV
      default           Active   412d
      istio-system      Active   412d   \r
      shop              Active   97d    canary
      payments          Active   97d    stable

      """)
    #expect(map.revision(of: "default") == "default")
    #expect(map.revision(of: "istio-system") == "default")
    #expect(map.revision(of: "shop") == "canary")
    #expect(map.revision(of: "payments") == "stable")
    #expect(map.revision(of: "missing") == nil)
  }

  @Test(arguments: ["", "NAMESPACE STATUS\nx Active\n", "NAME STATUS AGE\nx Active 1d\n"])
  func rejectsWhatIsNotKubectlOutput(text: String) {
    #expect(throws: NamespaceMapError.self) { try NamespaceMap.parseKubectlTable(text) }
  }

  @Test func parsesPairs() {
    #expect(NamespaceMap.pair("shop=canary")! == ("shop", "canary"))
    #expect(NamespaceMap.pair("shop=") == nil)
    #expect(NamespaceMap.pair("=x") == nil)
    #expect(NamespaceMap.pair("shop") == nil)
  }
}

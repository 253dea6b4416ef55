import Foundation
import Testing

@testable import Remote

@Suite struct HTTPHeaderTests {
  @Test(arguments: [
    ("X-Scope-OrgID: team-a", HTTPHeader(name: "X-Scope-OrgID", value: "team-a")),
    ("Accept:text/plain", HTTPHeader(name: "Accept", value: "text/plain")),
    ("X-Empty:", HTTPHeader(name: "X-Empty", value: "")),
    ("X-Colon: a:b", HTTPHeader(name: "X-Colon", value: "a:b")),
  ])
  func parsesNameAndValue(_ text: String, _ header: HTTPHeader) {
    #expect(HTTPHeader.parse(text) == header)
  }

  @Test(arguments: ["no colon", ": value", "Bad Name: x", "Bad\u{7F}: x"])
  func rejectsMalformedHeaders(_ text: String) {
    #expect(HTTPHeader.parse(text) == nil)
  }

  @Test func authenticationHeadersFromFiles() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "remote-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let token = folder.appendingPathComponent("token").path
    let password = folder.appendingPathComponent("password").path
    try Data("s3cr3t\n".utf8).write(to: URL(fileURLWithPath: token))
    try Data("open sesame\n".utf8).write(to: URL(fileURLWithPath: password))

    let bearer = try HTTPHeader.headers(
      bearerTokenFile: token, extra: [HTTPHeader(name: "X-A", value: "1")])
    #expect(
      bearer == [
        HTTPHeader(name: "Authorization", value: "Bearer s3cr3t"),
        HTTPHeader(name: "X-A", value: "1"),
      ])
    // RFC 7617's example encoding of "Aladdin:open sesame".
    let basic = try HTTPHeader.headers(basicAuthUser: "Aladdin", basicAuthPasswordFile: password)
    #expect(
      basic == [HTTPHeader(name: "Authorization", value: "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")])
    let missing = folder.appendingPathComponent("missing").path
    #expect(throws: RemoteError.unreadableFile(path: missing, reason: "no such file")) {
      try HTTPHeader.headers(bearerTokenFile: missing)
    }
  }
}

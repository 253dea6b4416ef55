import Foundation

/// One request header, and the headers a client sends: bearer token, basic authentication
/// and extra `Name: value` pairs.
public struct HTTPHeader: Sendable, Hashable {
  /// Header name.
  public var name: String
  /// Header value.
  public var value: String

  /// Creates a header.
  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }

  /// Parses `Name: value` as `--header` takes it; nil when there is no colon or no name.
  public static func parse(_ text: String) -> HTTPHeader? {
    guard let colon = text.firstIndex(of: ":") else { return nil }
    let name = text[..<colon].trimmingCharacters(in: .whitespaces)
    let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    // RFC 9110 token characters only: a space or a control character would corrupt the request.
    let allowed = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~")
      .union(.alphanumerics)
    guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) })
    else { return nil }
    return HTTPHeader(name: name, value: value)
  }

  /// `Authorization: Bearer TOKEN`.
  public static func bearer(token: String) -> HTTPHeader {
    HTTPHeader(name: "Authorization", value: "Bearer " + token)
  }

  /// `Authorization: Basic base64(user:password)` (RFC 7617).
  public static func basic(user: String, password: String) -> HTTPHeader {
    HTTPHeader(
      name: "Authorization",
      value: "Basic " + Data((user + ":" + password).utf8).base64EncodedString())
  }

  /// The headers of the authentication options: a bearer token read from `bearerTokenFile`,
  /// or basic authentication with the password read from `passwordFile`, then `extra`.
  /// Files are trimmed of surrounding whitespace (a trailing newline is not part of a token).
  public static func headers(
    bearerTokenFile: String? = nil, basicAuthUser: String? = nil,
    basicAuthPasswordFile: String? = nil, extra: [HTTPHeader] = []
  ) throws -> [HTTPHeader] {
    var headers: [HTTPHeader] = []
    if let bearerTokenFile {
      headers.append(.bearer(token: try secret(at: bearerTokenFile)))
    }
    if let basicAuthUser {
      let password = try basicAuthPasswordFile.map { try secret(at: $0) } ?? ""
      headers.append(.basic(user: basicAuthUser, password: password))
    }
    return headers + extra
  }

  /// The trimmed text of a credentials file.
  static func secret(at path: String) throws -> String {
    guard FileManager.default.fileExists(atPath: path) else {
      throw RemoteError.unreadableFile(path: path, reason: "no such file")
    }
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else {
      throw RemoteError.unreadableFile(path: path, reason: "cannot read it as UTF-8 text")
    }
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

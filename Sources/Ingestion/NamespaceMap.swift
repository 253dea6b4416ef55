/// Namespace → revision, from `--namespace-revision NS=REV` and `--namespace-map FILE`.
public struct NamespaceMap: Sendable, Hashable {
  private var revisions: [String: String]

  /// Creates a map from pairs.
  public init(_ revisions: [String: String] = [:]) {
    self.revisions = revisions
  }

  /// The revision of `namespace`, or nil when the map does not list it.
  public func revision(of namespace: String) -> String? {
    revisions[namespace]
  }

  /// Whether the map lists nothing.
  public var isEmpty: Bool { revisions.isEmpty }

  /// Every namespace with its revision.
  public var entries: [String: String] { revisions }

  /// Adds or overrides one namespace.
  public mutating func set(_ namespace: String, to revision: String) {
    revisions[namespace] = revision
  }

  /// Parses `NS=REV` as `--namespace-revision` takes it.
  public static func pair(_ text: String) -> (namespace: String, revision: String)? {
    guard let equals = text.firstIndex(of: "=") else { return nil }
    let namespace = String(text[..<equals])
    let revision = String(text[text.index(after: equals)...])
    guard !namespace.isEmpty, !revision.isEmpty else { return nil }
    return (namespace, revision)
  }

  /// Parses the output of `kubectl get namespaces -L istio.io/rev`.
  ///
  /// The header names the columns (`NAME STATUS AGE REV`); kubectl aligns each column under
  /// its header, and leaves the `REV` cell blank for namespaces without the label, which
  /// belong to the unrevisioned control plane, `default`.
  ///
  /// - Throws: ``NamespaceMapError`` with the 1-based line of the problem.
  public static func parseKubectlTable(_ text: String) throws -> NamespaceMap {
    // "\r\n" is one Character in Swift, so CRLF ends a line as "\n" does.
    var lines = text.split(omittingEmptySubsequences: false) {
      $0 == "\n" || $0 == "\r\n" || $0 == "\r"
    }
    while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
    guard let header = lines.first else {
      throw NamespaceMapError(
        line: 1,
        message:
          "empty namespace map: expected the output of kubectl get namespaces -L istio.io/rev")
    }
    let columns = header.split(separator: " ", omittingEmptySubsequences: true)
    guard columns.first == "NAME", let revColumn = columns.last(where: { $0 == "REV" }) else {
      throw NamespaceMapError(
        line: 1,
        message:
          "header must start with NAME and have a REV column (kubectl get namespaces -L istio.io/rev)"
      )
    }
    let revOffset = header.distance(from: header.startIndex, to: revColumn.startIndex)
    var map = NamespaceMap()
    for (index, line) in lines.enumerated().dropFirst() {
      guard let name = line.split(separator: " ", maxSplits: 1).first, !line.hasPrefix(" ") else {
        if line.allSatisfy(\.isWhitespace) { continue }
        throw NamespaceMapError(
          line: index + 1, message: "row does not start with a namespace name")
      }
      let characters = Array(line)
      let cell =
        characters.count > revOffset
        ? String(characters[revOffset...]).trimmingCharacters(in: " \t") : ""
      map.set(String(name), to: cell.isEmpty ? RevisionAttributor.defaultRevision : cell)
    }
    return map
  }
}

/// A namespace map file that cannot be read; the description is `line: message`.
public struct NamespaceMapError: Error, Sendable, Equatable, CustomStringConvertible {
  /// 1-based line.
  public var line: Int
  /// What is wrong.
  public var message: String
  public var description: String { "\(line): \(message)" }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var slice = Substring(self)
    while let first = slice.first, set.contains(first) { slice.removeFirst() }
    while let last = slice.last, set.contains(last) { slice.removeLast() }
    return String(slice)
  }
}

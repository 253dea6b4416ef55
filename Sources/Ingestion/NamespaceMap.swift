import MetricModel

/// Namespace → revision over time, from `--namespace-revision NS=REV[@TIME]` and
/// `--namespace-map FILE[@TIME]`.
///
/// Each namespace has a list of changes in time order: from its time on (the first may hold
/// from the beginning), the namespace runs that revision. A map without times has one change
/// per namespace, from the beginning.
public struct NamespaceMap: Sendable, Hashable {
  /// From `start` on (nil: from the beginning) the namespace runs `revision`.
  public struct Change: Sendable, Hashable, Codable {
    /// Unix milliseconds, nil for the beginning.
    public var start: Int64?
    /// The revision from then on.
    public var revision: String

    /// Creates a change.
    public init(start: Int64?, revision: String) {
      self.start = start
      self.revision = revision
    }
  }

  private var changes: [String: [Change]]

  /// Creates a map from pairs, each from the beginning.
  public init(_ revisions: [String: String] = [:]) {
    changes = revisions.mapValues { [Change(start: nil, revision: $0)] }
  }

  /// The revision of `namespace` at `timestamp` (Unix milliseconds), or nil when the map
  /// says nothing of it then.
  public func revision(of namespace: String, at timestamp: Int64) -> String? {
    changes[namespace]?.last { ($0.start ?? Int64.min) <= timestamp }?.revision
  }

  /// The revision `namespace` runs last, or nil when the map does not list it.
  public func revision(of namespace: String) -> String? {
    changes[namespace]?.last?.revision
  }

  /// The changes of `namespace` in time order (empty when the map does not list it).
  public func changes(of namespace: String) -> [Change] {
    changes[namespace] ?? []
  }

  /// Every namespace's changes, namespaces in name order, names JSON-quoted:
  /// `{"ns":[[start,"rev"],…],…}` (`null` for the beginning), the same text for the same map
  /// in every process and different texts for different maps.
  public var canonicalText: String {
    let namespaces = changes.keys.sorted().map { namespace in
      let periods = changes[namespace, default: []].map { change in
        "[\(change.start.map(String.init) ?? "null")," + JSONText.quoted(change.revision) + "]"
      }
      return JSONText.quoted(namespace) + ":[" + periods.joined(separator: ",") + "]"
    }
    return "{" + namespaces.joined(separator: ",") + "}"
  }

  /// Whether the map lists nothing.
  public var isEmpty: Bool { changes.isEmpty }

  /// Whether some namespace changes revision or starts at a time.
  public var isTimed: Bool {
    changes.values.contains { $0.count > 1 || $0.first?.start != nil }
  }

  /// The namespaces whose revision changes in time, each with its changes (a change that
  /// repeats the revision before it left out).
  public var moves: [String: [Change]] {
    var out: [String: [Change]] = [:]
    for (namespace, list) in changes {
      var kept: [Change] = []
      for change in list where kept.last?.revision != change.revision { kept.append(change) }
      if kept.count > 1 || kept.first?.start != nil { out[namespace] = kept }
    }
    return out
  }

  /// Every namespace with the revision it runs last.
  public var entries: [String: String] { changes.compactMapValues { $0.last?.revision } }

  /// Sets `namespace` to `revision` from `start` on (nil: from the beginning), replacing a
  /// change at the same time.
  public mutating func set(_ namespace: String, to revision: String, from start: Int64? = nil) {
    var list = changes[namespace] ?? []
    list.removeAll { $0.start == start }
    let position = list.firstIndex { ($0.start ?? Int64.min) > (start ?? Int64.min) } ?? list.count
    list.insert(Change(start: start, revision: revision), at: position)
    changes[namespace] = list
  }

  /// Sets every namespace of `other` (its revision from the beginning) from `start` on.
  public mutating func merge(_ other: NamespaceMap, from start: Int64?) {
    for (namespace, revision) in other.entries {
      set(namespace, to: revision, from: start)
    }
  }

  /// Splits `TEXT@TIME` into the text and the time's text (nil when there is no `@`).
  public static func timed(_ text: String) -> (text: String, time: String?) {
    guard let at = text.lastIndex(of: "@") else { return (text, nil) }
    return (String(text[..<at]), String(text[text.index(after: at)...]))
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

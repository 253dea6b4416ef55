/// The files that say which revision each namespace runs when, for meshes whose scrape does
/// not label series with `istio_io_rev`: the namespace maps before and after the move, as
/// `kubectl get namespaces -L istio.io/rev` prints them, and `migration.json` with the move.
struct MigrationManifest {
  /// The mesh's namespaces, in order.
  var namespaces: [String]
  /// The namespaces that move to the canary.
  var moved: Set<String>
  /// Unix seconds of the move.
  var moveTime: Int64
  /// Unix seconds of the first scrape.
  var first: Int64
  /// Unix seconds of the last scrape.
  var last: Int64

  /// The namespace map with every namespace on `stable` (`after`: the moved ones on `canary`).
  func namespaceTable(after: Bool) -> String {
    var rows = [("default", ""), ("istio-system", ""), ("kube-system", "")]
    rows += namespaces.map { ($0, after && moved.contains($0) ? "canary" : "stable") }
    let width = max(18, (rows.map(\.0.count).max() ?? 0) + 3)
    func pad(_ text: String, _ count: Int) -> String {
      text + String(repeating: " ", count: max(1, count - text.count))
    }
    var out = pad("NAME", width) + "STATUS   AGE   REV\n"
    for (name, revision) in rows {
      out += pad(name, width) + "Active   97d   \(revision)\n"
    }
    return out
  }

  /// `migration.json`: the move time and namespaces, and the files to pass as
  /// `--namespace-map namespaces-before.txt --namespace-map namespaces-after.txt@MOVE`.
  var json: String {
    let movedList = namespaces.filter(moved.contains).map { "\"\($0)\"" }.joined(separator: ", ")
    return """
      {
        "baseline": "stable",
        "canary": "canary",
        "first": \(first),
        "last": \(last),
        "moves": [
          {"at": \(moveTime), "namespaces": [\(movedList)], "from": "stable", "to": "canary"}
        ],
        "namespaceMaps": [
          {"file": "namespaces-before.txt", "from": \(first)},
          {"file": "namespaces-after.txt", "from": \(moveTime)}
        ]
      }

      """
  }

  /// `migration.txt`: the move as one line per moved namespace, `UNIXTIME NAMESPACE stable canary`.
  var text: String {
    namespaces.filter(moved.contains).map { "\(moveTime) \($0) stable canary\n" }.joined()
  }
}

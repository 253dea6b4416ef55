import Foundation
import GRDB
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The dashboard side: the files under `dashboards/` against real databases, and readers that
/// query the views while `canary` writes.
@Suite struct DashboardTests {
  /// Under CI a missing Datasette is a failure, not a silent skip of the Datasette test.
  @Test func datasetteIsInstalledUnderCI() {
    guard ProcessInfo.processInfo.environment["CI"] == "true" else { return }
    #expect(
      Datasette.command != nil,
      "CI=true but datasette is not installed: run scripts/install-datasette.sh")
  }
}

// MARK: - The dashboard files against a scenario database

extension DashboardTests {
  /// Datasette's metadata and Grafana's dashboard, read against one analyzed scenario.
  @Suite(.analyzedScenario) struct Files {
    @Test(
      .enabled(
        if: Datasette.command != nil,
        "datasette is not installed (scripts/install-datasette.sh); CI=true makes this a failure"))
    func datasetteServesTheViewsAndTheCannedQueries() throws {
      let scenario = try #require(AnalyzedScenario.current)
      let server = try DatasetteServer.start(
        database: scenario.database,
        metadata: CanaryProcess.root.appendingPathComponent("dashboards/datasette/metadata.yaml"))
      defer { server.stop() }
      let id = scenario.analysisID

      let analyses = try server.rows("/canary/v_analyses.json?_shape=array")
      let analysis = try #require(analyses.first { $0["id"] as? Int == id })
      #expect(analysis["verdict"] as? String == "rollback")
      #expect(analysis["baseline"] as? String == "stable")
      #expect(analysis["canary"] as? String == "canary")
      #expect((analysis["score"] as? Double).map { (0...100).contains($0) } == true)
      #expect((analysis["created_at"] as? String).flatMap(parseTimestamp) != nil)

      let metrics = try server.rows(
        "/canary/v_analysis_metrics.json?_shape=array&_size=max&analysis_id=\(id)")
      #expect(metrics.compactMap { $0["metric"] as? String }.sorted() == scenario.metrics.sorted())
      let rejects = metrics.first { $0["metric"] as? String == "xds-rejects" }
      #expect(rejects?["classification"] as? String == "high")

      let values = try server.rows(
        "/canary/v_analysis_values.json?_shape=array&_size=max&analysis_id=\(id)&metric=error-rate")
      #expect(Set(values.compactMap { $0["side"] as? String }) == ["baseline", "canary"])
      #expect(values.allSatisfy { isMilliseconds($0["ts"]) && $0["value"] is Double })

      let samples = try server.rows("/canary/v_samples.json?_shape=array&_size=50")
      #expect(samples.count == 50)
      for sample in samples {
        // labels is JSON text, not a nested object: dashboards call json_extract on it.
        let labels = try #require(sample["labels"] as? String)
        let object = try JSONSerialization.jsonObject(with: Data(labels.utf8))
        #expect(object is [String: String], "labels \(labels)")
        #expect(isMilliseconds(sample["ts"]), "ts \(sample["ts"] ?? "nil")")
        #expect((sample["revision"] as? String)?.isEmpty == false)
        #expect((sample["metric"] as? String)?.isEmpty == false)
      }

      let history = try server.rows("/canary/verdict_history.json?_shape=array")
      #expect(history.first?["id"] as? Int == id)
      #expect(history.first?["verdict"] as? String == "rollback")
      #expect((history.first?["failing"] as? String)?.contains("xds-rejects") == true)

      let classifications = try server.rows(
        "/canary/analysis_classifications.json?_shape=array&analysis=\(id)")
      #expect(
        classifications.compactMap { $0["metric"] as? String }.sorted() == scenario.metrics.sorted()
      )
      // Failing metrics come first, so the query's first screen shows why it rolled back.
      #expect(
        ["high", "low", "error"].contains(classifications.first?["classification"] as? String))

      let steps = try server.rows(
        "/canary/analysis_values.json?_shape=array&analysis=\(id)&metric=error-rate")
      #expect(steps.count == values.count / 2)
      #expect(steps.allSatisfy { isMilliseconds($0["ts"]) && $0["time"] is String })
      #expect(steps.contains { $0["baseline"] is Double && $0["canary"] is Double })
    }

    @Test func grafanaDashboardQueriesRunAgainstARealDatabase() throws {
      let scenario = try #require(AnalyzedScenario.current)
      let file = CanaryProcess.root.appendingPathComponent("dashboards/grafana/canary.json")
      let dashboard = try #require(
        try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
      let templating = try #require(
        (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]])
      let source = templating.first { $0["type"] as? String == "datasource" }
      #expect(source?["name"] as? String == "datasource")
      #expect(source?["query"] as? String == "frser-sqlite-datasource")
      let variables = templating.filter { $0["type"] as? String == "query" }
      #expect(variables.map { $0["name"] as? String } == ["analysis", "metric"])

      let panels = try #require(dashboard["panels"] as? [[String: Any]])
      var queries: [(panel: String, sql: String)] = []
      for panel in panels {
        let title = panel["title"] as? String ?? "?"
        for query in sqlTexts(in: panel) { queries.append((title, query)) }
        guard let targets = panel["targets"] as? [[String: Any]] else { continue }
        let datasource = panel["datasource"] as? [String: Any]
        #expect(datasource?["type"] as? String == "frser-sqlite-datasource", "\(title)")
        #expect(datasource?["uid"] as? String == "${datasource}", "\(title)")
        #expect(targets.allSatisfy { $0["rawQueryText"] is String }, "\(title)")
      }
      #expect(queries.count >= 4)

      var configuration = Configuration()
      configuration.readonly = true
      let queue = try DatabaseQueue(path: scenario.database, configuration: configuration)
      defer { try? queue.close() }
      // Grafana's time range, as the plugin substitutes it: Unix milliseconds.
      var values = ["__from": "0", "__to": "4102444800000"]
      // Each variable's query may use the variables before it, as Grafana resolves them; the
      // default value is the first row (sort 0 keeps the query's order).
      for variable in variables {
        let name = try #require(variable["name"] as? String)
        let sql = try interpolate(try #require(variable["query"] as? String), with: values)
        let rows = try queue.read { try Row.fetchAll($0, sql: sql) }
        let first = try #require(rows.first, "variable \(name) has no values")
        values[name] = text(of: first[0])
      }
      #expect(values["analysis"] == String(scenario.analysisID))
      #expect(values["metric"].map(scenario.metrics.contains) == true)

      for (panel, raw) in queries {
        let sql = try interpolate(raw, with: values)
        let rows = try queue.read { try Row.fetchAll($0, sql: sql) }
        #expect(!rows.isEmpty, "\(panel): no rows from\n\(sql)")
        // The plugin reads a number in a time column as Unix seconds (never milliseconds) and
        // a string as RFC 3339.
        guard let row = rows.first, row.hasColumn("time") else { continue }
        switch (row["time"] as DatabaseValue).storage {
        case .int64(let seconds): #expect(seconds < 100_000_000_000, "\(panel): time \(seconds)")
        case .string(let text): #expect(parseTimestamp(text) != nil, "\(panel): time \(text)")
        default: Issue.record("\(panel): time column neither a number nor a string")
        }
      }
    }
  }
}

/// Every SQL text a panel's targets carry (the fields frser-sqlite-datasource reads).
private func sqlTexts(in panel: [String: Any]) -> [String] {
  let targets = panel["targets"] as? [[String: Any]] ?? []
  let nested = (panel["panels"] as? [[String: Any]] ?? []).flatMap(sqlTexts)
  return targets.flatMap { target in
    ["rawQueryText", "queryText"].compactMap { target[$0] as? String }
  } + nested
}

/// Substitutes Grafana variables (`$name`, `${name}`, `${name:raw}`, `${name:sqlstring}`).
private func interpolate(_ sql: String, with values: [String: String]) throws -> String {
  var unknown: [String] = []
  let result = sql.replacing(/\$\{(\w+)(?::(\w+))?\}|\$(\w+)/) { match -> String in
    let name = String(match.output.1 ?? match.output.3 ?? "")
    let format = match.output.2.map(String.init)
    guard let value = values[name] else {
      unknown.append(name)
      return ""
    }
    switch format {
    case nil, "raw": return value
    case "sqlstring": return "'" + value.replacing("'", with: "''") + "'"
    default:
      unknown.append("\(name):\(format ?? "")")
      return value
    }
  }
  #expect(unknown.isEmpty, "unknown variables or formats \(unknown) in\n\(sql)")
  return result
}

/// A database value as the text Grafana would put into a variable.
private func text(of value: DatabaseValue) -> String {
  switch value.storage {
  case .null: "NULL"
  case .int64(let int): String(int)
  case .double(let double): String(double)
  case .string(let string): string
  case .blob(let data): String(decoding: data, as: UTF8.self)
  }
}

/// Whether a JSON value is an integer timestamp in Unix milliseconds (2001 to 2286).
private func isMilliseconds(_ value: Any?) -> Bool {
  guard let ts = value as? Int else { return false }
  return (1_000_000_000_000..<10_000_000_000_000).contains(ts)
}

/// Parses an RFC 3339 timestamp with or without fractional seconds.
private func parseTimestamp(_ text: String) -> Date? {
  let formatter = ISO8601DateFormatter()
  formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
  if let date = formatter.date(from: text) { return date }
  formatter.formatOptions = [.withInternetDateTime]
  return formatter.date(from: text)
}

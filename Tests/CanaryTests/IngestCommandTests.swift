import Foundation
import Testing

/// A small valid exposition: two revisions through the `istio_io_rev` label, one through a namespace.
let goodExposition = """
  # HELP istio_requests_total Total requests.
  # TYPE istio_requests_total counter
  istio_requests_total{istio_io_rev="stable",reporter="destination",response_code="200"} 10 1700000000000
  istio_requests_total{istio_io_rev="canary",reporter="destination",response_code="200"} 12 1700000000000
  istio_requests_total{reporter="destination",destination_workload_namespace="shop",response_code="200"} 3 1700000000000
  # TYPE pilot_xds gauge
  pilot_xds{istio_io_rev="canary",version="1.24.2"} 4 1700000000000

  """

@Suite struct IngestCommandTests {
  @Test func ingestsThenCountsTheSameFileAsDuplicates() throws {
    let scratch = try Scratch()
    let file = try scratch.write("scrape.prom", goodExposition)
    let db = scratch.path("canary.db")
    let first = try CanaryProcess.run([
      "ingest", "--db", db, "--namespace-revision", "shop=canary", "--output", "json", file,
    ])
    #expect(first.status == 0, "\(first.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
    #expect(summary?["samples"] as? Int == 4)
    #expect(summary?["series"] as? Int == 4)
    #expect(summary?["duplicates"] as? Int == 0)
    #expect((summary?["revisions"] as? [String: Int]) == ["stable": 1, "canary": 3])
    #expect((summary?["attribution"] as? [String: Int]) == ["label": 3, "namespace": 1])

    let second = try CanaryProcess.run([
      "ingest", "--db", db, "--namespace-revision", "shop=canary", "--output", "json", file,
    ])
    #expect(second.status == 0, "\(second.stderr)")
    let again = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any]
    #expect(again?["samples"] as? Int == 0)
    #expect(again?["duplicates"] as? Int == 4)
    #expect(try DatabaseState(path: db).samples == 4)
  }

  /// A file stored whole and unchanged since is not read again: its samples are counted as
  /// duplicates and the file as unchanged; `--reread` reads it.
  @Test func anUnchangedFileIsNotReadAgain() throws {
    let scratch = try Scratch()
    let file = try scratch.write("scrape.prom", goodExposition)
    let db = scratch.path("canary.db")
    // Files changed in the two seconds before an ingest are not remembered.
    Thread.sleep(forTimeInterval: 2.2)
    let first = try CanaryProcess.run(["ingest", "--db", db, "--output", "json", file])
    #expect(first.status == 0, "\(first.stderr)")
    let second = try CanaryProcess.run(["ingest", "--db", db, "--output", "json", file])
    let again = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any]
    #expect(again?["unchanged"] as? Int == 1)
    #expect(again?["duplicates"] as? Int == 4)
    #expect(again?["samples"] as? Int == 0)
    let text = try CanaryProcess.run(["ingest", "--db", db, file])
    #expect(
      text.stdout.contains(
        "1 file unchanged since an earlier ingest, not read again (--reread reads them)"))
    let reread = try CanaryProcess.run(["ingest", "--db", db, "--reread", "--output", "json", file])
    let read = try JSONSerialization.jsonObject(with: Data(reread.stdout.utf8)) as? [String: Any]
    #expect(read?["unchanged"] as? Int == 0)
    #expect(read?["duplicates"] as? Int == 4)
    #expect(read?["series"] as? Int == 4)
    #expect(try DatabaseState(path: db).samples == 4)
  }

  @Test func changedValueIsReplaced() throws {
    let scratch = try Scratch()
    let db = scratch.path("canary.db")
    let one = try scratch.write("a.prom", "up{istio_io_rev=\"canary\"} 1 1700000000000\n")
    let two = try scratch.write("b.prom", "up{istio_io_rev=\"canary\"} 0 1700000000000\n")
    #expect(try CanaryProcess.run(["ingest", "--db", db, one]).status == 0)
    let result = try CanaryProcess.run(["ingest", "--db", db, "--output", "json", two])
    #expect(result.status == 0)
    let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(summary?["replaced"] as? Int == 1)
    #expect(try DatabaseState(path: db).samples == 1)
  }

  @Test func readsStandardInputWithTheTimeGiven() throws {
    let scratch = try Scratch()
    let db = scratch.path("canary.db")
    let result = try CanaryProcess.run(
      ["ingest", "--db", db, "--revision", "canary", "--at", "2023-11-14T22:13:20Z", "-"],
      input: Data("pilot_xds 3\n".utf8))
    #expect(result.status == 0, "\(result.stderr)")
    let listing = try CanaryProcess.run(["revisions", "--db", db, "--output", "json"])
    let rows = try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]]
    #expect(rows?.first?["revision"] as? String == "canary")
    #expect(rows?.first?["first"] as? String == "2023-11-14T22:13:20Z")
    // How the revision was decided: forced by --revision, for its one series.
    #expect(rows?.first?["attribution"] as? [String: Int] == ["forced": 1])
    let text = try CanaryProcess.run(["revisions", "--db", db])
    #expect(text.stdout.contains("ATTRIBUTION"))
    #expect(text.stdout.contains("forced 1"))
  }

  @Test func takesTheTimeFromTheFileName() throws {
    let scratch = try Scratch()
    let db = scratch.path("canary.db")
    let file = try scratch.write("scrape-1700000000.prom", "pilot_xds 3\n")
    #expect(
      try CanaryProcess.run(["ingest", "--db", db, "--revision", "stable", file]).status == 0)
    let listing = try CanaryProcess.run(["metrics", "--db", db, "--output", "json"])
    let rows = try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]]
    #expect(rows?.first?["metric"] as? String == "pilot_xds")
    #expect(rows?.first?["first"] as? String == "2023-11-14T22:13:20Z")
  }

  @Test func mapsNamespacesFromKubectlOutput() throws {
    let scratch = try Scratch()
    let db = scratch.path("canary.db")
    let map = try scratch.write(
      "namespaces.txt",
      """
      NAME           STATUS   AGE   REV
      default        Active   10d
      shop           Active   5d    canary
      legacy         Active   5d

      """)
    let file = try scratch.write(
      "s.prom",
      """
      x{namespace="shop"} 1 1700000000000
      x{namespace="legacy"} 1 1700000000000
      x{namespace="elsewhere"} 1 1700000000000

      """)
    let result = try CanaryProcess.run([
      "ingest", "--db", db, "--namespace-map", map, "--output", "json", file,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect((summary?["revisions"] as? [String: Int]) == ["canary": 1, "default": 2])
    #expect((summary?["attribution"] as? [String: Int]) == ["namespace": 2, "default": 1])
  }

  @Test func skipInvalidSkipsAndCounts() throws {
    let scratch = try Scratch()
    let db = scratch.path("canary.db")
    let file = try scratch.write(
      "s.prom",
      "a{rev=\"canary\"} 1 1700000000000\nb{rev=\"canary\"} oops\nc{rev=\"canary\"} 2 1700000000000\n"
    )
    let result = try CanaryProcess.run([
      "ingest", "--db", db, "--skip-invalid", "--output", "json", file,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(summary?["skipped"] as? Int == 1)
    #expect(summary?["samples"] as? Int == 2)
    #expect(result.stderr.contains("\(file):2:"))
  }

  @Test func unknownRevisionForMetricsIsExit66() throws {
    let scratch = try Scratch()
    let db = scratch.path("canary.db")
    let file = try scratch.write("s.prom", goodExposition)
    #expect(try CanaryProcess.run(["ingest", "--db", db, file]).status == 0)
    let result = try CanaryProcess.run(["metrics", "--db", db, "--revision", "nope"])
    #expect(result.status == 66)
    #expect(
      result.errorLines == [
        "canary: error: revision \"nope\" not found; the database holds: canary, default, stable"
      ])
  }

  @Test func databaseFromTheEnvironment() throws {
    let scratch = try Scratch()
    let file = try scratch.write("s.prom", goodExposition)
    let db = scratch.path("env.db")
    #expect(
      try CanaryProcess.run(
        ["ingest", "--namespace-revision", "shop=canary", file], environment: ["CANARY_DB": db]
      ).status == 0)
    #expect(try DatabaseState(path: db).samples == 4)
  }
}

@Suite struct PrometheusJSONIngestTests {
  @Test func savedQueryRangeResponsesIngestWithWarningsOnStderr() throws {
    let scratch = try Scratch()
    let db = scratch.path("canary.db")
    let file = try scratch.write(
      "range.json",
      """
      {"status":"success","warnings":["results truncated"],"data":{"resultType":"matrix","result":[
        {"metric":{"__name__":"istio_requests_total","istio_io_rev":"canary","response_code":"200"},
         "values":[[1700000000,"1"],[1700000015.5,"2"],[1700000030,"NaN"]]},
        {"metric":{"istio_io_rev":"stable"},"values":[[1700000000,"+Inf"]]}]}}
      """)
    let result = try CanaryProcess.run([
      "ingest", "--db", db, "--metric-name", "expression", "--output", "json", file,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stderr.contains("canary: warning: \(file): warning from Prometheus: results truncated")
    )
    let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(summary?["samples"] as? Int == 4)
    #expect((summary?["revisions"] as? [String: Int]) == ["canary": 3, "stable": 1])
  }

  @Test func errorResponsesAre65WithPrometheusMessage() throws {
    let scratch = try Scratch()
    let db = scratch.path("canary.db")
    let file = try scratch.write(
      "error.json",
      #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\""}"#)
    let result = try CanaryProcess.run(["ingest", "--db", db, file])
    #expect(result.status == 65)
    #expect(result.errorLines.count == 1)
    #expect(result.stderr.contains("bad_data"))
    #expect(result.stderr.hasPrefix("canary: error: \(file):1:"))
  }
}

import Foundation
import Testing

/// `canary calibrate` through the built binary on a simulated healthy namespace migration:
/// the built-in configuration keeps its false-rollback rate within alpha, configurations made
/// too sensitive are measured above it and flagged.
@Suite(.serialized) struct CalibrateCommandTests {
  /// One simulated mesh, ingested once for the suite. Never changed after `init` (the
  /// scratch folder is only removed when the process ends), so sharing it is safe.
  final class Mesh: @unchecked Sendable {
    let scratch: Scratch
    let db: String

    init() throws {
      scratch = try Scratch()
      db = scratch.path("canary.db")
      let data = scratch.path("mesh")
      let simulate = try CanaryProcess.run([
        "simulate", "--scenario", "migration-healthy", "--namespaces", "6", "--minutes", "40",
        "--layout", "single", "--out", data,
      ])
      guard simulate.status == 0 else { throw Failure(message: simulate.stderr) }
      let ingest = try CanaryProcess.run([
        "ingest", "--db", db, "--format", "openmetrics", data + "/sidecar",
        data + "/istiod-stable", data + "/istiod-canary",
      ])
      guard ingest.status == 0 else { throw Failure(message: ingest.stderr) }
    }
  }

  struct Failure: Error {
    var message: String
  }

  static let mesh = Result { try Mesh() }

  /// Runs `canary calibrate` on the mesh and decodes its JSON.
  static func calibrate(_ flags: [String]) throws -> (CanaryProcess.Result, [String: Any]) {
    let mesh = try Self.mesh.get()
    let run = try CanaryProcess.run(
      ["calibrate", "--db", mesh.db, "--baseline", "stable", "--output", "json"] + flags)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
      "\(run.stderr)")
    return (run, json)
  }

  /// The built-in configuration with `edit` applied to its text, written to the mesh's folder.
  static func configuration(_ name: String, _ edit: (String) -> String) throws -> String {
    let show = try CanaryProcess.run(["config", "show"])
    return try Self.mesh.get().scratch.write(name, edit(show.stdout))
  }

  static func rate(_ json: [String: Any]) throws -> Double {
    try #require(json["rate"] as? Double)
  }

  @Test func healthyMeshStaysWithinAlpha() throws {
    let (run, json) = try Self.calibrate(["--runs", "20", "--seed", "1"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(json["runs"] as? Int == 20)
    #expect(json["alpha"] as? Double == 0.05)
    #expect(json["flagged"] as? Bool == false)
    let rate = try Self.rate(json)
    #expect(rate <= 0.05)
    let interval = try #require(json["interval"] as? [String: Double])
    let low = try #require(interval["low"])
    let high = try #require(interval["high"])
    #expect(low <= rate && rate <= high && high < 0.5)
    let counts = ["promote", "inconclusive", "rollbacks"].compactMap { json[$0] as? Int }
    #expect(counts.count == 3 && counts.reduce(0, +) == 20)
    // The two namespaces that really moved have no stable data after their move.
    #expect(json["leftOutNamespaces"] as? [String] == ["identity", "logistics"])
    let namespaces = try #require(json["namespaces"] as? [String])
    #expect(namespaces.count == 4)
    let excluded = try #require(json["excludedMetrics"] as? [String])
    #expect(excluded.contains("xds-pushes-per-proxy"))
    let draws = try #require(json["draws"] as? [[String: Any]])
    #expect(draws.count == 20)
    #expect(draws.compactMap { $0["seed"] as? Int } == Array(1...20))
    for draw in draws {
      let moved = try #require(draw["movedNamespaces"] as? [String])
      #expect(moved.count == 2 && Set(moved).isSubset(of: namespaces))
      #expect((draw["moveTime"] as? String)?.hasSuffix("Z") == true)
      #expect(["promote", "inconclusive", "rollback"].contains(draw["verdict"] as? String))
    }
    let metrics = try #require(json["metrics"] as? [[String: Any]])
    #expect(metrics.map { $0["name"] as? String }.contains("error-rate"))
    // The same seed, the same draws; a later seed, other ones.
    let (again, _) = try Self.calibrate(["--runs", "20", "--seed", "1"])
    #expect(again.stdout == run.stdout)
    let (_, one) = try Self.calibrate(["--runs", "1", "--seed", "3"])
    let first = try #require((one["draws"] as? [[String: Any]])?.first)
    #expect(first["movedNamespaces"] as? [String] == draws[2]["movedNamespaces"] as? [String])
    #expect(first["moveTime"] as? String == draws[2]["moveTime"] as? String)
  }

  /// Each draw judged as `watch --replay` would judge it: look by look, anytime-valid.
  @Test func healthyMeshStaysWithinAlphaUnderTheWatchRules() throws {
    let (run, json) = try Self.calibrate(["--runs", "10", "--seed", "1", "--sequential"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(json["runs"] as? Int == 10)
    #expect(json["flagged"] as? Bool == false)
    #expect(try Self.rate(json) <= 0.05)
    let draws = try #require(json["draws"] as? [[String: Any]])
    #expect(draws.count == 10)
    // Decided draws are promotions; none is a rollback.
    #expect(!draws.contains { $0["verdict"] as? String == "rollback" })
  }

  @Test func tooSensitiveConfigurationIsFlagged() throws {
    let (healthy, healthyJSON) = try Self.calibrate(["--runs", "20", "--seed", "1"])
    #expect(healthy.status == 0)
    // The loader accepts alpha below 0.5 only: 0.49 and no tolerance on any metric.
    let path = try Self.configuration("sensitive.yaml") {
      $0.replacingOccurrences(of: "\nalpha: 0.05\n", with: "\nalpha: 0.49\n")
        .replacingOccurrences(
          of: "allowed(Increase|Decrease): [0-9.]+", with: "allowed$1: 1.0",
          options: .regularExpression)
    }
    let (run, json) = try Self.calibrate(["--runs", "20", "--seed", "1", "--config", path])
    #expect(json["alpha"] as? Double == 0.49)
    #expect(try Self.rate(json) > Self.rate(healthyJSON))
    #expect(try Self.rate(json) > 0.25)
    #expect(json["flagged"] as? Bool == true)
    #expect(run.status == 1, "\(run.stderr)")
    #expect(run.stderr.contains("canary: warning: the measured false-rollback rate"))
    let metrics = try #require(json["metrics"] as? [[String: Any]])
    #expect(metrics.contains { ($0["failures"] as? Int ?? 0) > 0 })
  }

  @Test func pooledComparisonIsFlagged() throws {
    // Unmatched, the pseudo canary's namespaces are compared with everything else: the mix
    // of workloads, not the revision (VERDICT.md §1).
    let path = try Self.configuration("pooled.yaml") {
      $0.replacingOccurrences(of: "\ndesign: auto\n", with: "\ndesign: pooled\n")
    }
    let (run, json) = try Self.calibrate(["--runs", "20", "--seed", "1", "--config", path])
    #expect(json["alpha"] as? Double == 0.05)
    #expect(try Self.rate(json) > 0.2)
    #expect(json["flagged"] as? Bool == true)
    #expect(run.status == 1, "\(run.stderr)")
  }

  @Test func textNamesTheRateAndEveryRun() throws {
    let mesh = try Self.mesh.get()
    let run = try CanaryProcess.run([
      "calibrate", "--db", mesh.db, "--baseline", "stable", "--runs", "3",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.hasPrefix("CALIBRATION: "))
    #expect(run.stdout.contains("false-rollback rate"))
    #expect(run.stdout.contains("95% CI"))
    #expect(run.stdout.contains("left out (data does not cover the range): identity, logistics"))
    let runLines = run.stdout.split(separator: "\n").filter {
      $0.hasPrefix("1 ") || $0.hasPrefix("2 ") || $0.hasPrefix("3 ")
    }
    #expect(runLines.count == 3)
  }

  @Test func errorsExitAsDocumented() throws {
    let mesh = try Self.mesh.get()
    let unknown = try CanaryProcess.run(["calibrate", "--db", mesh.db, "--baseline", "nope"])
    #expect(unknown.status == 66)
    #expect(unknown.stderr.contains("the database holds: canary, stable"))
    let bad = try mesh.scratch.write("bad.yaml", "version: 1\nalpha: 2\nmetrics: []\n")
    let badConfig = try CanaryProcess.run([
      "calibrate", "--db", mesh.db, "--baseline", "stable", "--config", bad,
    ])
    #expect(badConfig.status == 65)
    #expect(badConfig.stderr.contains("bad.yaml:2:"))
    let noRuns = try CanaryProcess.run([
      "calibrate", "--db", mesh.db, "--baseline", "stable", "--runs", "0",
    ])
    #expect(noRuns.status == 64)
    let missing = try CanaryProcess.run([
      "calibrate", "--db", mesh.scratch.path("none.db"), "--baseline", "stable",
    ])
    #expect(missing.status == 66)
    #expect(!FileManager.default.fileExists(atPath: mesh.scratch.path("none.db")))
  }

  @Test(arguments: [
    (["shop", "cart"], 12, "too short"),
    (["shop"], 40, "at least 2 namespaces"),
  ])
  func tooLittleDataExitsTwo(namespaces: [String], minutes: Int, message: String) throws {
    let scratch = try Scratch()
    var csv = "metric,timestamp,value,revision,reporter,namespace,destination_workload\n"
    for namespace in namespaces {
      for second in stride(from: 0, to: minutes * 60, by: 15) {
        csv +=
          "istio_requests_total,\(1_800_000_000 + second),\(second * 10),stable,"
          + "destination,\(namespace),web\n"
      }
    }
    let file = try scratch.write("requests.csv", csv)
    let db = scratch.path("small.db")
    let ingest = try CanaryProcess.run(["ingest", "--db", db, file])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    let run = try CanaryProcess.run(["calibrate", "--db", db, "--baseline", "stable"])
    #expect(run.status == 2, "\(run.stderr)")
    #expect(run.stderr.contains(message), "\(run.stderr)")
  }
}

import Foundation
import Testing

/// `canary watch` against a real Prometheus: replayed from the server's per-workload parts
/// look by look, a simulated migration is decided at the same look, the same way, as the
/// replay of the local database holding the same samples.
@Suite(.serialized) struct WatchPrometheusTests {
  @Test(
    .enabled(if: PrometheusTests.tools != nil || PrometheusTests.isCI, PrometheusTests.skipReason))
  func replayFromTheServerDecidesAsTheLocalReplay() throws {
    let tools = try #require(PrometheusTests.tools, "prometheus/promtool missing and CI=true")
    let scratch = try Scratch()
    let db = try MatchedPrometheusTests.ingestMigration(in: scratch, ["--latency-factor", "1.5"])
    let server = try PrometheusServer.start(
      exporting: db, in: scratch, prometheus: tools.prometheus, promtool: tools.promtool)
    defer { server.stop() }
    let watch = [
      "watch", "--replay", "--baseline", "stable", "--canary", "canary", "--no-save", "--output",
      "json",
    ]
    let local = try CanaryProcess.run(watch + ["--db", db])
    // 50% slower through the canary's proxies.
    #expect(local.status == 1, "\(local.stderr)")
    let mine = try #require(try WatchCommandTests.object(local.stdout)["watch"] as? [String: Any])
    let start = try #require(mine["canaryStart"] as? String)
    let decided = try #require(mine["decidedAt"] as? String)
    let remote = try CanaryProcess.run(
      watch + [
        "--prometheus", server.url, "--db", scratch.path("remote.db"), "--from", start, "--to",
        decided,
      ])
    #expect(remote.status == local.status, "\(remote.stderr)")
    let theirs = try #require(
      try WatchCommandTests.object(remote.stdout)["watch"] as? [String: Any])
    #expect(theirs["decision"] as? String == mine["decision"] as? String)
    #expect(theirs["decidedAt"] as? String == decided)
    let myPath = try #require(mine["path"] as? [[String: Any]])
    let theirPath = try #require(theirs["path"] as? [[String: Any]])
    #expect(myPath.count == theirPath.count)
    for (a, b) in zip(myPath, theirPath) {
      #expect(a["time"] as? String == b["time"] as? String)
      #expect(a["verdict"] as? String == b["verdict"] as? String, "\(a["time"] ?? "")")
      let left = try #require(a["metrics"] as? [[String: Any]])
      let right = try #require(b["metrics"] as? [[String: Any]])
      #expect(left.map { $0["name"] as? String } == right.map { $0["name"] as? String })
      for (x, y) in zip(left, right) {
        #expect(x["classification"] as? String == y["classification"] as? String)
        if let p = x["ratio"] as? Double, let q = y["ratio"] as? Double {
          #expect(abs(p - q) <= 1e-9 * abs(p), "\(x["name"] ?? ""): \(p) vs \(q)")
        }
      }
    }
    // Nothing was written: --no-save with a server leaves no database behind.
    #expect(!FileManager.default.fileExists(atPath: scratch.path("remote.db")))
  }
}

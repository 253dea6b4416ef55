import ArgumentParser
import Workflows

/// `canary pull`: let a remote Prometheus compute every metric's per-step values and store
/// them, so `canary analyze` uses them without raw samples.
struct PullCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pull",
    abstract: "Store the per-step metric values a remote Prometheus computes for two revisions.",
    discussion: """
      For each metric of the configuration and each revision, runs one /api/v1/query_range \
      over the window's step ends with PromQL that equals canary's own derivation, and stores \
      the values; canary analyze then uses them instead of raw samples. Revisions are selected \
      by the revision label (--revision-label, default istio_io_rev) or, with --namespace-map \
      or --namespace-revision, by namespace. Window default: the last hour (--from -1h --to \
      now). TIME is RFC 3339, Unix seconds, or relative to now (-30m, -2h, now). A request is \
      retried after connection errors, timeouts, 429 and 5xx; exit 75 when the server stays \
      unreachable, 65 when it rejects a query. --ca-file is not supported: Foundation's \
      URLSession on Linux cannot trust a custom CA; install the CA in the system store instead.
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var remote: PrometheusOptions

  @OptionGroup var comparison: ComparisonOptions
  @OptionGroup var windows: WindowOptions

  func validate() throws {
    if remote.prometheus == nil && !remote.dryRun {
      throw ValidationError("canary pull needs --prometheus URL")
    }
  }

  func run() throws {
    let workflow = PullWorkflow(
      databasePath: database.resolvedPath, comparison: try comparison.comparison(),
      windows: windows.flags, selection: try remote.selection())
    guard let server = try remote.server(), !remote.dryRun, let url = remote.prometheus else {
      return remote.printQueries(of: try workflow.plan(now: Clock.now()))
    }
    let summary = try workflow.run(server: server, now: Clock.now())
    print("pulled \(summary.queries) queries from \(url): \(summary.values) per-step values stored")
    if !summary.empty.isEmpty {
      Terminal.warning("no data for " + summary.empty.joined(separator: ", "))
    }
  }
}

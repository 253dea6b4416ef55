import ArgumentParser
import Foundation
import Simulation

/// `canary simulate`: write a reproducible scenario as the files a mesh produces.
struct SimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Write a seeded mesh scenario as sidecar and istiod metric dumps.",
    discussion: """
      Side-by-side scenarios: \(Scenario.all.map { "\($0.name) (\($0.expectedVerdict))" }.joined(separator: ", ")). \
      Files: DIR/namespaces.txt (kubectl get namespaces -L istio.io/rev), \
      DIR/sidecar/NS/WORKLOAD-UNIXTIME.prom (port 15090 dumps), \
      DIR/istiod-REV/scrape-UNIXTIME.prom (port 15014 dumps; ingest with --revision REV).

      Migration scenarios: \(MigrationScenario.all.map { "\($0.name) (\($0.expectedVerdict))" }.joined(separator: ", ")). \
      A mesh of --namespaces namespaces runs on stable; after --move-minute minutes --moved \
      namespaces restart onto canary. Files: DIR/sidecar/... and DIR/istiod-REV/... as \
      --layout says (every series labelled istio_io_rev, so `canary ingest DIR/sidecar \
      DIR/istiod-stable DIR/istiod-canary` attributes them), DIR/namespaces-before.txt, \
      DIR/namespaces-after.txt, DIR/migration.json and DIR/migration.txt (the move in Unix \
      seconds). The effect flags change any migration scenario; --latency-median and \
      --autocorrelation shape the mesh itself (the same seed gives the same mesh otherwise).
      """)

  @Option(help: "Scenario name.")
  var scenario: String

  @Option(help: "Directory to write the files into (created).")
  var out: String

  @Option(help: "Seed of the random generator.")
  var seed: UInt64 = 1

  @Option(help: "Simulated window, minutes (default 30; migrations 60).")
  var minutes: Int?

  @Option(help: "Workloads per revision (side-by-side scenarios only).")
  var workloads: Int?

  @OptionGroup(title: "Migration scenarios")
  var migration: MigrationOptions

  func validate() throws {
    if Scenario.named(scenario) == nil && MigrationScenario.named(scenario) == nil {
      let known = Scenario.all.map(\.name) + MigrationScenario.all.map(\.name)
      throw ValidationError(
        "unknown scenario \"\(scenario)\"; known: \(known.joined(separator: ", "))")
    }
    if let minutes, minutes < 1 { throw ValidationError("--minutes must be at least 1") }
    if let workloads, workloads < 1 { throw ValidationError("--workloads must be at least 1") }
    if MigrationScenario.named(scenario) != nil {
      if workloads != nil {
        throw ValidationError("--workloads applies to side-by-side scenarios; use --namespaces")
      }
      try migration.validate(minutes: minutes)
    } else if migration.isSet {
      throw ValidationError(
        "--layout and the migration flags apply to migration scenarios (migration-*) only")
    }
  }

  func run() throws {
    if var chosen = MigrationScenario.named(scenario) {
      if let minutes { chosen.durationSeconds = minutes * 60 }
      migration.apply(to: &chosen)
      let files = try MigrationSimulator(scenario: chosen, seed: seed, layout: migration.layout)
        .write(to: out)
      Terminal.writeError("wrote \(files) files of scenario \(chosen.name) to \(out)\n")
      return
    }
    guard var chosen = Scenario.named(scenario) else { return }
    if let minutes { chosen.durationSeconds = minutes * 60 }
    if let workloads { chosen.workloadsPerRevision = workloads }
    let files = try Simulator(scenario: chosen, seed: seed).write(to: out)
    Terminal.writeError("wrote \(files) files of scenario \(chosen.name) to \(out)\n")
  }
}

extension OutputLayout: ExpressibleByArgument {}

/// The flags of `canary simulate` that shape a migration scenario.
struct MigrationOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "File layout: per-pod (one text file per pod per scrape), per-scrape (one text file per scrape with every pod), single (one OpenMetrics file with timestamps, fastest to ingest).",
      valueName: "layout"))
  var layout: OutputLayout = .perPod

  @Option(help: "Namespaces in the mesh (2-4 workloads each, 1-3 pods per workload).")
  var namespaces: Int?

  @Option(help: "Namespaces that move to the canary.")
  var moved: Int?

  @Option(help: "Minutes from the start to the move (default: half the window).")
  var moveMinute: Int?

  @Option(help: "Scrape interval, seconds.")
  var scrapeSeconds: Int?

  @Flag(
    help:
      "Leave out the istio_io_rev label: attribute by namespaces-before.txt, namespaces-after.txt@MOVE and istiod-REV folders."
  )
  var noRevLabel = false

  @Option(help: "Latency multiplier of requests through canary proxies.")
  var latencyFactor: Double?

  @Option(help: "5xx share multiplier of requests answered through canary proxies.")
  var errorFactor: Double?

  @Option(help: "Share of requests through canary proxies that are --tail-factor times slower.")
  var tailShare: Double?

  @Option(help: "Slowdown of those tail requests.")
  var tailFactor: Double?

  @Option(help: "xDS pushes per proxy of the canary istiod, relative to stable's.")
  var pushFactor: Double?

  @Option(help: "Rejected canary configurations per minute once proxies are connected.")
  var rejectsPerMinute: Double?

  @Option(help: "Minutes after a restart during which a pod is slower and fails more (0: none).")
  var warmupMinutes: Double?

  @Option(
    help: ArgumentHelp(
      "Lag-1 autocorrelation (0 <= RHO < 1) of per-minute multipliers on every workload's latency (log sd 8%) and 5xx share (log sd 30%); 0: none.",
      valueName: "rho"))
  var autocorrelation: Double?

  @Option(
    help: ArgumentHelp(
      "Every workload's median latency at its base load (the rest of the mesh as drawn).",
      valueName: "ms"))
  var latencyMedian: Double?

  /// Whether any migration flag was given.
  var isSet: Bool {
    layout != .perPod || noRevLabel
      || [namespaces, moved, moveMinute, scrapeSeconds].contains { $0 != nil }
      || [
        latencyFactor, errorFactor, tailShare, tailFactor, pushFactor, rejectsPerMinute,
        warmupMinutes, autocorrelation, latencyMedian,
      ].contains { $0 != nil }
  }

  /// Rejects values no mesh could have.
  func validate(minutes: Int?) throws {
    if let namespaces, namespaces < 1 { throw ValidationError("--namespaces must be at least 1") }
    if let moved, moved < 0 || moved > (namespaces ?? 8) {
      throw ValidationError("--moved must lie between 0 and the number of namespaces")
    }
    if let scrapeSeconds, scrapeSeconds < 1 || scrapeSeconds > 300 {
      throw ValidationError("--scrape-seconds must lie between 1 and 300")
    }
    if let moveMinute, moveMinute < 1 || moveMinute >= (minutes ?? 60) {
      throw ValidationError("--move-minute must lie inside the window")
    }
    for (name, value) in [
      ("--latency-factor", latencyFactor), ("--error-factor", errorFactor),
      ("--tail-factor", tailFactor), ("--push-factor", pushFactor),
      ("--latency-median", latencyMedian),
    ] {
      if let value, !(value > 0 && value.isFinite) {
        throw ValidationError("\(name) must be a positive number")
      }
    }
    if let tailShare, !(0...1).contains(tailShare) {
      throw ValidationError("--tail-share must lie between 0 and 1")
    }
    if let autocorrelation, !(autocorrelation >= 0 && autocorrelation < 1) {
      throw ValidationError("--autocorrelation must lie in [0, 1)")
    }
    for (name, value) in [
      ("--rejects-per-minute", rejectsPerMinute), ("--warmup-minutes", warmupMinutes),
    ] {
      if let value, !(value >= 0 && value.isFinite) {
        throw ValidationError("\(name) must be 0 or more")
      }
    }
  }

  /// Applies the flags given to `scenario`.
  func apply(to scenario: inout MigrationScenario) {
    if let namespaces { scenario.namespaces = namespaces }
    if let moved { scenario.movedNamespaces = moved }
    scenario.moveAfterSeconds = (moveMinute ?? scenario.durationSeconds / 120) * 60
    if let scrapeSeconds { scenario.scrapeSeconds = scrapeSeconds }
    if noRevLabel { scenario.revisionLabel = false }
    if let latencyFactor { scenario.latencyFactor = latencyFactor }
    if let errorFactor { scenario.errorFactor = errorFactor }
    if let tailShare { scenario.tailShare = tailShare }
    if let tailFactor { scenario.tailFactor = tailFactor }
    if let pushFactor { scenario.pushFactor = pushFactor }
    if let rejectsPerMinute { scenario.canaryRejectsPerMinute = rejectsPerMinute }
    if let warmupMinutes { scenario.warmupMinutes = warmupMinutes }
    if let autocorrelation { scenario.autocorrelation = autocorrelation }
    if let latencyMedian { scenario.latencyMedian = latencyMedian }
  }
}

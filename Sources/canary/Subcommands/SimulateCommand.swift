import ArgumentParser
import Foundation
import Simulation

/// `canary simulate`: write a reproducible scenario as the files a mesh produces.
struct SimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Write a seeded mesh scenario as sidecar and istiod metric dumps.",
    discussion: """
      Scenarios: \(Scenario.all.map { "\($0.name) (\($0.expectedVerdict))" }.joined(separator: ", ")). \
      Files: DIR/namespaces.txt (kubectl get namespaces -L istio.io/rev), \
      DIR/sidecar/NS/WORKLOAD-UNIXTIME.prom (port 15090 dumps), \
      DIR/istiod-REV/scrape-UNIXTIME.prom (port 15014 dumps; ingest with --revision REV).
      """)

  @Option(help: "Scenario name.")
  var scenario: String

  @Option(help: "Directory to write the files into (created).")
  var out: String

  @Option(help: "Seed of the random generator.")
  var seed: UInt64 = 1

  @Option(help: "Simulated window, minutes.")
  var minutes: Int?

  @Option(help: "Workloads per revision.")
  var workloads: Int?

  func validate() throws {
    guard Scenario.named(scenario) != nil else {
      throw ValidationError(
        "unknown scenario \"\(scenario)\"; known: \(Scenario.all.map(\.name).joined(separator: ", "))"
      )
    }
    if let minutes, minutes < 1 { throw ValidationError("--minutes must be at least 1") }
    if let workloads, workloads < 1 { throw ValidationError("--workloads must be at least 1") }
  }

  func run() throws {
    guard var chosen = Scenario.named(scenario) else { return }
    if let minutes { chosen.durationSeconds = minutes * 60 }
    if let workloads { chosen.workloadsPerRevision = workloads }
    let files = try Simulator(scenario: chosen, seed: seed).write(to: out)
    Terminal.writeError("wrote \(files) files of scenario \(chosen.name) to \(out)\n")
  }
}

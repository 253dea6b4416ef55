import Foundation
import Testing
import Yams

/// The recipes of `docs/pipelines.md`: every shell script in them runs against a stub
/// `canary` (recording its arguments, exiting with a chosen code) with the shell options its
/// runner uses; the YAML blocks are parsed and their structure checked.
@Suite struct PipelineRecipeTests {
  /// The flags every recipe passes to `canary watch`, in order (the report file aside).
  static let watchFlags = [
    "watch", "--prometheus", "http://prometheus.test:9090", "--baseline", "stable", "--canary",
    "canary", "--every", "1m", "--min-duration", "10m", "--max-duration", "1h", "--output",
    "markdown", "--report-file",
  ]

  /// The fenced blocks of the page whose first line is `# recipe: NAME`, by name.
  static func recipes() throws -> [String: String] {
    let page = try String(
      contentsOf: CanaryProcess.root.appendingPathComponent("docs/pipelines.md"), encoding: .utf8)
    var recipes: [String: String] = [:]
    var block: [String]?
    for line in page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if line.hasPrefix("```") {
        if let lines = block, let first = lines.first, first.hasPrefix("# recipe: ") {
          recipes[String(first.dropFirst("# recipe: ".count))] = lines.joined(separator: "\n")
        }
        block = block == nil ? [] : nil
      } else {
        block?.append(line)
      }
    }
    return recipes
  }

  static func recipe(_ name: String) throws -> String {
    try #require(try recipes()[name], "no block '# recipe: \(name)' in docs/pipelines.md")
  }

  /// A mapping of a parsed YAML document.
  static func map(_ value: Any?) throws -> [String: Any] {
    if let map = value as? [String: Any] { return map }
    let any = try #require(
      value as? [AnyHashable: Any], "not a mapping: \(String(describing: value))")
    return Dictionary(uniqueKeysWithValues: any.map { ("\($0.key)", $0.value) })
  }

  static func list(_ value: Any?) throws -> [Any] {
    try #require(value as? [Any], "not a list: \(String(describing: value))")
  }

  /// A folder with the stub `canary` on its `bin/`.
  final class Stub {
    let scratch: Scratch

    init() throws {
      scratch = try Scratch()
      let path = try scratch.write(
        "bin/canary",
        """
        #!/bin/sh
        printf '%s\\n' "$@" > "$CANARY_STUB_ARGS"
        exit "$CANARY_STUB_STATUS"

        """)
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// Runs `arguments` (a shell and its script) with the stub exiting `status`; the exit
    /// status, stdout, the stub's arguments and what the script wrote to `$GITHUB_OUTPUT`.
    func run(_ arguments: [String], stubStatus status: Int32) throws
      -> (status: Int32, stdout: String, arguments: [String], output: String)
    {
      let argsFile = scratch.path("args-\(status)")
      let outputFile = scratch.path("github-output-\(status)")
      try? FileManager.default.removeItem(atPath: argsFile)
      try Data().write(to: URL(fileURLWithPath: outputFile))
      let process = Process()
      process.executableURL = URL(fileURLWithPath: arguments[0])
      process.arguments = Array(arguments.dropFirst())
      process.currentDirectoryURL = scratch.url
      var environment = ProcessInfo.processInfo.environment
      environment["PATH"] = scratch.path("bin") + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
      environment["PROM_URL"] = "http://prometheus.test:9090"
      environment["GITHUB_OUTPUT"] = outputFile
      environment["CANARY_STUB_STATUS"] = String(status)
      environment["CANARY_STUB_ARGS"] = argsFile
      process.environment = environment
      let out = Pipe()
      process.standardOutput = out
      process.standardError = FileHandle.nullDevice
      try process.run()
      let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      let recorded = (try? String(contentsOfFile: argsFile, encoding: .utf8)) ?? ""
      return (
        process.terminationStatus, stdout, recorded.split(separator: "\n").map(String.init),
        try String(contentsOfFile: outputFile, encoding: .utf8)
      )
    }
  }

  static let bash = "/bin/bash"
  static let codes: [Int32] = [0, 1, 2, 75, 65]

  @Test func everyRecipeIsOnThePage() throws {
    let names = try Self.recipes().keys.sorted()
    #expect(
      names == [
        "argo-rollouts", "flagger", "github-actions", "gitlab-ci", "sequential-loop", "shell",
      ])
  }

  /// The loop stops at the first decision, looks again while inconclusive, and gives up with 2.
  @Test func sequentialLoopStopsAtTheFirstDecision() throws {
    let script = "LOOKS=3\nEVERY=0\n" + (try Self.recipe("sequential-loop"))
    let stub = try Stub()
    let expected: [Int32: String] = [
      0: "promote after look 1", 1: "roll back after look 1",
      2: "no decision after 3 looks", 75: "failed to run (exit 75)", 65: "failed to run (exit 65)",
    ]
    #expect(expected.count == Self.codes.count)
    for code in Self.codes {
      let run = try stub.run([Self.bash, "-e", "-c", script], stubStatus: code)
      #expect(run.status == code)
      #expect(run.stdout.contains(expected[code] ?? "?"), "\(code): \(run.stdout)")
      #expect(Array(run.arguments.prefix(2)) == ["analyze", "--sequential"])
      #expect(run.arguments.contains("--canary-to"))
    }
  }

  @Test func shellStepPassesTheExitCodeOn() throws {
    let script = try Self.recipe("shell")
    let stub = try Stub()
    let messages: [Int32: String] = [
      0: "canary: promote", 1: "canary: roll back", 2: "no decision", 75: "retry this step",
      65: "failed to run (exit 65)",
    ]
    #expect(messages.count == Self.codes.count)
    for code in Self.codes {
      let run = try stub.run([Self.bash, "-e", "-c", script], stubStatus: code)
      #expect(run.status == code)
      #expect(run.stdout.contains(messages[code] ?? "?"), "\(code): \(run.stdout)")
      #expect(run.arguments == Self.watchFlags + ["report.md"])
    }
  }

  @Test func githubActionsStepSetsTheVerdict() throws {
    let workflow = try Self.map(try Yams.load(yaml: try Self.recipe("github-actions")))
    let jobs = try Self.map(workflow["jobs"])
    let steps = try Self.list(try Self.map(jobs["judge"])["steps"]).map { try Self.map($0) }
    let judge = try #require(steps.first { $0["id"] as? String == "canary" })
    #expect(judge["shell"] as? String == "bash")
    let script = try #require(judge["run"] as? String)
    let stub = try Stub()
    let verdicts: [Int32: String] = [0: "promote", 1: "rollback", 2: "inconclusive"]
    for code in Self.codes {
      // GitHub's bash steps: bash --noprofile --norc -eo pipefail.
      let run = try stub.run(
        [Self.bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", script], stubStatus: code)
      #expect(run.arguments == Self.watchFlags + ["report.md"])
      if let verdict = verdicts[code] {
        #expect(run.status == 0)
        #expect(run.output == "verdict=\(verdict)\n")
      } else {
        #expect(run.status == code)
        #expect(run.output.isEmpty)
      }
    }
    let conditions = steps.compactMap { $0["if"] as? String }
    #expect(conditions.contains("steps.canary.outputs.verdict == 'promote'"))
    #expect(conditions.contains { $0.contains("'rollback'") && $0.contains("'inconclusive'") })
    let upload = try #require(
      steps.first { ($0["uses"] as? String)?.hasPrefix("actions/upload-artifact") == true })
    #expect(try Self.map(upload["with"])["path"] as? String == "report.md")
  }

  @Test func gitlabJobExitsWithTheVerdict() throws {
    let pipeline = try Self.map(try Yams.load(yaml: try Self.recipe("gitlab-ci")))
    let watch = try Self.map(pipeline["canary-watch"])
    let lines = try Self.list(watch["script"]).compactMap { $0 as? String }
    #expect(lines.count == 1)
    let stub = try Stub()
    for code in Self.codes {
      let run = try stub.run(
        [Self.bash, "-eo", "pipefail", "-c", lines.joined(separator: "\n")], stubStatus: code)
      #expect(run.status == code)
      #expect(run.arguments == Self.watchFlags + ["report.md"])
    }
    let artifacts = try Self.map(watch["artifacts"])
    #expect(artifacts["when"] as? String == "always")
    #expect(try Self.list(artifacts["paths"]).compactMap { $0 as? String } == ["report.md"])
    let promote = try Self.map(pipeline["promote"])
    #expect(try Self.list(promote["needs"]).compactMap { $0 as? String } == ["canary-watch"])
    #expect(promote["when"] == nil)
    let rollBack = try Self.map(pipeline["roll-back"])
    #expect(rollBack["when"] as? String == "on_failure")
  }

  @Test func argoTemplateRunsCanaryWatchAsAJob() throws {
    let documents = try Array(Yams.load_all(yaml: try Self.recipe("argo-rollouts"))).map {
      try Self.map($0)
    }
    #expect(documents.count == 2)
    let template = try #require(documents.first { $0["kind"] as? String == "AnalysisTemplate" })
    #expect(template["apiVersion"] as? String == "argoproj.io/v1alpha1")
    let spec = try Self.map(template["spec"])
    let metric = try Self.map(try Self.list(spec["metrics"]).first)
    #expect(metric["failureLimit"] as? Int == 0)
    let job = try Self.map(try Self.map(try Self.map(metric["provider"])["job"])["spec"])
    #expect(job["backoffLimit"] as? Int == 0)
    #expect((job["activeDeadlineSeconds"] as? Int ?? 0) > 3600)
    let pod = try Self.map(try Self.map(job["template"])["spec"])
    #expect(pod["restartPolicy"] as? String == "Never")
    let container = try Self.map(try Self.list(pod["containers"]).first)
    let command = try Self.list(container["command"]).compactMap { $0 as? String }
    let args = try Self.list(container["args"]).compactMap { $0 as? String }
    #expect(command == ["canary", "watch"])
    // The arguments as the stub receives them, the template's argument filled in.
    let argument = try Self.map(try Self.list(spec["args"]).first)
    let url = try #require(argument["value"] as? String)
    let filled = args.map { $0 == "{{args.\((argument["name"] as? String) ?? "")}}" ? url : $0 }
    #expect(filled.contains(url))
    let stub = try Stub()
    let run = try stub.run([stub.scratch.path("bin/canary")] + ["watch"] + filled, stubStatus: 1)
    #expect(run.status == 1)
    #expect(
      run.arguments.map { $0 == url ? "http://prometheus.test:9090" : $0 }
        == Self.watchFlags + ["/tmp/report.md"])
    let rollout = try #require(documents.first { $0["kind"] as? String == "Rollout" })
    let text = "\(rollout)"
    #expect(text.contains("templateName") && text.contains("canary-watch"))
  }

  @Test func flaggerHooksPassOnlyTheRightVerdicts() throws {
    let canary = try Self.map(try Yams.load(yaml: try Self.recipe("flagger")))
    #expect(canary["apiVersion"] as? String == "flagger.app/v1beta1")
    #expect(canary["kind"] as? String == "Canary")
    let analysis = try Self.map(try Self.map(canary["spec"])["analysis"])
    #expect(analysis["threshold"] as? Int == 1)
    let hooks = try Self.list(analysis["webhooks"]).map { try Self.map($0) }
    #expect(hooks.count == 2)
    // Which exit codes of canary watch each hook answers 2xx for (the load tester runs the
    // command with bash -c and answers 500 when it exits non-zero).
    let passing: [String: Set<Int32>] = ["rollout": [0, 2], "confirm-promotion": [0]]
    #expect(Set(hooks.compactMap { $0["type"] as? String }) == Set(passing.keys))
    let stub = try Stub()
    for hook in hooks {
      let type = try #require(hook["type"] as? String)
      #expect(hook["timeout"] as? String == "65m")
      let metadata = try Self.map(hook["metadata"])
      #expect(metadata["type"] as? String == "bash")
      let command = try #require(metadata["cmd"] as? String)
      #expect(command.contains("canary watch"))
      for code in Self.codes {
        let run = try stub.run([Self.bash, "-c", command], stubStatus: code)
        #expect((run.status == 0) == passing[type]?.contains(code), "\(type) on exit \(code)")
        #expect(run.arguments == Self.watchFlags + ["/tmp/report.md"], "\(type)")
      }
    }
  }
}

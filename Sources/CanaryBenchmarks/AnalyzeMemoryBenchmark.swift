import Foundation

/// `canary analyze` (release build) wall time, CPU time and peak resident memory on the
/// healthy scenario at about 1 M and 20 M stored samples (issue 13: at most 150 MB at 20 M).
///
/// The databases are simulated once each (``AnalyzeBenchmark/prepare()``, the 20 M one takes a
/// few minutes) into the benchmark folder and reused while they exist. Each analysis is a child
/// process under `/usr/bin/time`, which reads its peak RSS from `wait4(2)`.
struct AnalyzeMemoryBenchmark {
  var folder: String
  var binary: String

  /// The sizes measured: hours of 15 s scrapes and workloads per revision.
  static let sizes: [(label: String, hours: Int, workloads: Int)] = [
    ("1 M samples", 1, 64),
    ("20 M samples", 6, 213),
  ]

  /// One `canary analyze` run.
  struct Run {
    var seconds: Double
    var cpuSeconds: Double
    var peakMegabytes: Double
    var verdict: String
  }

  /// Builds each database (once), then analyzes each `rounds` times, the sizes alternated.
  func run(rounds: Int) throws {
    let databases = try Self.sizes.map { size in
      let bench = AnalyzeBenchmark(
        folder: folder, binary: binary, hours: size.hours, workloads: size.workloads)
      try bench.prepare()
      return (size.label, bench.databasePath)
    }
    for round in 1...rounds {
      for (label, path) in databases {
        let run = try analyze(path)
        print(
          String(
            format:
              "analyze memory round %d, %@ (%@): %.2f s (CPU %.2f s), peak RSS %.1f MB, verdict %@",
            round, label, path, run.seconds, run.cpuSeconds, run.peakMegabytes, run.verdict))
      }
    }
  }

  /// `canary analyze --no-save --output json` on `path` under `/usr/bin/time`.
  func analyze(_ path: String) throws -> Run {
    let child = MeasuredProcess(
      executable: binary,
      arguments: [
        "analyze", "--db", path, "--baseline", "stable", "--canary", "canary", "--no-save",
        "--output", "json",
      ],
      measuresFile: "\(folder)/analyze-rss.txt")
    let run = try child.run()
    let report = (try? JSONSerialization.jsonObject(with: run.output)) as? [String: Any]
    guard let cpu = run.cpuSeconds, let peak = run.peakMegabytes else {
      return Run(
        seconds: run.seconds, cpuSeconds: 0, peakMegabytes: 0,
        verdict: "not measured (exit \(run.status))")
    }
    return Run(
      seconds: run.seconds, cpuSeconds: cpu, peakMegabytes: peak,
      verdict: report?["verdict"] as? String ?? "exit \(run.status)")
  }
}

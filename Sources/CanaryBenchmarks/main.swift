import Foundation

// `make bench`: prints measured figures. Never run by `make test`; nothing here asserts a time.
//
//   CanaryBenchmarks [--samples N] [--folder DIR] [--rounds N] [--baseline CANARY]
//                    [--only parse|ingest|ingest-cold|analyze|analyze-memory|statistics]
//
// --baseline: another canary binary (say main's release build) whose ingest is measured in the
// same rounds, right after this build's on each shape.

var samples = 1_100_000
var folder = "bench-data"
var only: String?
var rounds = 2
var baseline: String?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
  switch argument {
  case "--samples": samples = Int(arguments.next() ?? "") ?? samples
  case "--folder": folder = arguments.next() ?? folder
  case "--only": only = arguments.next()
  case "--rounds": rounds = Int(arguments.next() ?? "") ?? rounds
  case "--baseline": baseline = arguments.next()
  default:
    FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
    exit(64)
  }
}

let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  .appendingPathComponent("canary").path

let bench = IngestBenchmark(
  samples: samples, folder: folder, binary: binary, baseline: baseline)
if only == nil || only == "parse" {
  // The parser alone, on the same file the ingest figure uses.
  do {
    runParserBenchmarks(path: try bench.input().path)
  } catch {
    print("parser benchmark failed: \(error)")
  }
}
if only == nil || only == "ingest" {
  do {
    try bench.run(rounds: rounds)
  } catch {
    print("ingest benchmark failed: \(error)")
  }
}
if only == nil || only == "ingest" || only == "ingest-cold" {
  do {
    try ColdIngestBenchmark(bench: bench).run(rounds: rounds)
  } catch {
    print("cold ingest benchmark failed: \(error)")
  }
}
if only == nil || only == "analyze" {
  do {
    try AnalyzeBenchmark(folder: folder, binary: binary).run()
    try MigrationAnalyzeBenchmark(folder: folder, binary: binary).run()
  } catch {
    print("analyze benchmark failed: \(error)")
  }
}
if only == nil || only == "analyze" || only == "analyze-memory" {
  do {
    try AnalyzeMemoryBenchmark(folder: folder, binary: binary).run(rounds: rounds)
  } catch {
    print("analyze memory benchmark failed: \(error)")
  }
}
if only == nil || only == "statistics" {
  runStatisticsBenchmarks()
}

import Foundation

// `make bench`: prints measured figures. Never run by `make test`; nothing here asserts a time.
//
//   CanaryBenchmarks [--samples N] [--folder DIR] [--only ingest|statistics]

var samples = 1_100_000
var folder = "bench-data"
var only: String?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
  switch argument {
  case "--samples": samples = Int(arguments.next() ?? "") ?? samples
  case "--folder": folder = arguments.next() ?? folder
  case "--only": only = arguments.next()
  default:
    FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
    exit(64)
  }
}

let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  .appendingPathComponent("canary").path

if only == nil || only == "ingest" {
  let bench = IngestBenchmark(samples: samples, folder: folder, binary: binary)
  do {
    try bench.run()
  } catch {
    print("ingest benchmark failed: \(error)")
  }
}

import Foundation
import Ingestion

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The same three shapes as ``IngestBenchmark`` read from the disk instead of the page
/// cache: before each run every file of the shape is dropped from the cache
/// (`posix_fadvise(POSIX_FADV_DONTNEED)`, no privileges needed), as for a directory of scrapes
/// copied in long before, or a machine that has just started. Only first ingests into a fresh
/// database; each directory's rate is set against the same round's cold one-file rate.
struct ColdIngestBenchmark {
  let bench: IngestBenchmark

  func run(rounds: Int) throws {
    let corpus = IngestCorpus(samples: bench.samples, folder: bench.folder)
    let shapes = [
      ("one OpenMetrics file, cold", try bench.input().path),
      ("file per scrape and revision, cold", try corpus.scrapeDirectory()),
      ("file per pod and scrape, cold", try corpus.podDirectory()),
    ]
    let binaries = [("", bench.binary)] + (bench.baseline.map { [(" [baseline]", $0)] } ?? [])
    var shares: [String: [Double]] = [:]
    var rates: [String: [Double]] = [:]
    for round in 1...rounds {
      var oneFile: [String: Double] = [:]
      let order = round % 2 == 1 ? binaries : binaries.reversed()
      for (shape, path) in shapes {
        for (label, executable) in order {
          let name = shape + label
          let files = Self.evict(path)
          guard files.evicted else {
            print("cold round \(round), \(name): the files stay cached (a file system in memory?)")
            continue
          }
          let db = "\(bench.folder)/bench.db"
          for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: db + suffix)
          }
          let run = try bench.ingest(path, into: db, binary: executable)
          let rate = Double(run.samples) / run.seconds
          if shape == shapes[0].0 { oneFile[executable] = rate }
          let share = rate / (oneFile[executable] ?? rate)
          shares[name, default: []].append(share)
          rates[name, default: []].append(rate)
          print(
            String(
              format:
                "ingest cold round %d, %@: %d files dropped from the page cache, %d samples in %.2f s (CPU %.2f s): %.0f samples/s (%.0f%% of the cold one file), peak RSS %.1f MB (exit %d)",
              round, name, files.count, run.samples, run.seconds, run.cpuSeconds, rate,
              100 * share, run.peakMegabytes, run.status))
        }
      }
    }
    for (shape, _) in shapes {
      for (label, _) in binaries {
        let name = shape + label
        guard let values = rates[name], let share = shares[name] else { continue }
        print(
          String(
            format:
              "summary, %@, %d rounds: median %.0f samples/s (%.0f-%.0f), %.0f%% of the cold one file",
            name, values.count, median(values), values.min()!, values.max()!,
            100 * median(share)))
      }
    }
  }

  private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }

  /// Drops the file `path`, or every file below the directory `path`, from the page cache
  /// (written back first); `evicted` when the first of them is no longer cached afterwards.
  static func evict(_ path: String) -> (count: Int, evicted: Bool) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return (0, false)
    }
    var files = [path]
    if isDirectory.boolValue {
      let names = FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []
      files = names.map { "\(path)/\($0)" }.filter { file in
        var status = stat()
        return stat(file, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
      }
    }
    var evicted = false
    for (index, file) in files.enumerated() {
      let descriptor = open(file, O_RDONLY)
      guard descriptor >= 0 else { continue }
      defer { close(descriptor) }
      let dropped = PageCache.drop(descriptor: descriptor)
      if index == 0 { evicted = dropped }
    }
    return (files.count, evicted)
  }
}

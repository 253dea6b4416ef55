import Foundation
import Simulation

/// End-to-end ingest throughput and memory: `canary ingest` (release build) on the same
/// Istio-shaped samples as one OpenMetrics file and as two per-scrape directories
/// (``IngestCorpus``), first into a fresh database and then again, each run a separate process
/// under `/usr/bin/time` so its peak resident memory can be read.
struct IngestBenchmark {
  /// Samples to generate.
  var samples: Int
  /// Where the generated file and database go.
  var folder: String
  /// The `canary` binary to run.
  var binary: String
  /// Another `canary` binary (`--baseline`, e.g. main's build) measured in the same rounds,
  /// right after `binary` on each shape.
  var baseline: String?

  /// Generates the input (once; reused while its size matches) and returns its path and size.
  func input() throws -> (path: String, bytes: Int) {
    let path = "\(folder)/istio-\(samples)-v2.om"
    if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > 0 {
      return (path, size)
    }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else {
      throw CocoaError(.fileWriteUnknown)
    }
    defer { try? handle.close() }
    var buffer = ""
    var bytes = 0
    func emit(_ text: String) {
      buffer += text
      if buffer.utf8.count > 4 << 20 {
        bytes += buffer.utf8.count
        handle.write(Data(buffer.utf8))
        buffer = ""
      }
    }
    // 50 workloads per revision, 2 response codes and a 19-bucket histogram each: 2 x 50 x 24
    // series; as many 15 s steps as it takes to reach `samples`. Families grouped, each series'
    // points in time order, as OpenMetrics backfill files are written.
    let workloads = 50
    let seriesPerWorkload = 2 + IstioLabels.durationBuckets.count + 3
    let steps = max(1, samples / (2 * workloads * seriesPerWorkload))
    let start: Int64 = 1_788_220_800
    // A dozen of Istio's standard labels plus the scrape's target labels: about 580 bytes a
    // line on average, the shape of the issue's reference file (640 MB for 1.1 M samples).
    // The same pods and labels as the directory shapes (`IngestCorpus`).
    let corpus = IngestCorpus(samples: samples, folder: folder)
    let pods = (0..<corpus.pods).map(corpus.labels(ofPod:))
    emit("# TYPE istio_requests counter\n")
    for pod in pods {
      for code in ["200", "503"] {
        let labels = "\(pod),response_code=\"\(code)\""
        for step in 0..<steps {
          let value = code == "200" ? step * 370 : step / 3
          emit("istio_requests_total{\(labels)} \(value) \(start + Int64(step * 15))\n")
        }
      }
    }
    emit("# TYPE istio_request_duration_milliseconds histogram\n")
    for pod in pods {
      let labels = "\(pod),response_code=\"200\""
      for step in 0..<steps {
        let ts = start + Int64(step * 15)
        for (index, bucket) in IstioLabels.durationBuckets.enumerated() {
          let count = step * min(370, 20 * (index + 1))
          emit(
            "istio_request_duration_milliseconds_bucket{\(labels),le=\"\(bucket.text)\"} \(count) \(ts)\n"
          )
        }
        emit(
          "istio_request_duration_milliseconds_bucket{\(labels),le=\"+Inf\"} \(step * 370) \(ts)\n")
        emit("istio_request_duration_milliseconds_count{\(labels)} \(step * 370) \(ts)\n")
        emit("istio_request_duration_milliseconds_sum{\(labels)} \(Double(step) * 4321.5) \(ts)\n")
      }
    }
    emit("# EOF\n")
    bytes += buffer.utf8.count
    handle.write(Data(buffer.utf8))
    return (path, bytes)
  }

  /// One `canary ingest` run: what it stored, how long it took, its peak resident memory.
  struct Run {
    var samples: Int
    var duplicates: Int
    var files: Int
    var seconds: Double
    /// User and system CPU time of the process.
    var cpuSeconds: Double
    var peakMegabytes: Double
    var status: Int32
  }

  /// Runs `canary ingest` on `path` into `db` under `/usr/bin/time` (for the peak RSS), with
  /// `CANARY_INGEST_THREADS=threads` when given.
  func ingest(
    _ path: String, into db: String, threads: Int? = nil, binary: String? = nil,
    reread: Bool = false
  ) throws -> Run {
    let child = MeasuredProcess(
      executable: binary ?? self.binary,
      arguments: ["ingest", "--db", db, "--output", "json"] + (reread ? ["--reread"] : [])
        + [path],
      environment: threads.map { ["CANARY_INGEST_THREADS": String($0)] } ?? [:],
      measuresFile: "\(folder)/rss.txt")
    let run = try child.run()
    let summary = (try? JSONSerialization.jsonObject(with: run.output)) as? [String: Any]
    return Run(
      samples: summary?["samples"] as? Int ?? 0, duplicates: summary?["duplicates"] as? Int ?? 0,
      files: summary?["files"] as? Int ?? 0, seconds: run.seconds, cpuSeconds: run.cpuSeconds ?? 0,
      peakMegabytes: run.peakMegabytes ?? 0, status: run.status)
  }

  /// Ingests each shape of the same samples into a fresh database, then again (every sample a
  /// duplicate), `rounds` times with the shapes alternated; each directory shape with the
  /// default parser workers and then on one parser thread (`CANARY_INGEST_THREADS=0`, as
  /// before the workers), side by side in the same round. Each round ends with the one file
  /// ingested once more: a shape's share of the one-file rate is taken against the mean of
  /// the round's two one-file rates, which bracket it (this VM's speed drifts by a third
  /// within a minute). Prints the figures, then their medians.
  func run(rounds: Int) throws {
    let corpus = IngestCorpus(samples: samples, folder: folder)
    let oneFilePath = try input().path
    let shapes: [(name: String, path: String, threads: [Int?])] = [
      ("one OpenMetrics file", oneFilePath, [nil]),
      ("file per scrape and revision", try corpus.scrapeDirectory(), [nil, 0]),
      ("file per pod and scrape", try corpus.podDirectory(), [nil, 0]),
    ]
    // An ingest does not remember files changed in the two seconds before it: let a corpus
    // just written settle, as a collector's files have by the time they are ingested.
    Thread.sleep(forTimeInterval: 2.5)
    let binaries = [("", binary)] + (baseline.map { [(" [baseline]", $0)] } ?? [])
    var figures: [(name: String, round: Int, figure: Figure)] = []
    for round in 1...rounds {
      var measured: [(name: String, executable: String, figure: Figure)] = []
      // Per binary: the round's one-file runs (rate, CPU per sample).
      var oneFile: [String: [(rate: Double, cpuPerSample: Double)]] = [:]
      let order = round % 2 == 1 ? binaries : binaries.reversed()
      for shape in shapes {
        // Each shape read whole just before it is ingested: this VM empties the page cache of
        // files left idle, and whichever run came first on a shape paid for reading it from
        // disk. With a baseline, the binaries take turns going first.
        try Self.read(shape.path)
        for threads in shape.threads {
          for (label, executable) in order {
            let name = shape.name + (threads == 0 ? ", one parser thread" : "") + label
            let figure = try measure(
              name, path: shape.path, threads: threads, round: round, binary: executable,
              against: oneFile[executable]?.first)
            if shape.path == oneFilePath {
              oneFile[executable, default: []].append((figure.rate, figure.cpuPerSample))
            }
            measured.append((name, executable, figure))
          }
        }
      }
      try Self.read(oneFilePath)
      for (label, executable) in order {
        let closing = try closingRun(
          oneFilePath, round: round, binary: executable, label: label)
        oneFile[executable, default: []].append(closing)
      }
      for entry in measured {
        var figure = entry.figure
        let runs = oneFile[entry.executable] ?? []
        let reference = runs.map(\.rate).reduce(0, +) / Double(max(runs.count, 1))
        figure.shareOfOneFile = figure.rate / reference
        figures.append((entry.name, round, figure))
        if entry.name.hasPrefix(shapes[0].name) { continue }
        print(
          String(
            format: "share round %d, %@: %.0f%% of the round's mean one-file rate (%.0f samples/s)",
            round, entry.name, 100 * figure.shareOfOneFile, reference))
      }
    }
    Self.summarize(figures, rounds: rounds)
  }

  /// The round's closing one-file ingest (into a fresh database; no re-ingest): its rate and
  /// CPU per sample.
  private func closingRun(_ path: String, round: Int, binary: String, label: String) throws
    -> (rate: Double, cpuPerSample: Double)
  {
    let db = "\(folder)/bench.db"
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: db + suffix)
    }
    let run = try ingest(path, into: db, binary: binary)
    let rate = Double(run.samples) / run.seconds
    print(
      String(
        format:
          "ingest round %d, one OpenMetrics file again%@: %d samples in %.2f s (CPU %.2f s): %.0f samples/s, peak RSS %.1f MB (exit %d)",
        round, label, run.samples, run.seconds, run.cpuSeconds, rate, run.peakMegabytes,
        run.status))
    return (rate, run.cpuSeconds / Double(max(run.samples, 1)))
  }

  /// Reads the file `path`, or every file below the directory `path`, to the end.
  static func read(_ path: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
    var files = [path]
    if isDirectory.boolValue {
      let names = FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []
      files = names.map { "\(path)/\($0)" }
    }
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    for file in files {
      let descriptor = open(file, O_RDONLY)
      guard descriptor >= 0 else { continue }
      defer { close(descriptor) }
      while buffer.withUnsafeMutableBytes({ Foundation.read(descriptor, $0.baseAddress, $0.count) })
        > 0
      {}
    }
  }

  /// What one shape's first ingest and re-ingest gave in one round.
  struct Figure {
    var rate: Double
    var cpuPerSample: Double
    /// The rate against the round's one-file rate of the same binary.
    var shareOfOneFile: Double
    var peakMegabytes: Double
    /// The re-ingest's time against the first ingest's.
    var again: Double
  }

  /// Prints, per shape, the medians over the rounds (the first left out when there are three
  /// or more: it reads the inputs into the page cache, which this machine also empties when
  /// they sit idle), with their lowest and highest.
  private static func summarize(
    _ figures: [(name: String, round: Int, figure: Figure)], rounds: Int
  ) {
    let first = rounds >= 3 ? 2 : 1
    var names: [String] = []
    for entry in figures where !names.contains(entry.name) { names.append(entry.name) }
    func median(_ values: [Double]) -> Double {
      let sorted = values.sorted()
      let middle = sorted.count / 2
      return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
    func spread(_ values: [Double], _ format: String) -> String {
      String(
        format: "\(format) (\(format)-\(format))", median(values), values.min()!, values.max()!)
    }
    func figuresNamed(_ name: String) -> [Figure] {
      figures.filter { $0.name == name && $0.round >= first }.map(\.figure)
    }
    for name in names {
      let kept = figuresNamed(name)
      guard !kept.isEmpty else { continue }
      // The same binary's one-file runs: their median rate, which this shape's is set against.
      let oneFile = figuresNamed(
        (names.first ?? name) + (name.hasSuffix(" [baseline]") ? " [baseline]" : ""))
      let medians =
        oneFile.isEmpty
        ? ""
        : String(
          format: " (median rate %.0f%% of the median one-file rate)",
          100 * median(kept.map(\.rate)) / median(oneFile.map(\.rate)))
      print(
        "summary, \(name), rounds \(first)-\(rounds): median "
          + spread(kept.map { 100 * $0.shareOfOneFile }, "%.0f%%")
          + " of the round's one-file rate, "
          + spread(kept.map(\.rate), "%.0f") + " samples/s" + medians + ", re-ingest "
          + spread(kept.map(\.again), "%.2f") + " of the first, peak RSS up to "
          + String(format: "%.1f MB", kept.map(\.peakMegabytes).max() ?? 0))
    }
  }

  /// One first ingest and one re-ingest of `path` into a fresh database, printed; returns the
  /// first ingest's samples per second and CPU seconds per sample, its share of the one-file
  /// figures in `against` (when given, printed too) and the re-ingest's time against it.
  private func measure(
    _ name: String, path: String, threads: Int?, round: Int, binary: String,
    against oneFile: (rate: Double, cpuPerSample: Double)?
  ) throws -> Figure {
    let db = "\(folder)/bench.db"
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: db + suffix)
    }
    let first = try ingest(path, into: db, threads: threads, binary: binary)
    let again = try ingest(path, into: db, threads: threads, binary: binary)
    // The same files read again whole, every sample checked as a duplicate (a baseline
    // binary without --reread reads them in `again` already).
    let reread =
      binary == self.binary
      ? try ingest(path, into: db, threads: threads, binary: binary, reread: true) : nil
    let rate = Double(first.samples) / first.seconds
    let cpuPerSample = first.cpuSeconds / Double(max(first.samples, 1))
    print(
      String(
        format:
          "ingest round %d, %@: %d files, %d samples in %.2f s (CPU %.2f s, %.2f s per M samples): %.0f samples/s (%.0f%% of one file, CPU per sample %.2fx), peak RSS %.1f MB (exit %d)",
        round, name, first.files, first.samples, first.seconds, first.cpuSeconds,
        cpuPerSample * 1e6, rate, 100 * rate / (oneFile?.rate ?? rate),
        cpuPerSample / (oneFile?.cpuPerSample ?? cpuPerSample), first.peakMegabytes,
        first.status))
    print(Self.again("re-ingest", round: round, name: name, run: again, first: first))
    if let reread {
      print(
        Self.again("re-read", round: round, name: name + " (--reread)", run: reread, first: first))
    }
    return Figure(
      rate: rate, cpuPerSample: cpuPerSample, shareOfOneFile: rate / (oneFile?.rate ?? rate),
      peakMegabytes: first.peakMegabytes, again: again.seconds / first.seconds)
  }

  /// The line of a second ingest of the same input (`what`: re-ingest, re-read), set against
  /// the first.
  private static func again(_ what: String, round: Int, name: String, run: Run, first: Run)
    -> String
  {
    String(
      format:
        "%@ round %d, %@: %d duplicates in %.2f s (CPU %.2f s): %.2f of the first ingest (CPU %.2f), peak RSS %.1f MB (exit %d)",
      what, round, name, run.duplicates, run.seconds, run.cpuSeconds, run.seconds / first.seconds,
      run.cpuSeconds / max(first.cpuSeconds, 0.001), run.peakMegabytes, run.status)
  }
}

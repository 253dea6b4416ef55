/// Turns scraped metric families into the files of one output layout, handing each file to a
/// sink as it completes (per pod and per scrape), or at the end (single).
struct ScrapeWriter {
  /// The layout written.
  var layout: OutputLayout
  /// Per-scrape layout: the current scrape's families per folder, merged by family name.
  private var pending: [(folder: String, families: [MetricFamily])] = []
  /// Single layout: every folder's samples, grouped by family and series.
  private var accumulators: [(folder: String, accumulator: OpenMetricsAccumulator)] = []

  /// Creates a writer for `layout`.
  init(layout: OutputLayout) {
    self.layout = layout
  }

  /// Adds one scrape of one endpoint: `folder` is `sidecar` or `istiod-REV`, `source` the
  /// per-pod file stem (`NS/POD`, `scrape`).
  mutating func add(
    folder: String, source: String, time: Int64, families: [MetricFamily],
    to sink: inout some FileSink
  ) throws {
    switch layout {
    case .perPod:
      try sink.write(path: "\(folder)/\(source)-\(time).prom", families: families)
    case .perScrape:
      var index = pending.firstIndex { $0.folder == folder }
      if index == nil {
        pending.append((folder, []))
        index = pending.count - 1
      }
      guard let index else { return }
      Self.merge(families, into: &pending[index].families)
    case .single:
      var index = accumulators.firstIndex { $0.folder == folder }
      if index == nil {
        accumulators.append((folder, OpenMetricsAccumulator()))
        index = accumulators.count - 1
      }
      guard let index else { return }
      accumulators[index].accumulator.add(families, time: time)
    }
  }

  /// Ends the scrape at `time`: the per-scrape layout writes its files.
  mutating func endScrape(time: Int64, to sink: inout some FileSink) throws {
    guard layout == .perScrape else { return }
    for (folder, families) in pending {
      try sink.write(path: "\(folder)/scrape-\(time).prom", families: families)
    }
    pending.removeAll()
  }

  /// Ends the simulation: the single layout writes its files.
  mutating func finish(to sink: inout some FileSink) throws {
    guard layout == .single else { return }
    for (folder, accumulator) in accumulators {
      try sink.open("\(folder)/\(folder).om")
      try accumulator.render { try sink.append($0) }
      try sink.close()
    }
    accumulators.removeAll()
  }

  /// Appends `families` to `merged`, joining the samples of families of the same name (a
  /// Prometheus text file lists each family once, with its lines together).
  static func merge(_ families: [MetricFamily], into merged: inout [MetricFamily]) {
    for family in families {
      if let index = merged.firstIndex(where: { $0.name == family.name }) {
        merged[index].samples += family.samples
      } else {
        merged.append(family)
      }
    }
  }
}

/// Where simulated files go: a folder on disk, or a visitor in memory. One file is open at a
/// time; its text arrives in consecutive chunks.
protocol FileSink {
  /// Starts the file at `path` (relative to the output folder).
  mutating func open(_ path: String) throws
  /// Appends text to the open file.
  mutating func append(_ text: String) throws
  /// Ends the open file.
  mutating func close() throws
}

extension FileSink {
  /// Writes one Prometheus text file of `families`.
  mutating func write(path: String, families: [MetricFamily]) throws {
    try open(path)
    try append(families.map(\.prometheusText).joined())
    try close()
  }
}

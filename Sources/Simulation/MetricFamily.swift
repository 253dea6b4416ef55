/// One metric family of a scrape: its `# HELP` and `# TYPE` lines and its samples, in the
/// order an exposition lists them.
struct MetricFamily {
  /// The family name of the `# TYPE` line, as Prometheus text 0.0.4 writes it.
  var name: String
  /// `counter`, `gauge` or `histogram`.
  var type: String
  /// The `# HELP` text, when the endpoint writes one.
  var help: String?
  /// The samples, in exposition order.
  var samples: [MetricSample] = []

  /// One sample line: its name, its label text inside `{}` (empty for none) and its value.
  struct MetricSample {
    var name: String
    var labels: String
    var value: Double

    /// `name{labels}`, or the bare name without labels: the series' identity in a scrape.
    var series: String { labels.isEmpty ? name : "\(name){\(labels)}" }
  }

  /// Appends a sample.
  mutating func add(_ name: String, _ labels: String, _ value: Double) {
    samples.append(MetricSample(name: name, labels: labels, value: value))
  }

  /// Appends a histogram's cumulative buckets, `_sum` and `_count` for one label set.
  ///
  /// `counts[i]` holds the observations that fell in bucket `i` alone (the last one past the
  /// largest bound); the lines carry the running sums, as Prometheus histograms do.
  mutating func addHistogram(
    labels: String, bounds: [String], counts: [Double], sum: Double
  ) {
    let separator = labels.isEmpty ? "" : ","
    var running = 0.0
    for (index, bound) in bounds.enumerated() {
      running += counts[index]
      add("\(name)_bucket", "\(labels)\(separator)le=\"\(bound)\"", running)
    }
    let total = counts.reduce(0, +)
    add("\(name)_bucket", "\(labels)\(separator)le=\"+Inf\"", total)
    add("\(name)_sum", labels, sum)
    add("\(name)_count", labels, total)
  }

  /// The family in Prometheus text 0.0.4, without timestamps.
  var prometheusText: String {
    var out = ""
    if let help { out += "# HELP \(name) \(help)\n" }
    out += "# TYPE \(name) \(type)\n"
    for sample in samples { out += "\(sample.series) \(format(sample.value))\n" }
    return out
  }

  /// The unit an OpenMetrics `# UNIT` line gives the family, when its name ends in one. Besides
  /// being metadata, it marks the file as OpenMetrics in its first lines for format detection
  /// (istiod's first families are `go_goroutines`, then `process_resident_memory_bytes`).
  var unit: String? {
    let base = type == "counter" && name.hasSuffix("_total") ? String(name.dropLast(6)) : name
    return ["seconds", "bytes", "milliseconds"].first { base.hasSuffix("_\($0)") }
  }

  /// The family name of the OpenMetrics `# TYPE` line: a counter family drops the `_total`
  /// its samples carry. Counters Istio names without `_total` (`pilot_xds_pushes`) keep their
  /// name, as Prometheus' scraper accepts, so every layout stores the same series.
  var openMetricsName: String {
    type == "counter" && name.hasSuffix("_total") ? String(name.dropLast(6)) : name
  }
}

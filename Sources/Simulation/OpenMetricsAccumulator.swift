import Foundation

/// Collects every scrape of one source and writes it as one OpenMetrics file with timestamps:
/// each family once, each metric (a label set; a histogram's buckets, `_sum` and `_count`
/// together) with its points in time order, as OpenMetrics requires.
struct OpenMetricsAccumulator {
  /// One family's metrics in first-seen order.
  fileprivate struct FamilyPoints {
    var family: MetricFamily
    var metricIndex: [String: Int] = [:]
    var metrics: [MetricPoints] = []
  }

  /// One metric: the sample names and labels of a point, and every point's time and values.
  fileprivate struct MetricPoints {
    var template: [(name: String, labels: String)] = []
    var times: [Int64] = []
    var values: [Double] = []
  }

  private var order: [String] = []
  private var families: [String: FamilyPoints] = [:]

  /// Adds one scrape's families at `time` (Unix seconds).
  mutating func add(_ scraped: [MetricFamily], time: Int64) {
    for family in scraped {
      if families[family.name] == nil {
        order.append(family.name)
        families[family.name] = FamilyPoints(
          family: MetricFamily(
            name: family.name, type: family.type, help: family.help))
      }
      families[family.name]?.add(family, time: time)
    }
  }

  /// Writes the file's text in chunks of about a megabyte, ending with `# EOF`.
  func render(_ emit: (String) throws -> Void) throws {
    var buffer = ""
    for name in order {
      guard let points = families[name] else { continue }
      let family = points.family
      if let help = family.help { buffer += "# HELP \(family.openMetricsName) \(help)\n" }
      buffer += "# TYPE \(family.openMetricsName) \(family.type)\n"
      if let unit = family.unit { buffer += "# UNIT \(family.openMetricsName) \(unit)\n" }
      for metric in points.metrics {
        let width = metric.template.count
        for (point, time) in metric.times.enumerated() {
          for (offset, sample) in metric.template.enumerated() {
            let value = format(metric.values[point * width + offset])
            let series = sample.labels.isEmpty ? sample.name : "\(sample.name){\(sample.labels)}"
            buffer += "\(series) \(value) \(time)\n"
          }
          if buffer.utf8.count > 1 << 20 {
            try emit(buffer)
            buffer = ""
          }
        }
      }
    }
    buffer += "# EOF\n"
    try emit(buffer)
  }
}

extension OpenMetricsAccumulator.FamilyPoints {
  /// Adds one scrape of this family: samples of one metric are consecutive in `family`.
  mutating func add(_ scraped: MetricFamily, time: Int64) {
    var current: Int?
    var currentKey: String?
    for sample in scraped.samples {
      let key = metricKey(sample)
      if key != currentKey {
        currentKey = key
        if let index = metricIndex[key] {
          current = index
          metrics[index].times.append(time)
        } else {
          metricIndex[key] = metrics.count
          current = metrics.count
          metrics.append(.init(times: [time]))
        }
      }
      guard let current else { continue }
      if metrics[current].times.count == 1 {
        metrics[current].template.append((sample.name, sample.labels))
      }
      metrics[current].values.append(sample.value)
    }
  }

  /// The labels that name a sample's metric: a histogram bucket's without its `le`.
  private func metricKey(_ sample: MetricFamily.MetricSample) -> String {
    guard family.type == "histogram", sample.name.hasSuffix("_bucket"),
      let range = sample.labels.range(of: "le=\"", options: .backwards)
    else { return sample.labels }
    var end = range.lowerBound
    if end > sample.labels.startIndex {
      let before = sample.labels.index(before: end)
      if sample.labels[before] == "," { end = before }
    }
    return String(sample.labels[..<end])
  }
}

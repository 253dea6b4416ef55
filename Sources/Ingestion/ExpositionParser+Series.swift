import MetricModel

extension ExpositionParser {
  /// Parses and validates a series seen for the first time: its name, family and labels.
  mutating func describeSeries(
    _ bytes: UnsafePointer<UInt8>, nameStart: Int, nameEnd: Int, labelStart: Int, keyEnd: Int,
    count: Int
  ) throws -> SeriesDescriptor {
    // A line starting with `{` names its metric inside the braces (`{"a.b",c="d"}`).
    let braceFirst = nameEnd == nameStart && labelStart == nameStart && allowsQuotedNames
    var name = ""
    if nameEnd > nameStart && bytes[nameStart] == TextBytes.quote && allowsQuotedNames {
      var cursor = nameStart
      name = try quotedText(bytes, quoteAt: nameStart, end: nameEnd, what: "metric name", &cursor)
      if name.isEmpty { throw failure(at: nameStart, "empty quoted metric name") }
    } else if !braceFirst {
      guard nameEnd > nameStart, TextBytes.isMetricNameStart(bytes[nameStart]) else {
        throw failure(
          at: nameStart,
          "invalid metric name starting with \"\(TextBytes.shown(bytes[nameStart]))\" "
            + "(names match [a-zA-Z_:][a-zA-Z0-9_:]* or are quoted)")
      }
      name = String(
        decoding: UnsafeBufferPointer(start: bytes + nameStart, count: nameEnd - nameStart),
        as: UTF8.self)
    }
    if labelStart > nameEnd && strict && dialect == .openMetrics {
      throw failure(at: nameEnd, "space between metric name and label set (OpenMetrics)")
    }
    var labels: [Label] = []
    if labelStart >= 0 {
      let set = try parseLabelSet(
        bytes, open: labelStart, end: keyEnd, canonicalNumbers: true, acceptsMetricName: braceFirst)
      labels = set.labels
      if braceFirst {
        guard let inside = set.metricName else {
          throw failure(
            at: labelStart,
            "invalid metric name: none before the label set and none inside it "
              + "(a series starting with \"{\" is written {\"name\",label=\"value\"})")
        }
        name = inside
      }
    }
    let resolution = families.resolve(sampleName: name)
    guard let labelSet = LabelSet(labels) else {
      // parseLabels already rejects duplicate names; LabelSet cannot disagree.
      throw failure(at: labelStart, "duplicate label name")
    }
    if strict { try checkStrictSeries(resolution, name: name, labels: labelSet, at: nameStart) }
    if strict { familiesWithSamples.insert(resolution.family) }
    return SeriesDescriptor(
      name: name, family: resolution.family, type: resolution.type, labels: labelSet)
  }

  /// The per-series rules only strict mode enforces.
  private mutating func checkStrictSeries(
    _ resolution: MetricFamilyTable.Resolution, name: String, labels: LabelSet, at index: Int
  ) throws {
    let type = resolution.type
    if dialect == .openMetrics && type == .counter && resolution.suffix == nil {
      throw failure(
        at: index,
        "counter sample \"\(name)\" lacks the _total suffix (OpenMetrics: counter samples are NAME_total)"
      )
    }
    if dialect == .openMetrics && type == .info && resolution.suffix == nil {
      throw failure(at: index, "info sample \"\(name)\" lacks the _info suffix (OpenMetrics)")
    }
    let isHistogram = type == .histogram || type == .gaugehistogram
    if isHistogram && resolution.suffix == .bucket {
      guard let bound = labels["le"] else {
        throw failure(at: index, "histogram bucket \"\(name)\" has no le label")
      }
      guard PrometheusFloat.parse(bound) != nil else {
        throw failure(at: index, "histogram bucket bound le=\"\(bound)\" is not a number")
      }
      // OpenMetrics requires a +Inf bucket; prometheus/common's TextParser does not, so
      // strict 0.0.4 does not either.
      if dialect == .openMetrics {
        let group = resolution.family + labels.removing("le").json
        var entry =
          bucketGroups[group] ?? (line: lineNumber, family: resolution.family, hasInfinity: false)
        if bound == "+Inf" { entry.hasInfinity = true }
        bucketGroups[group] = entry
      }
    }
    if type == .summary && resolution.suffix == nil {
      guard let quantile = labels["quantile"] else {
        throw failure(at: index, "summary sample \"\(name)\" has no quantile label")
      }
      guard PrometheusFloat.parse(quantile) != nil else {
        throw failure(at: index, "summary quantile=\"\(quantile)\" is not a number")
      }
    }
  }

  /// Whether the series counts observations of a histogram or gauge histogram: a bucket
  /// (an `le` label) or `NAME_count`. Strict 0.0.4 refuses negative values of these, as
  /// prometheus/common's `TextParser` does.
  func isHistogramPopulation(_ descriptor: SeriesDescriptor) -> Bool {
    func isHistogram(_ type: MetricType?) -> Bool { type == .histogram || type == .gaugehistogram }
    let name = descriptor.name
    if name.hasSuffix("_count"), isHistogram(families.type(of: String(name.dropLast(6)))) {
      return true
    }
    let isBucketName = name == descriptor.family || name == descriptor.family + "_bucket"
    return isHistogram(descriptor.type) && isBucketName && descriptor.labels["le"] != nil
  }

  /// The error for a label set that the line ends inside: an open quoted value, or a
  /// missing `}`. Parsing the labels finds the precise position.
  /// `acceptsMetricName` when the label set starts the line (it may hold the metric's name).
  func unterminatedLabelSet(
    _ bytes: UnsafePointer<UInt8>, from open: Int, count: Int, acceptsMetricName: Bool = false
  ) -> ParseError {
    var copy = self
    do {
      _ = try copy.parseLabelSet(
        bytes, open: open, end: count, canonicalNumbers: false,
        acceptsMetricName: acceptsMetricName)
    } catch let error as ParseError where error.message.hasPrefix("unterminated quoted") {
      return error
    } catch {}
    return failure(at: open, "unterminated label set: no \"}\" before the end of the line")
  }

  /// The dialect's name as error messages cite it.
  var formatName: String {
    dialect == .openMetrics ? "OpenMetrics 1.0" : "text format 0.0.4"
  }
}

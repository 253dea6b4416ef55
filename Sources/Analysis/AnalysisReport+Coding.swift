// Reports write absent numbers as JSON null (SPEC.md), where synthesized Codable would drop the
// key: these encoders write every key of SPEC.md's layout, null or not.

extension AnalysisReport {
  enum CodingKeys: String, CodingKey {
    case schemaVersion, analysisId, createdAt, verdict, score, reasons, baseline, canary, config
    case metrics, watch
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(schemaVersion, forKey: .schemaVersion)
    try container.encode(analysisId, forKey: .analysisId)
    try container.encode(createdAt, forKey: .createdAt)
    try container.encode(verdict, forKey: .verdict)
    try container.encode(score, forKey: .score)
    try container.encode(reasons, forKey: .reasons)
    try container.encode(baseline, forKey: .baseline)
    try container.encode(canary, forKey: .canary)
    try container.encode(config, forKey: .config)
    try container.encode(metrics, forKey: .metrics)
    try container.encodeIfPresent(watch, forKey: .watch)
  }
}

extension MetricResult {
  enum CodingKeys: String, CodingKey {
    case name, kind, test, direction, critical, classification, reason, baseline, canary
    case statistic, pValue, effect, values, design, matched, evidence, units, tolerance
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(name, forKey: .name)
    try container.encode(kind, forKey: .kind)
    try container.encode(test, forKey: .test)
    try container.encode(direction, forKey: .direction)
    try container.encode(critical, forKey: .critical)
    try container.encode(classification, forKey: .classification)
    try container.encode(reason, forKey: .reason)
    try container.encode(baseline, forKey: .baseline)
    try container.encode(canary, forKey: .canary)
    try container.encode(statistic, forKey: .statistic)
    try container.encode(pValue, forKey: .pValue)
    try container.encode(effect, forKey: .effect)
    try container.encode(values, forKey: .values)
    try container.encode(design, forKey: .design)
    try container.encode(matched, forKey: .matched)
    try container.encode(evidence, forKey: .evidence)
    try container.encode(units, forKey: .units)
    try container.encodeIfPresent(tolerance, forKey: .tolerance)
  }
}

extension MetricResult.Summary {
  enum CodingKeys: String, CodingKey {
    case n, mean, median, p90, min, max
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(n, forKey: .n)
    try container.encode(mean, forKey: .mean)
    try container.encode(median, forKey: .median)
    try container.encode(p90, forKey: .p90)
    try container.encode(min, forKey: .min)
    try container.encode(max, forKey: .max)
  }
}

extension MetricResult.Effect {
  enum CodingKeys: String, CodingKey {
    case estimate, ciLow, ciHigh, ratio
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(estimate, forKey: .estimate)
    try container.encode(ciLow, forKey: .ciLow)
    try container.encode(ciHigh, forKey: .ciHigh)
    try container.encode(ratio, forKey: .ratio)
  }
}

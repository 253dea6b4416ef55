import MetricModel

extension Side {
  /// Stroke colour: Okabe-Ito blue for the baseline, orange for the canary.
  var colour: String { self == .baseline ? "#0072B2" : "#E69F00" }
  /// Box fill: the colour, lightened.
  var tint: String { self == .baseline ? "#CCE3F0" : "#FAECCC" }
  /// `stroke-dasharray` attribute: solid baseline, dashed canary.
  var dash: String { self == .baseline ? "" : " stroke-dasharray=\"6 3\"" }
  /// Word used in legends and labels.
  var word: String { rawValue }
}

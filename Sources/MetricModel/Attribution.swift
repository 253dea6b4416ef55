/// Which rule of SPEC.md decided a series' revision, stored with the series.
public enum Attribution: String, Sendable, Hashable, CaseIterable, Codable {
  /// `--revision NAME` forced it for the whole input (or the input named it, as CSV's column).
  case forced
  /// A revision label (`istio_io_rev`, `rev`, `revision` by default) on the series.
  case label
  /// The reporting proxy's namespace, looked up in the namespace map.
  case namespace
  /// None applied: Istio's unrevisioned control plane, `default`.
  case `default`
}

/// Istio's standard metric labels for one workload's traffic, in the order proxies print them.
public struct IstioLabels: Sendable, Hashable {
  /// Reporting side: `destination` (inbound) or `source` (outbound).
  public var reporter: String
  /// Calling workload and its namespace.
  public var sourceWorkload: String
  /// Namespace of the calling workload.
  public var sourceNamespace: String
  /// Called workload.
  public var destinationWorkload: String
  /// Namespace of the called workload.
  public var destinationNamespace: String
  /// Version label of both sides' pods.
  public var version: String = "v1"

  /// Creates the labels of traffic from one workload to another.
  public init(
    reporter: String, sourceWorkload: String, sourceNamespace: String,
    destinationWorkload: String, destinationNamespace: String
  ) {
    self.reporter = reporter
    self.sourceWorkload = sourceWorkload
    self.sourceNamespace = sourceNamespace
    self.destinationWorkload = destinationWorkload
    self.destinationNamespace = destinationNamespace
  }

  /// The label text inside `{}` for a response code, without a trailing comma.
  ///
  /// These are the labels Istio's stats plugin writes for `istio_requests_total` and
  /// `istio_request_duration_milliseconds`: a dozen or more, 500-900 bytes a line.
  public func text(responseCode: String) -> String {
    let service = "\(destinationWorkload).\(destinationNamespace).svc.cluster.local"
    return [
      ("reporter", reporter),
      ("source_workload", sourceWorkload),
      ("source_canonical_service", sourceWorkload),
      ("source_canonical_revision", version),
      ("source_workload_namespace", sourceNamespace),
      ("source_principal", "spiffe://cluster.local/ns/\(sourceNamespace)/sa/\(sourceWorkload)"),
      ("source_app", sourceWorkload),
      ("source_version", version),
      ("source_cluster", "Kubernetes"),
      ("destination_workload", destinationWorkload),
      ("destination_workload_namespace", destinationNamespace),
      (
        "destination_principal",
        "spiffe://cluster.local/ns/\(destinationNamespace)/sa/\(destinationWorkload)"
      ),
      ("destination_app", destinationWorkload),
      ("destination_version", version),
      ("destination_service", service),
      ("destination_canonical_service", destinationWorkload),
      ("destination_canonical_revision", version),
      ("destination_service_name", destinationWorkload),
      ("destination_service_namespace", destinationNamespace),
      ("destination_cluster", "Kubernetes"),
      ("request_protocol", "http"),
      ("response_code", responseCode),
      ("grpc_response_status", ""),
      ("response_flags", "-"),
      ("connection_security_policy", reporter == "destination" ? "mutual_tls" : "unknown"),
    ].map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",")
  }

  /// Istio's default request-duration bucket bounds, milliseconds, as Envoy prints them.
  public static let durationBuckets: [(bound: Double, text: String)] = [
    (0.5, "0.5"), (1, "1"), (5, "5"), (10, "10"), (25, "25"), (50, "50"), (100, "100"),
    (250, "250"), (500, "500"), (1000, "1000"), (2500, "2500"), (5000, "5000"),
    (10000, "10000"), (30000, "30000"), (60000, "60000"), (300_000, "300000"),
    (600_000, "600000"), (1_800_000, "1.8e+06"), (3_600_000, "3.6e+06"),
  ]
}

import Analysis
import ArgumentParser
import Foundation
import Ingestion
import MetricModel
import Remote
import Workflows

/// The flags of a remote Prometheus, shared by `canary pull` and `canary analyze --prometheus`.
struct PrometheusOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Base URL of a Prometheus-compatible server (Prometheus, Thanos, Cortex, Mimir, VictoriaMetrics).",
      valueName: "URL"))
  var prometheus: String?

  @Option(help: "The label that carries the revision on the server (ignored with namespaces).")
  var revisionLabel = "istio_io_rev"

  @Option(
    help: "Output of `kubectl get namespaces -L istio.io/rev`: select revisions by namespace.")
  var namespaceMap: String?

  @Option(
    help: ArgumentHelp(
      "A namespace's revision (repeatable): select revisions by namespace.", valueName: "NS=REV"))
  var namespaceRevision: [String] = []

  @Option(help: ArgumentHelp("Timeout of each request, seconds.", valueName: "SECONDS"))
  var timeout: Double = 30

  @Option(help: "Retries of a request after a connection error, a timeout, 429 or 5xx.")
  var retries = 3

  @Option(
    help: ArgumentHelp(
      "Delay before the first retry, seconds; doubled before each next one.",
      valueName: "SECONDS"))
  var retryDelay = 0.5

  @Option(help: "File holding a bearer token (sent as Authorization: Bearer).")
  var bearerTokenFile: String?

  @Option(help: "User for HTTP basic authentication.")
  var basicAuthUser: String?

  @Option(help: "File holding the basic authentication password.")
  var basicAuthPasswordFile: String?

  @Option(
    help: ArgumentHelp(
      "Extra request header (repeatable), e.g. 'X-Scope-OrgID: team'.", valueName: "Name: value"))
  var header: [String] = []

  @Option(help: "CA certificate file of an HTTPS server (not supported on Linux; see --help).")
  var caFile: String?

  @Flag(help: "Print the queries (metric, revision, PromQL; one per line) without running them.")
  var dryRun = false

  func validate() throws {
    if let prometheus {
      guard let url = URL(string: prometheus), let scheme = url.scheme?.lowercased(),
        ["http", "https"].contains(scheme), url.host != nil
      else {
        throw ValidationError(
          "--prometheus takes an http:// or https:// URL, got \"\(prometheus)\"")
      }
    }
    for text in header where HTTPHeader.parse(text) == nil {
      throw ValidationError("--header takes 'Name: value', got \"\(text)\"")
    }
    for pair in namespaceRevision where NamespaceMap.pair(pair) == nil {
      throw ValidationError("--namespace-revision takes NS=REV, got \"\(pair)\"")
    }
    guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    guard retries >= 0 else { throw ValidationError("--retries cannot be negative") }
    guard retryDelay >= 0 else { throw ValidationError("--retry-delay cannot be negative") }
    if basicAuthPasswordFile != nil && basicAuthUser == nil {
      throw ValidationError("--basic-auth-password-file needs --basic-auth-user")
    }
    if bearerTokenFile != nil && basicAuthUser != nil {
      throw ValidationError("--bearer-token-file and --basic-auth-user cannot be combined")
    }
  }

  /// The client of `--prometheus`, nil without it (or with `--dry-run`, which asks nothing).
  func server() throws -> PrometheusClient? {
    guard let prometheus, !dryRun else { return nil }
    return try client(url: prometheus)
  }

  /// The client of `--prometheus` with the authentication, timeout and retry flags.
  func client(url text: String) throws -> PrometheusClient {
    if caFile != nil {
      // FoundationNetworking on Linux hands TLS to libcurl without a way to set its CA file,
      // and has no server-trust challenge to validate against a custom CA ourselves.
      throw RemoteError.unsupported(
        "--ca-file is not supported: Foundation's URLSession cannot trust a custom CA here; "
          + "add the CA to the system store (copy it to /usr/local/share/ca-certificates/ and "
          + "run update-ca-certificates) and run again without --ca-file")
    }
    guard let url = URL(string: text) else {
      throw CommandFailure(status: .usage, message: "invalid --prometheus URL \"\(text)\"")
    }
    let headers = try HTTPHeader.headers(
      bearerTokenFile: bearerTokenFile, basicAuthUser: basicAuthUser,
      basicAuthPasswordFile: basicAuthPasswordFile, extra: header.compactMap(HTTPHeader.parse))
    return PrometheusClient(
      baseURL: url, headers: headers,
      retry: RetryPolicy(retries: retries, initialDelay: retryDelay),
      transport: URLSessionTransport(timeout: timeout))
  }

  /// How the server's series are told apart: by namespace with `--namespace-map` or
  /// `--namespace-revision` (the flags win), else by `--revision-label`.
  func selection() throws -> RevisionSelection {
    guard namespaceMap != nil || !namespaceRevision.isEmpty else {
      return .label(revisionLabel)
    }
    return .namespaces(
      try NamespaceMapFile.load(path: namespaceMap, pairs: namespaceRevision).entries)
  }

  /// Prints the plan's queries (`--dry-run`): metric, revision and PromQL, tab-separated.
  func printQueries(of plan: PullPlan) {
    for query in plan.queries() {
      print("\(query.metric)\t\(query.revision)\t\(query.text)")
    }
  }
}

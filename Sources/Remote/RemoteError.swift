/// What can go wrong talking to a remote Prometheus; each description is the line a user sees.
public enum RemoteError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The server did not answer usably after every retry (connection error, timeout, 429, 5xx).
  case unreachable(url: String, attempts: Int, lastError: String)
  /// The server rejected the query (HTTP 400/422): Prometheus' `errorType` and `error`.
  case promQL(query: String, errorType: String, message: String)
  /// The server refused the request for another reason (401, 403, 404, ...).
  case rejected(url: String, status: Int, message: String)
  /// The answer was not the JSON of the Prometheus HTTP API.
  case badResponse(url: String, message: String)
  /// A credentials file (token, password) is missing or unreadable.
  case unreadableFile(path: String, reason: String)
  /// An option this build cannot honour.
  case unsupported(String)

  public var description: String {
    switch self {
    case .unreachable(let url, let attempts, let lastError):
      let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
      return "Prometheus at \(url) is unreachable after \(tries): \(lastError)"
    case .promQL(let query, let errorType, let message):
      return "Prometheus rejected the query \(query): \(errorType): \(message)"
    case .rejected(let url, let status, let message):
      return "Prometheus at \(url) refused the request with HTTP \(status): \(message)"
    case .badResponse(let url, let message):
      return "Prometheus at \(url) sent an unexpected answer: \(message)"
    case .unreadableFile(let path, let reason):
      return "\(path): \(reason)"
    case .unsupported(let message):
      return message
    }
  }
}

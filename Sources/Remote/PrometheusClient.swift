import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A client of the Prometheus HTTP API's range queries (`/api/v1/query_range`), as Prometheus,
/// Thanos, Cortex, Mimir and VictoriaMetrics serve it.
///
/// Robust by construction: each request has a timeout (in the transport), a failed request is
/// retried by ``RetryPolicy`` (connection errors, timeouts, 429, 5xx), a range with more points
/// than the server allows per series is split and the pieces concatenated, and a query the
/// server rejects is reported with Prometheus' `errorType` and `error`.
public struct PrometheusClient: Sendable {
  /// The server's base URL, e.g. `http://prometheus:9090` or `https://host/prometheus`.
  public var baseURL: URL
  /// Headers sent with every request (authentication, tenant IDs).
  public var headers: [HTTPHeader]
  /// Retries and backoff.
  public var retry: RetryPolicy
  /// Largest number of points per request (Prometheus: 11,000 per series).
  public var maximumPoints: Int
  private let transport: any HTTPTransport
  private let sleeper: any Sleeper

  /// Creates a client.
  public init(
    baseURL: URL, headers: [HTTPHeader] = [], retry: RetryPolicy = RetryPolicy(),
    maximumPoints: Int = QueryRange.prometheusMaximumPoints, transport: any HTTPTransport,
    sleeper: any Sleeper = ThreadSleeper()
  ) {
    self.baseURL = baseURL
    self.headers = headers
    self.retry = retry
    self.maximumPoints = maximumPoints
    self.transport = transport
    self.sleeper = sleeper
  }

  /// The values of `query` at every time of `range`: (Unix milliseconds, value) in time order,
  /// NaN and infinities included as the server sent them. Empty when the query selects nothing.
  ///
  /// - Throws: ``RemoteError``.
  public func queryRange(_ query: String, over range: QueryRange) throws -> [(Int64, Double)] {
    var points: [(Int64, Double)] = []
    for piece in range.split(maximumPoints: maximumPoints) {
      let response = try send(request(query: query, range: piece))
      points += try Self.matrix(from: response, query: query, url: endpoint.absoluteString)
    }
    return points
  }

  /// `BASE/api/v1/query_range`.
  var endpoint: URL {
    baseURL.appendingPathComponent("api/v1/query_range")
  }

  /// A POST of the form Prometheus documents (long queries do not fit a URL).
  func request(query: String, range: QueryRange) -> URLRequest {
    var request = URLRequest(url: endpoint)
    request.httpMethod = "POST"
    request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
    request.setValue("application/json", forHTTPHeaderField: "Accept")
    for header in headers { request.setValue(header.value, forHTTPHeaderField: header.name) }
    let fields = [
      ("query", query), ("start", Self.seconds(range.start)), ("end", Self.seconds(range.end)),
      ("step", Self.seconds(range.step)),
    ]
    request.httpBody = Data(
      fields.map { Self.formEncoded($0.0) + "=" + Self.formEncoded($0.1) }.joined(separator: "&")
        .utf8)
    return request
  }

  /// Sends with retries; returns the first answer that is not worth retrying.
  func send(_ request: URLRequest) throws -> HTTPResponse {
    var lastError = ""
    for attempt in 0...retry.retries {
      if attempt > 0 { sleeper.sleep(seconds: retry.delay(beforeRetry: attempt)) }
      do {
        let response = try transport.send(request)
        guard RetryPolicy.isRetryable(status: response.status) else { return response }
        lastError = "HTTP \(response.status)" + Self.errorSuffix(response.body)
      } catch let error as TransportError {
        lastError = error.message
      }
    }
    throw RemoteError.unreachable(
      url: baseURL.absoluteString, attempts: retry.retries + 1, lastError: lastError)
  }

  /// The series of `query` at every time of `range`, each with its labels (`__name__` is
  /// dropped by aggregations) and its (Unix milliseconds, value) points in time order: for
  /// queries that keep groups apart (`sum by (...)`). A range split in pieces gives each
  /// series' points of every piece, in order.
  ///
  /// - Throws: ``RemoteError``.
  public func queryRangeSeries(_ query: String, over range: QueryRange) throws -> [(
    labels: [String: String], points: [(Int64, Double)]
  )] {
    var order: [[String: String]] = []
    var points: [[String: String]: [(Int64, Double)]] = [:]
    for piece in range.split(maximumPoints: maximumPoints) {
      let response = try send(request(query: query, range: piece))
      for series in try Self.allSeries(from: response, query: query, url: endpoint.absoluteString) {
        if points[series.labels] == nil { order.append(series.labels) }
        points[series.labels, default: []] += series.points
      }
    }
    return order.map { (labels: $0, points: points[$0] ?? []) }
  }

  /// The one series of a matrix answer; a query error becomes ``RemoteError/promQL``.
  static func matrix(from response: HTTPResponse, query: String, url: String) throws -> [(
    Int64, Double
  )] {
    let result = try allSeries(from: response, query: query, url: url)
    guard result.count <= 1 else {
      // The generated queries aggregate to one series; more means a rule or proxy changed them.
      throw RemoteError.badResponse(
        url: url, message: "the query returned \(result.count) series, expected at most one")
    }
    return result.first?.points ?? []
  }

  /// Every series of a matrix answer; a query error becomes ``RemoteError/promQL``.
  static func allSeries(from response: HTTPResponse, query: String, url: String) throws -> [(
    labels: [String: String], points: [(Int64, Double)]
  )] {
    let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
    guard response.status == 200 else {
      if [400, 422].contains(response.status), let object,
        let message = object["error"] as? String
      {
        throw RemoteError.promQL(
          query: query, errorType: object["errorType"] as? String ?? "error", message: message)
      }
      throw RemoteError.rejected(
        url: url, status: response.status, message: bodyExcerpt(response.body))
    }
    guard let object, let status = object["status"] as? String else {
      throw RemoteError.badResponse(url: url, message: "not a JSON object with a status")
    }
    guard status == "success" else {
      throw RemoteError.promQL(
        query: query, errorType: object["errorType"] as? String ?? "error",
        message: object["error"] as? String ?? "status \(status)")
    }
    guard let data = object["data"] as? [String: Any], data["resultType"] as? String == "matrix",
      let result = data["result"] as? [[String: Any]]
    else {
      throw RemoteError.badResponse(url: url, message: "expected a matrix result")
    }
    return try result.map { series in
      guard let values = series["values"] as? [[Any]] else {
        throw RemoteError.badResponse(url: url, message: "a series without values")
      }
      let labels = series["metric"] as? [String: String] ?? [:]
      return (labels: labels, points: try values.map { try point($0, url: url) })
    }
  }

  /// One `[time, "number"]` pair of a matrix answer.
  static func point(_ pair: [Any], url: String) throws -> (Int64, Double) {
    guard pair.count == 2, let time = (pair[0] as? NSNumber)?.doubleValue,
      let text = pair[1] as? String, let value = Double(text)
    else {
      throw RemoteError.badResponse(url: url, message: "a value is not [time, \"number\"]")
    }
    return (Int64((time * 1000).rounded()), value)
  }

  /// Unix milliseconds as the API's decimal seconds.
  static func seconds(_ milliseconds: Int64) -> String {
    guard milliseconds % 1000 != 0 else { return String(milliseconds / 1000) }
    return String(format: "%.3f", Double(milliseconds) / 1000)
  }

  /// `application/x-www-form-urlencoded` text: everything but RFC 3986's unreserved
  /// characters percent-encoded (so `+`, `&`, `=` in PromQL survive).
  static func formEncoded(_ text: String) -> String {
    let unreserved = CharacterSet(
      charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
  }

  /// `: message` from a Prometheus error body, or nothing.
  static func errorSuffix(_ body: Data) -> String {
    let excerpt = bodyExcerpt(body)
    return excerpt.isEmpty ? "" : ": " + excerpt
  }

  /// The API's `error` field, else the body's first 200 characters on one line.
  static func bodyExcerpt(_ body: Data) -> String {
    if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
      let message = object["error"] as? String
    {
      return message
    }
    let text = String(decoding: body.prefix(200), as: UTF8.self)
    return text.split(whereSeparator: \.isNewline).joined(separator: " ")
      .trimmingCharacters(in: .whitespaces)
  }
}

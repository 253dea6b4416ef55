import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// An HTTP answer: status and body.
public struct HTTPResponse: Sendable, Equatable {
  /// HTTP status code.
  public var status: Int
  /// Body bytes.
  public var body: Data

  /// Creates a response.
  public init(status: Int, body: Data) {
    self.status = status
    self.body = body
  }
}

/// A request that got no HTTP answer at all (refused, reset, timed out, TLS failure).
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong, as the networking layer says it.
  public var message: String

  /// Creates an error.
  public init(message: String) {
    self.message = message
  }

  public var description: String { message }
}

/// Sends one HTTP request and waits for its answer; injected so tests script the server.
public protocol HTTPTransport: Sendable {
  /// The answer to `request`, or ``TransportError`` when there is none.
  func send(_ request: URLRequest) throws -> HTTPResponse
}

/// The real transport: Foundation's `URLSession` (libcurl underneath on Linux), with a timeout
/// for the whole request.
public final class URLSessionTransport: HTTPTransport {
  private let session: URLSession
  private let timeout: Double

  /// A transport whose requests fail after `timeout` seconds.
  public init(timeout: Double) {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.timeoutIntervalForResource = timeout
    configuration.httpShouldSetCookies = false
    configuration.urlCache = nil
    session = URLSession(configuration: configuration)
    self.timeout = timeout
  }

  deinit { session.invalidateAndCancel() }

  /// Sends `request`, blocking the calling thread until the answer or the timeout.
  public func send(_ request: URLRequest) throws -> HTTPResponse {
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    let task = session.dataTask(with: request) { data, response, error in
      outcome.set(data: data, response: response, error: error)
      done.signal()
    }
    task.resume()
    // URLSession enforces the timeout; the extra seconds only guard against a lost callback.
    if done.wait(timeout: .now() + timeout + 5) == .timedOut {
      task.cancel()
      throw TransportError(message: "no answer within \(timeout) s")
    }
    return try outcome.result()
  }

  /// The completion handler's arguments, handed from URLSession's queue to the caller.
  private final class Outcome: @unchecked Sendable {
    // Guarded by `lock`: written on URLSession's delegate queue, read by the waiting caller.
    private let lock = NSLock()
    private var data: Data?
    private var response: URLResponse?
    private var error: (any Error)?

    func set(data: Data?, response: URLResponse?, error: (any Error)?) {
      lock.lock()
      defer { lock.unlock() }
      self.data = data
      self.response = response
      self.error = error
    }

    func result() throws -> HTTPResponse {
      lock.lock()
      defer { lock.unlock() }
      if let error {
        throw TransportError(message: error.localizedDescription)
      }
      guard let http = response as? HTTPURLResponse else {
        throw TransportError(message: "the answer is not HTTP")
      }
      return HTTPResponse(status: http.statusCode, body: data ?? Data())
    }
  }
}

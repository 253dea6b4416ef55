import Foundation
import Remote

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A transport that answers from a script and records the requests, and a sleeper that
/// records the delays instead of sleeping.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
  /// One scripted answer: a response, or no answer at all.
  enum Answer {
    case response(Int, String)
    case failure(String)
  }

  // Guarded by `lock`: the client may call from any thread.
  private let lock = NSLock()
  private var answers: [Answer]
  private(set) var requests: [URLRequest] = []

  init(_ answers: [Answer]) {
    self.answers = answers
  }

  func send(_ request: URLRequest) throws -> HTTPResponse {
    lock.lock()
    defer { lock.unlock() }
    requests.append(request)
    // The last answer repeats, so "always down" is one entry.
    let answer = answers.count > 1 ? answers.removeFirst() : answers[0]
    switch answer {
    case .response(let status, let body): return HTTPResponse(status: status, body: Data(body.utf8))
    case .failure(let message): throw TransportError(message: message)
    }
  }

  /// The form fields of request `index`.
  func fields(_ index: Int) -> [String: String] {
    lock.lock()
    defer { lock.unlock() }
    let body = String(decoding: requests[index].httpBody ?? Data(), as: UTF8.self)
    var fields: [String: String] = [:]
    for pair in body.split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
      fields[parts[0]] = parts.count > 1 ? parts[1].removingPercentEncoding : ""
    }
    return fields
  }
}

/// Records the delays it was asked to sleep.
final class RecordingSleeper: Sleeper, @unchecked Sendable {
  // Guarded by `lock`.
  private let lock = NSLock()
  private var recorded: [Double] = []

  var delays: [Double] {
    lock.lock()
    defer { lock.unlock() }
    return recorded
  }

  func sleep(seconds: Double) {
    lock.lock()
    recorded.append(seconds)
    lock.unlock()
  }
}

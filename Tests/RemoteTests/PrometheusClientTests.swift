import Foundation
import Testing

@testable import Remote

@Suite struct PrometheusClientTests {
  static let url = URL(string: "http://prom.example:9090/prefix")!  // a literal: cannot fail
  static let range = QueryRange(start: 120_000, end: 240_000, step: 60_000)

  static func matrix(_ points: [(Int, String)]) -> String {
    let values = points.map { "[\($0.0),\"\($0.1)\"]" }.joined(separator: ",")
    return #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":["#
      + values + "]}]}}"
  }

  func client(
    _ transport: ScriptedTransport, _ sleeper: RecordingSleeper, maximumPoints: Int = 11_000
  )
    -> PrometheusClient
  {
    PrometheusClient(
      baseURL: Self.url, headers: [HTTPHeader(name: "X-Scope-OrgID", value: "team")],
      retry: RetryPolicy(), maximumPoints: maximumPoints, transport: transport, sleeper: sleeper)
  }

  @Test func retriesWithExponentialBackoffThenSucceeds() throws {
    let transport = ScriptedTransport([
      .failure("connection refused"), .response(503, "overloaded"), .response(429, ""),
      .response(200, Self.matrix([(120, "1"), (180, "NaN"), (240, "2.5")])),
    ])
    let sleeper = RecordingSleeper()
    let points = try client(transport, sleeper).queryRange("up", over: Self.range)
    #expect(sleeper.delays == [0.5, 1, 2])
    #expect(points.map(\.0) == [120_000, 180_000, 240_000])
    #expect(points[0].1 == 1 && points[1].1.isNaN && points[2].1 == 2.5)
    let request = try #require(transport.requests.last)
    #expect(request.url?.absoluteString == "http://prom.example:9090/prefix/api/v1/query_range")
    #expect(request.httpMethod == "POST")
    #expect(request.value(forHTTPHeaderField: "X-Scope-OrgID") == "team")
    #expect(
      transport.fields(3) == ["query": "up", "start": "120", "end": "240", "step": "60"])
  }

  @Test func staysUnreachableAfterTheLastRetry() {
    let transport = ScriptedTransport([.failure("Could not connect to the server.")])
    let sleeper = RecordingSleeper()
    #expect(
      throws: RemoteError.unreachable(
        url: Self.url.absoluteString, attempts: 4, lastError: "Could not connect to the server.")
    ) {
      try client(transport, sleeper).queryRange("up", over: Self.range)
    }
    #expect(transport.requests.count == 4)
    #expect(sleeper.delays == [0.5, 1, 2])
  }

  @Test func aQueryErrorIsNotRetriedAndQuotesTheQuery() {
    let transport = ScriptedTransport([
      .response(400, #"{"status":"error","errorType":"bad_data","error":"parse error"}"#)
    ])
    let sleeper = RecordingSleeper()
    #expect(
      throws: RemoteError.promQL(query: "sum(", errorType: "bad_data", message: "parse error")
    ) {
      try client(transport, sleeper).queryRange("sum(", over: Self.range)
    }
    #expect(transport.requests.count == 1)
    #expect(sleeper.delays.isEmpty)
  }

  @Test func unauthorizedIsRejectedNotRetried() {
    let transport = ScriptedTransport([.response(401, "Unauthorized\n")])
    #expect(
      throws: RemoteError.rejected(
        url: "http://prom.example:9090/prefix/api/v1/query_range", status: 401,
        message: "Unauthorized")
    ) {
      try client(transport, RecordingSleeper()).queryRange("up", over: Self.range)
    }
  }

  @Test func aLongRangeIsSplitAndConcatenated() throws {
    let transport = ScriptedTransport([
      .response(200, Self.matrix([(120, "1"), (180, "2")])),
      .response(200, Self.matrix([(240, "3")])),
    ])
    let points = try client(transport, RecordingSleeper(), maximumPoints: 2).queryRange(
      "up", over: Self.range)
    #expect(points.map(\.1) == [1, 2, 3])
    #expect(transport.fields(0)["start"] == "120" && transport.fields(0)["end"] == "180")
    #expect(transport.fields(1)["start"] == "240" && transport.fields(1)["end"] == "240")
  }

  @Test func anEmptyMatrixIsNoData() throws {
    let transport = ScriptedTransport([
      .response(200, #"{"status":"success","data":{"resultType":"matrix","result":[]}}"#)
    ])
    #expect(try client(transport, RecordingSleeper()).queryRange("up", over: Self.range).isEmpty)
  }

  @Test func formEncodingKeepsPromQLIntact() {
    #expect(
      PrometheusClient.formEncoded(#"a{b=~"5.."} + 1 & c"#)
        == "a%7Bb%3D~%225..%22%7D%20%2B%201%20%26%20c")
    #expect(PrometheusClient.seconds(1_500) == "1.500")
  }
}

import Foundation
import GRDB

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A real Prometheus on a free loopback port, serving a TSDB built with `promtool` from the
/// raw samples of a canary database (as if it had scraped the simulated mesh).
final class PrometheusServer {
  let process: Process
  let url: String
  let log: String

  private init(process: Process, url: String, log: String) {
    self.process = process
    self.url = url
    self.log = log
  }

  /// Exports `database` as OpenMetrics, builds blocks with promtool, starts Prometheus and
  /// waits (at most 60 s) until `/-/ready` answers 200.
  static func start(
    exporting database: String, in scratch: Scratch, prometheus: String, promtool: String
  ) throws -> PrometheusServer {
    let openMetrics = try scratch.write("export.om", try exportOpenMetrics(database))
    let tsdb = scratch.path("tsdb")
    let create = try run(
      promtool, ["tsdb", "create-blocks-from", "openmetrics", openMetrics, tsdb])
    guard create.status == 0 else {
      throw ServerError(message: "promtool failed (\(create.status)): \(create.output)")
    }
    let config = try scratch.write("prometheus.yml", "global:\n  evaluation_interval: 1m\n")
    let port = try freePort()
    let log = scratch.path("prometheus.log")
    FileManager.default.createFile(atPath: log, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: prometheus)
    process.arguments = [
      "--storage.tsdb.path=\(tsdb)", "--storage.tsdb.retention.time=100y",
      "--web.listen-address=127.0.0.1:\(port)", "--config.file=\(config)",
    ]
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    let server = PrometheusServer(process: process, url: "http://127.0.0.1:\(port)", log: log)
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      if !process.isRunning { break }
      if status(of: server.url + "/-/ready") == 200 { return server }
      Thread.sleep(forTimeInterval: 0.25)
    }
    server.stop()
    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    throw ServerError(message: "Prometheus did not become ready within 60 s:\n\(text.suffix(2000))")
  }

  /// Stops the server and waits for it to exit.
  func stop() {
    guard process.isRunning else { return }
    process.terminate()
    process.waitUntilExit()
  }

  /// Every stored sample as one OpenMetrics text: one family at a time, each series in time
  /// order, float-second timestamps, `istio_io_rev="<revision>"` added as Prometheus' pod
  /// relabelling would. Counters not named `_total` (istiod's) are declared `unknown`, which
  /// keeps their names; `increase()` works on any series.
  static func exportOpenMetrics(_ path: String) throws -> String {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.read { db in
      var out = ""
      var family: String?
      var series: Int64?
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT s.id, s.metric, s.family, s.type, s.revision, s.labels, p.ts, p.value
            FROM samples p JOIN series s ON s.id = p.series_id
           ORDER BY s.family, s.id, p.ts
          """)
      var prefix = ""
      while let row = try rows.next() {
        let id: Int64 = row["id"]
        if id != series {
          series = id
          let metric: String = row["metric"]
          let rowFamily: String = row["family"]
          if rowFamily != family {
            family = rowFamily
            out +=
              "# TYPE \(rowFamily) \(openMetricsType(row["type"], metric: metric, family: rowFamily))\n"
          }
          var labels =
            (try JSONSerialization.jsonObject(with: Data((row["labels"] as String).utf8))
              as? [String: String]) ?? [:]
          labels["istio_io_rev"] = row["revision"]
          let text = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escaped($0.value))\"" }
          prefix = metric + "{" + text.joined(separator: ",") + "} "
        }
        let ts: Int64 = row["ts"]
        let value: Double? = row["value"]
        out +=
          prefix + number(value ?? .nan) + " " + String(format: "%d.%03d", ts / 1000, ts % 1000)
          + "\n"
      }
      return out + "# EOF\n"
    }
  }

  /// The OpenMetrics type of a stored family.
  static func openMetricsType(_ type: String, metric: String, family: String) -> String {
    switch type {
    // OpenMetrics counter samples must end in _total; istiod's counters do not.
    case "counter": return metric == family + "_total" ? "counter" : "unknown"
    case "gauge", "histogram": return type
    default: return "unknown"
    }
  }

  static func escaped(_ value: String) -> String {
    value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "\n", with: "\\n")
  }

  static func number(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
    return "\(value)"
  }

  /// A loopback TCP port nothing listens on right now (bound to port 0, then released).
  static func freePort() throws -> Int {
    #if canImport(Glibc)
      let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw ServerError(message: "socket() failed") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
        bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
      }
    }
    guard bound else { throw ServerError(message: "bind() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// The HTTP status of a GET, or nil without an answer.
  static func status(of url: String) -> Int? {
    guard let target = URL(string: url) else { return nil }
    let done = DispatchSemaphore(value: 0)
    let box = StatusBox()
    var request = URLRequest(url: target)
    request.timeoutInterval = 2
    let task = URLSession.shared.dataTask(with: request) { _, response, _ in
      box.set((response as? HTTPURLResponse)?.statusCode)
      done.signal()
    }
    task.resume()
    _ = done.wait(timeout: .now() + 5)
    return box.get()
  }

  /// Runs a tool and returns its status and combined output.
  static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  struct ServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }

  /// A status handed from URLSession's queue to the waiting test.
  final class StatusBox: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var value: Int?
    func set(_ status: Int?) {
      lock.lock()
      value = status
      lock.unlock()
    }
    func get() -> Int? {
      lock.lock()
      defer { lock.unlock() }
      return value
    }
  }
}

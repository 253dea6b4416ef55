import Foundation
import GRDB
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - Reading while canary writes

extension DashboardTests {
  @Suite struct ReadWhileWriting {
    /// Series and steps of the large input: 4 × 80,000 = 320,000 samples in one file.
    static let seriesLabels = [
      #"reporter="destination",rev="stable",response_code="200""#,
      #"reporter="destination",rev="stable",response_code="503""#,
      #"reporter="destination",rev="canary",response_code="200""#,
      #"reporter="destination",rev="canary",response_code="503""#,
    ]
    static let steps = 80_000
    static let start: Int64 = 1_700_000_000_000

    /// Prometheus text with timestamps: `steps` samples of each series, one second apart,
    /// starting `offset` steps after `start`.
    static func exposition(steps: Int, offset: Int = 0) -> String {
      var text = "# TYPE istio_requests_total counter\n"
      text.reserveCapacity(steps * seriesLabels.count * 90)
      for step in 0..<steps {
        let ts = String(start + Int64(offset + step) * 1000)
        for (index, labels) in seriesLabels.enumerated() {
          // 503s are one in ten requests; the counters only grow.
          let value = String((offset + step) * (index % 2 == 0 ? 10 : 1))
          text += "istio_requests_total{\(labels)} \(value) \(ts)\n"
        }
      }
      return text
    }

    @Test func readersSeeAWholeIngestOrNoneOfIt() throws {
      let scratch = try Scratch()
      let db = scratch.path("canary.db")
      // A first small file creates and migrates the database, so the reader opens an existing one.
      let small = try scratch.write("small.prom", Self.exposition(steps: 1))
      let first = try CanaryProcess.run(["ingest", "--db", db, small])
      try #require(first.status == 0, "\(first.stderr)")
      let large = try scratch.write("large.prom", Self.exposition(steps: Self.steps, offset: 1))
      let before = Self.seriesLabels.count
      let after = before + Self.steps * Self.seriesLabels.count

      let reader = try ViewReader(path: db)
      reader.start()
      // The first observation is the state before the ingest starts.
      try #require(reader.waitForFirstRead(), "the reader did not read within 30 s")
      let ingest = try CanaryProcess.run(["ingest", "--db", db, large])
      let analyze = try CanaryProcess.run([
        "analyze", "--db", db, "--baseline", "stable", "--canary", "canary",
      ])
      let outcome = reader.stop()

      #expect(ingest.status == 0, "\(ingest.stderr)")
      #expect([0, 1, 2].contains(analyze.status), "\(analyze.stderr)")
      #expect(outcome.finished, "the reader did not stop within 30 s")
      #expect(outcome.errors.isEmpty, "reader errors: \(outcome.errors)")
      let seen = outcome.observations
      #expect(seen.first == ViewReader.Observation(samples: before, analyses: 0))
      #expect(seen.last == ViewReader.Observation(samples: after, analyses: 1))
      let counts = Set(seen.map(\.samples))
      #expect(counts.isSubset(of: [before, after]), "half-written ingest seen: \(counts.sorted())")
      // Once the ingest or the analysis is visible it stays visible, and an analysis never
      // appears before the samples it analyzed.
      for (earlier, later) in zip(seen, seen.dropFirst()) {
        #expect(earlier.samples <= later.samples && earlier.analyses <= later.analyses)
      }
      #expect(seen.allSatisfy { $0.analyses == 0 || ($0.analyses == 1 && $0.samples == after) })
      #expect(seen.count >= 3, "the reader read only \(seen.count) times")
    }
  }
}

/// Counts the views in a loop on its own read-only connection and background thread.
final class ViewReader: @unchecked Sendable {
  struct Observation: Equatable {
    var samples: Int
    var analyses: Int
  }

  struct Outcome {
    var observations: [Observation]
    var errors: [String]
    var finished: Bool
  }

  private let queue: DatabaseQueue
  private let lock = NSLock()
  private var observations: [Observation] = []
  private var errors: [String] = []
  private var stopping = false
  private let firstRead = DispatchSemaphore(value: 0)
  private let finished = DispatchSemaphore(value: 0)

  init(path: String) throws {
    var configuration = Configuration()
    configuration.readonly = true
    // A writer's commit or checkpoint can hold a lock for a moment: wait rather than fail.
    configuration.busyMode = .timeout(10)
    queue = try DatabaseQueue(path: path, configuration: configuration)
  }

  func start() {
    Thread { self.run() }.start()
  }

  /// Bounded: at most 20,000 reads or 120 s, then one last read after `stop()`.
  private func run() {
    let deadline = Date().addingTimeInterval(120)
    var reads = 0
    while reads < 20_000 && Date() < deadline {
      let last = lock.withLock { stopping }
      read()
      reads += 1
      if reads == 1 { firstRead.signal() }
      if last { break }
      Thread.sleep(forTimeInterval: 0.005)
    }
    try? queue.close()
    finished.signal()
  }

  private func read() {
    do {
      // One read transaction: both counts come from the same snapshot.
      let observation = try queue.read { db in
        Observation(
          samples: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM v_samples") ?? -1,
          analyses: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM v_analyses") ?? -1)
      }
      lock.withLock { observations.append(observation) }
    } catch {
      lock.withLock { errors.append(String(describing: error)) }
    }
  }

  func waitForFirstRead() -> Bool {
    firstRead.wait(timeout: .now() + 30) == .success
  }

  /// Asks for a last read, waits (at most 30 s) for the thread, and returns what it saw.
  func stop() -> Outcome {
    lock.withLock { stopping = true }
    let done = finished.wait(timeout: .now() + 30) == .success
    return lock.withLock { Outcome(observations: observations, errors: errors, finished: done) }
  }
}

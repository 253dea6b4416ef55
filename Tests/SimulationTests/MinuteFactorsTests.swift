import Foundation
import Testing

@testable import Simulation

/// `--autocorrelation` and `--latency-median`: per-minute AR(1) multipliers on each workload's
/// latency and 5xx share, and a chosen median; without them the simulator writes the bytes it
/// wrote before they existed.
@Suite struct MinuteFactorsTests {
  /// FNV-1a (64 bits) over every file, by path in sorted order: path, a line feed, the text.
  static func hash(_ mesh: SimulatedFiles) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for path in mesh.files.keys.sorted() {
      for byte in Array((path + "\n").utf8) + Array((mesh.files[path] ?? "").utf8) {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
      }
    }
    return hash
  }

  /// One recorded output: the scenario, seed and layout, and its file count and hash.
  struct Golden {
    var scenario: MigrationScenario
    var seed: UInt64
    var layout: OutputLayout
    var files: Int
    var hash: UInt64
  }

  /// Recorded with the simulator before the per-minute factors were added, from the files of
  /// `canary simulate --scenario migration-healthy --seed 7 --namespaces 4 --minutes 8
  /// --move-minute 4 --scrape-seconds 30` and `--scenario migration-latency --seed 3
  /// --namespaces 3 --minutes 10 --layout single`, hashed as ``hash(_:)`` does.
  static var goldens: [Golden] {
    var latency = MigrationScenario.latency
    latency.namespaces = 3
    latency.durationSeconds = 600
    latency.moveAfterSeconds = 300
    return [
      Golden(
        scenario: SimulatedFiles.short(), seed: 7, layout: .perPod, files: 436,
        hash: 0xFE94_D751_3AA5_74FE),
      Golden(scenario: latency, seed: 3, layout: .single, files: 7, hash: 0x554A_A799_894F_58D9),
    ]
  }

  @Test func withoutTheNewFlagsTheBytesAreAsBefore() throws {
    let cases = Self.goldens
    #expect(cases.count == 2)
    for golden in cases {
      let mesh = try SimulatedFiles(golden.scenario, seed: golden.seed, layout: golden.layout)
      #expect(mesh.files.count == golden.files, "\(golden.scenario.name)")
      #expect(Self.hash(mesh) == golden.hash, "\(golden.scenario.name)")
      var explicit = golden.scenario
      explicit.autocorrelation = 0
      explicit.latencyMedian = nil
      let again = try SimulatedFiles(explicit, seed: golden.seed, layout: golden.layout)
      #expect(again.files == mesh.files, "\(golden.scenario.name)")
    }
  }

  @Test func autocorrelatedMeshesAreSeeded() throws {
    var scenario = SimulatedFiles.short()
    scenario.autocorrelation = 0.5
    let first = try SimulatedFiles(scenario, seed: 11)
    let again = try SimulatedFiles(scenario, seed: 11)
    let other = try SimulatedFiles(scenario, seed: 12)
    let plain = try SimulatedFiles(SimulatedFiles.short(), seed: 11)
    #expect(first.order == again.order)
    #expect(first.files == again.files)
    #expect(first.files != other.files)
    // Same mesh, pods and files; only the latencies and 5xx draws move.
    #expect(first.order == plain.order)
    #expect(first.files != plain.files)
    #expect(first.files["migration.json"] == plain.files["migration.json"])
  }

  @Test func latencyMedianSetsEveryWorkloadAndKeepsTheRest() throws {
    var scenario = SimulatedFiles.short()
    scenario.latencyMedian = 40
    let simulator = MigrationSimulator(scenario: scenario, seed: 7)
    let drawn = MigrationSimulator(scenario: SimulatedFiles.short(), seed: 7).mesh()
    let mesh = simulator.mesh()
    #expect(mesh.workloads.count == drawn.workloads.count)
    #expect(mesh.workloads.count >= 8)
    for (set, original) in zip(mesh.workloads, drawn.workloads) {
      #expect(set.latencyMedian == 40)
      #expect(set.name == original.name)
      #expect(set.latencySigma == original.latencySigma)
      #expect(set.baseRate == original.baseRate)
      #expect(set.errorShare == original.errorShare)
    }
    #expect(Set(drawn.workloads.map(\.latencyMedian)).count == drawn.workloads.count)
  }

  @Test func aScrapeIntervalCountsInTheMinuteOfItsMiddle() {
    // 1_788_220_800 is a whole minute, number 29_803_680.
    let cases: [(now: Int64, seconds: Int, minute: Int64)] = [
      (1_788_220_807, 15, 29_803_679),  // (…:52, …:07]: middle …:59.5, the minute before
      (1_788_220_822, 15, 29_803_680),  // middle …:14.5
      (1_788_220_867, 15, 29_803_680),  // middle …:59.5
      (1_788_220_830, 60, 29_803_680),  // middle exactly on the minute: that minute
      (1_788_220_829, 60, 29_803_679),
    ]
    #expect(cases.count == 5)
    for item in cases {
      #expect(
        MinuteFactors.minute(ofIntervalEndingAt: item.now, seconds: item.seconds) == item.minute,
        "\(item)")
    }
  }

  /// Lag-1 autocorrelation of `values` (the sample autocovariance at lag 1 over the variance,
  /// both about the overall mean, as `statsmodels.tsa.stattools.acf` computes it).
  static func lag1(_ values: [Double]) -> Double {
    let mean = values.reduce(0, +) / Double(values.count)
    let centred = values.map { $0 - mean }
    let variance = centred.reduce(0) { $0 + $1 * $1 }
    return zip(centred, centred.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 } / variance
  }

  /// Standard deviation about the mean.
  static func spread(_ values: [Double]) -> Double {
    let mean = values.reduce(0, +) / Double(values.count)
    return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1))
      .squareRoot()
  }

  /// The processes themselves over 20,000 minutes. Tolerances are four standard errors of an
  /// AR(1) with n = 20,000: lag-1 autocorrelation √((1 − ρ²)/n) (Bartlett), 0.003-0.007;
  /// relative sd ½·√(2(1 + ρ²)/(n(1 − ρ²))), 0.5-1.5%; the 5xx multiplier's mean
  /// √(e^(s²) − 1)·√((1 + ρ)/(n(1 − ρ))), 0.3-1%.
  @Test(arguments: [0.3, 0.5, 0.7, 0.9])
  func factorsHaveTheirAutocorrelationAndSpread(rho: Double) {
    let n = 20_000
    var factors = MinuteFactors(
      workloads: 1, rho: rho, minute: 0, random: SplitMix64(seed: 2026))
    var latency: [Double] = []
    var errors: [Double] = []
    for minute in 1...n {
      factors.advance(to: Int64(minute))
      latency.append(log(factors.latency(0)))
      errors.append(factors.errors(0))
    }
    #expect(latency.count == n)
    let count = Double(n)
    let lagTolerance = 4 * ((1 - rho * rho) / count).squareRoot()
    #expect(abs(Self.lag1(latency) - rho) < lagTolerance)
    #expect(abs(Self.lag1(errors.map(log)) - rho) < lagTolerance)
    let sdTolerance = 4 * 0.5 * (2 * (1 + rho * rho) / (count * (1 - rho * rho))).squareRoot()
    #expect(abs(Self.spread(latency) / MinuteFactors.latencySpread - 1) < sdTolerance)
    #expect(abs(Self.spread(errors.map(log)) / MinuteFactors.errorSpread - 1) < sdTolerance)
    let s = MinuteFactors.errorSpread
    let meanTolerance =
      4 * (exp(s * s) - 1).squareRoot() * ((1 + rho) / (count * (1 - rho))).squareRoot()
    #expect(abs(errors.reduce(0, +) / count - 1) < meanTolerance)
  }

  /// The factor shows in the files. The factors draw from a generator of their own, so a
  /// mesh with and without them has the same requests and latency draws, every latency of a
  /// workload in a minute multiplied by that minute's factor: the difference of the two
  /// meshes' log mean latency per minute (`_sum`/`_count` increases, `reporter="destination"`)
  /// is the factor itself (checked against the process to 1e-9), whose lag-1 autocorrelation
  /// is ρ. One namespace (every workload
  /// pooled), 180 one-minute scrapes, no move: with n = 179 per workload a standard error of
  /// √((1 − ρ²)/n) = 0.053 and a bias of about −(1 + 4ρ)/n = −0.02; the tolerance 0.15 is
  /// about three standard errors of one workload.
  @Test func filesCarryTheAutocorrelation() throws {
    var scenario = MigrationScenario.healthy
    scenario.namespaces = 1
    scenario.movedNamespaces = 0
    scenario.durationSeconds = 180 * 60
    scenario.moveAfterSeconds = 90 * 60
    scenario.scrapeSeconds = 60
    var correlated = scenario
    correlated.autocorrelation = 0.7
    let plain = try Self.minuteLatencies(scenario)
    let factors = try Self.minuteLatencies(correlated)
    #expect(plain.keys.sorted() == factors.keys.sorted())
    #expect(plain.count >= 2)
    let expected = Self.factorLogs(correlated, seed: 12)
    var lags: [Double] = []
    var spreads: [Double] = []
    for (workload, logMeans) in factors {
      let base = try #require(plain[workload])
      #expect(base.count == 179 && logMeans.count == 179, "\(workload)")
      let factor = zip(logMeans, base).map { $0 - $1 }
      // Exactly the process's values, minute by minute.
      let process = try #require(expected[workload])
      #expect(process.count == factor.count)
      #expect(zip(factor, process).allSatisfy { abs($0 - $1) < 1e-9 }, "\(workload)")
      lags.append(Self.lag1(factor))
      spreads.append(Self.spread(factor))
    }
    let lag = lags.reduce(0, +) / Double(lags.count)
    #expect(abs(lag - 0.7) < 0.15, "\(lags)")
    // The marginal sd is 8%: four standard errors of one workload's sd, 0.5·√(2(1 + ρ²)/(n(1 − ρ²)))
    // = 9% relative, on their mean.
    let spread = spreads.reduce(0, +) / Double(spreads.count)
    #expect(abs(spread / MinuteFactors.latencySpread - 1) < 0.36, "\(spreads)")
  }

  /// The log latency factor of every workload (by name) for each scrape interval after the
  /// first, drawn as the simulator draws them.
  static func factorLogs(_ scenario: MigrationScenario, seed: UInt64) -> [String: [Double]] {
    let simulator = MigrationSimulator(scenario: scenario, seed: seed)
    let workloads = simulator.mesh().workloads
    let seconds = scenario.scrapeSeconds
    var factors = MinuteFactors(
      workloads: workloads.count, rho: scenario.autocorrelation,
      minute: MinuteFactors.minute(ofIntervalEndingAt: simulator.start, seconds: seconds),
      random: MigrationSimulator.Generators(seed: seed).minutes)
    var out: [String: [Double]] = [:]
    for now in simulator.scrapeTimes.dropFirst() {
      factors.advance(to: MinuteFactors.minute(ofIntervalEndingAt: now, seconds: seconds))
      for (index, workload) in workloads.enumerated() {
        out[workload.name, default: []].append(log(factors.latency(index)))
      }
    }
    return out
  }

  /// Log mean latency per scrape interval of every workload, from the one sidecar file of
  /// the `single` layout (lines `series value time`).
  static func minuteLatencies(_ scenario: MigrationScenario) throws -> [String: [Double]] {
    let mesh = try SimulatedFiles(scenario, seed: 12, layout: .single)
    let text = try #require(mesh.files["sidecar/sidecar.om"])
    var totals: [String: [Int64: (sum: Double, count: Double)]] = [:]
    let prefix = "istio_request_duration_milliseconds_"
    for line in text.components(separatedBy: "\n") where line.hasPrefix(prefix) {
      let isSum = line.hasPrefix(prefix + "sum{")
      guard isSum || line.hasPrefix(prefix + "count{"),
        line.contains("reporter=\"destination\"")
      else { continue }
      let fields = line.split(separator: " ")
      let sample = SimulatedFiles.Sample(
        series: String(fields[0]), time: Int64(fields[2]) ?? -1, value: Double(fields[1]) ?? .nan)
      let workload = sample.label("destination_workload") ?? "?"
      var total = totals[workload, default: [:]][sample.time] ?? (0, 0)
      if isSum { total.sum += sample.value } else { total.count += sample.value }
      totals[workload, default: [:]][sample.time] = total
    }
    return totals.mapValues { byTime in
      let times = byTime.keys.sorted()
      return zip(times, times.dropFirst()).compactMap { previous, time in
        let count = (byTime[time]?.count ?? 0) - (byTime[previous]?.count ?? 0)
        let sum = (byTime[time]?.sum ?? 0) - (byTime[previous]?.sum ?? 0)
        return count > 0 ? log(sum / count) : nil
      }
    }
  }
}

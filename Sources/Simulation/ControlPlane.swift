import Foundation

/// One revision's istiod: its xDS push counters and histograms.
struct ControlPlane {
  var revision: String
  var startedAt: Int64
  var pushes: [String: Double] = ["cds": 0, "eds": 0, "lds": 0, "rds": 0]
  var rejects: Double = 0
  var convergence = Histogram(bounds: [0.1, 0.5, 1, 3, 5, 10, 20, 30])
  var pushTime = Histogram(bounds: [0.01, 0.1, 0.5, 1, 3, 5])

  /// Cumulative bucket counts of a Prometheus histogram.
  struct Histogram {
    var bounds: [Double]
    var buckets: [Double]
    var count: Double = 0
    var sum: Double = 0

    init(bounds: [Double]) {
      self.bounds = bounds
      self.buckets = [Double](repeating: 0, count: bounds.count)
    }

    mutating func observe(_ value: Double) {
      count += 1
      sum += value
      for index in bounds.indices where value <= bounds[index] { buckets[index] += 1 }
    }

    /// Appends the bucket, `_sum` and `_count` samples to `family`, with `labels` first.
    func append(to family: inout MetricFamily, labels: String) {
      let separator = labels.isEmpty ? "" : ","
      for (index, bound) in bounds.enumerated() {
        family.add(
          "\(family.name)_bucket", "\(labels)\(separator)le=\"\(format(bound))\"", buckets[index])
      }
      family.add("\(family.name)_bucket", "\(labels)\(separator)le=\"+Inf\"", count)
      family.add("\(family.name)_sum", labels, sum)
      family.add("\(family.name)_count", labels, count)
    }
  }

  /// Adds one scrape interval of pushes for `proxies` connected proxies.
  mutating func advance(
    proxies: Int, profile: RevisionProfile, seconds: Double, random: inout SplitMix64
  ) {
    let mean = Double(proxies) * profile.pushesPerProxyPerMinute * seconds / 60
    let count = random.poisson(mean)
    // EDS dominates real push mixes; CDS, LDS and RDS follow configuration changes.
    let shares: [(String, Double)] = [("eds", 0.55), ("cds", 0.15), ("lds", 0.15), ("rds", 0.15)]
    for _ in 0..<count {
      let draw = random.unit()
      var cumulative = 0.0
      for (type, share) in shares {
        cumulative += share
        if draw <= cumulative || type == "rds" {
          pushes[type, default: 0] += 1
          break
        }
      }
      observePush(random: &random)
    }
    rejects += Double(random.poisson(profile.rejectsPerMinute * seconds / 60))
  }

  /// Full pushes (CDS, EDS, LDS, RDS) to `proxies` proxies that have just connected, as istiod
  /// sends every new sidecar its whole configuration.
  mutating func connect(proxies: Int, random: inout SplitMix64) {
    for _ in 0..<proxies {
      for type in ["cds", "eds", "lds", "rds"] {
        pushes[type, default: 0] += 1
        observePush(random: &random)
      }
    }
  }

  /// EDS pushes to `proxies` connected proxies after endpoints changed (pods replaced).
  mutating func pushEndpoints(proxies: Int, random: inout SplitMix64) {
    for _ in 0..<proxies {
      pushes["eds", default: 0] += 1
      observePush(random: &random)
    }
  }

  /// Records one push's convergence and build time (log-normal, medians 50 ms and 4 ms).
  private mutating func observePush(random: inout SplitMix64) {
    convergence.observe(exp(log(0.05) + 0.7 * random.normal()))
    pushTime.observe(exp(log(0.004) + 0.6 * random.normal()))
  }

  /// istiod's `:15014/metrics` body (a representative subset, with HELP lines as Go writes).
  func dump(proxies: Int, now: Int64) -> String {
    families(proxies: proxies, target: "").map(\.prometheusText).joined()
  }
}

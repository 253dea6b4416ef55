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

    func lines(_ name: String) -> String {
      var out = ""
      for (index, bound) in bounds.enumerated() {
        out += "\(name)_bucket{le=\"\(format(bound))\"} \(Int(buckets[index]))\n"
      }
      out += "\(name)_bucket{le=\"+Inf\"} \(Int(count))\n"
      out += "\(name)_sum \(format(sum))\n"
      out += "\(name)_count \(Int(count))\n"
      return out
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
      convergence.observe(exp(log(0.05) + 0.7 * random.normal()))
      pushTime.observe(exp(log(0.004) + 0.6 * random.normal()))
    }
    rejects += Double(random.poisson(profile.rejectsPerMinute * seconds / 60))
  }

  /// istiod's `:15014/metrics` body (a representative subset, with HELP lines as Go writes).
  func dump(proxies: Int, now: Int64) -> String {
    var out = ""
    out += "# HELP go_goroutines Number of goroutines that currently exist.\n"
    out += "# TYPE go_goroutines gauge\ngo_goroutines \(600 + proxies * 12)\n"
    out += "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
    out += "# TYPE process_resident_memory_bytes gauge\n"
    out += "process_resident_memory_bytes \(format(1.2e8 + Double(proxies) * 2e6))\n"
    out +=
      "# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.\n"
    out += "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds \(startedAt)\n"
    out += "# HELP pilot_xds Number of endpoints connected to this pilot using XDS.\n"
    out += "# TYPE pilot_xds gauge\npilot_xds{version=\"1.24.2\"} \(proxies)\n"
    out += "# HELP pilot_xds_pushes Pilot build and send errors for lds, rds, cds and eds.\n"
    out += "# TYPE pilot_xds_pushes counter\n"
    for type in pushes.keys.sorted() {
      out += "pilot_xds_pushes{type=\"\(type)\"} \(Int(pushes[type] ?? 0))\n"
    }
    out +=
      "# HELP pilot_proxy_convergence_time Delay in seconds between config change and a proxy receiving all required configuration.\n"
    out += "# TYPE pilot_proxy_convergence_time histogram\n"
    out += convergence.lines("pilot_proxy_convergence_time")
    out +=
      "# HELP pilot_xds_push_time Total time in seconds Pilot takes to push lds, rds, cds and eds.\n"
    out += "# TYPE pilot_xds_push_time histogram\n"
    out += pushTime.lines("pilot_xds_push_time")
    out +=
      "# HELP pilot_total_xds_rejects Total number of XDS responses from pilot rejected by proxy.\n"
    out += "# TYPE pilot_total_xds_rejects counter\n"
    out +=
      "pilot_total_xds_rejects{type=\"type.googleapis.com/envoy.config.cluster.v3.Cluster\"} \(Int(rejects))\n"
    out += "# HELP pilot_total_xds_internal_errors Total number of internal XDS errors in pilot.\n"
    out += "# TYPE pilot_total_xds_internal_errors counter\npilot_total_xds_internal_errors 0\n"
    return out
  }
}

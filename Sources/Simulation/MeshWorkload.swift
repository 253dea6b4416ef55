import Foundation

/// One workload of a simulated mesh (a Deployment): its own latency, load and error share,
/// its pods, and the workloads it calls.
struct MeshWorkload {
  /// Deployment name (`destination_workload`, the `app` label).
  var name: String
  /// Namespace it runs in.
  var namespace: String
  /// Median latency at its base load, milliseconds.
  var latencyMedian: Double
  /// Log-normal shape of its latency.
  var latencySigma: Double
  /// Requests per second it receives at its base load.
  var baseRate: Double
  /// Share of its requests answered 5xx.
  var errorShare: Double
  /// Pods of the Deployment.
  var podCount: Int
  /// Sidecar memory at rest, bytes.
  var proxyMemory: Double
  /// Indices (in the mesh) of the workloads it calls.
  var callees: [Int] = []
  /// The log of its current load relative to its base (a mean-reverting random walk).
  var logLoad = 0.0

  /// Its request rate now, given the mesh-wide trend factor.
  func rate(trend: Double) -> Double {
    baseRate * exp(logLoad) * trend
  }

  /// Its median latency at a load of `load` times its base: slower when busier.
  func median(load: Double) -> Double {
    latencyMedian * max(0.5, 1 + 0.1 * (load - 1))
  }

  /// A log-normal latency with median `median` and shape `sigma` for the standard normal
  /// deviate `normal`: exp(log(median) + sigma * normal), milliseconds.
  static func latency(median: Double, sigma: Double, normal: Double) -> Double {
    exp(log(median) + sigma * normal)
  }

  /// Draws a workload: latency median log-uniform in 3-200 ms, sigma 0.4-0.7, rate log-uniform
  /// in 1-200 req/s, 5xx share 0.05-0.5%, 1-3 pods.
  static func draw(
    name: String, namespace: String, random: inout SplitMix64
  ) -> MeshWorkload {
    func logUniform(_ low: Double, _ high: Double) -> Double {
      exp(log(low) + (log(high) - log(low)) * random.unit())
    }
    let median = logUniform(3, 200)
    let sigma = 0.4 + 0.3 * random.unit()
    let rate = logUniform(1, 200)
    let errors = 0.0005 + 0.0045 * random.unit()
    let pods = 1 + Int(random.next() % 3)
    let memory = 40e6 + 20e6 * random.unit()
    return MeshWorkload(
      name: name, namespace: namespace, latencyMedian: median, latencySigma: sigma,
      baseRate: rate, errorShare: errors, podCount: pods, proxyMemory: memory)
  }
}

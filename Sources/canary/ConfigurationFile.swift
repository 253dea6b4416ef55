import Analysis
import Foundation

/// Loads `--config FILE`, or the built-in configuration.
enum ConfigurationFile {
  /// The configuration at `path`, or the built-in one when nil.
  static func load(_ path: String?) throws -> AnalysisConfiguration {
    guard let path else { return try AnalysisConfiguration.builtin() }
    guard FileManager.default.fileExists(atPath: path) else {
      throw CommandFailure(status: .noInput, message: "\(path): no such file or directory")
    }
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else {
      throw CommandFailure(status: .noInput, message: "\(path): cannot read the configuration")
    }
    do {
      return try AnalysisConfiguration(yaml: text)
    } catch let error as ConfigurationError {
      throw CommandFailure(status: .dataError, message: "\(path):\(error.line): \(error.message)")
    }
  }
}

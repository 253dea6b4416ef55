import Foundation
import MetricModel
import Store

/// One thing to ingest.
public enum IngestInput: Sendable, Hashable {
  /// A file, by path.
  case file(String)
  /// Standard input (`-`).
  case standardInput
  /// Bytes already in memory, with a name for messages and file-name timestamps.
  case memory(name: String, bytes: [UInt8])

  /// The name used in messages.
  public var name: String {
    switch self {
    case .file(let path): return path
    case .standardInput: return "<stdin>"
    case .memory(let name, _): return name
    }
  }
}

/// How `canary ingest` reads and attributes its inputs.
public struct IngestOptions: Sendable {
  /// `--format`.
  public var format: InputFormat = .auto
  /// `--strict`, `--skip-invalid`.
  public var parser = ParserOptions()
  /// Revision rules.
  public var attributor = RevisionAttributor()
  /// `--at`: the time of samples without a timestamp (Unix milliseconds).
  public var at: Int64?
  /// The ingest time (Unix milliseconds), the last resort for samples without a timestamp.
  public var now: Int64

  /// Creates options with the defaults of SPEC.md.
  public init(now: Int64) {
    self.now = now
  }
}

/// What an ingest did, with the lines it skipped.
public struct IngestResult: Sendable {
  /// The counts of `--output`.
  public var summary = IngestSummary()
  /// `file:line:column: message` of skipped lines (the first ``IngestResult/warningLimit``).
  public var warnings: [String] = []
  /// How many skipped lines are listed at most.
  public static let warningLimit = 20
  /// `file: message` of what the inputs themselves warned of (Prometheus API warnings).
  public var inputWarnings: [String] = []
}

/// Reads inputs, attributes each series to a revision and stores the samples.
///
/// Each input is one write transaction: a malformed input writes nothing. Parsing runs on a
/// thread of its own and hands bounded batches to the writer, so the two cores share the work
/// and memory does not grow with the input.
public struct Ingestor: Sendable {
  /// Called from the parser thread with (input, bytes read so far, input size if known).
  public typealias Progress = @Sendable (IngestInput, Int, Int?) -> Void

  let database: CanaryDatabase
  let options: IngestOptions
  let progress: Progress?
  /// Series resolved by earlier inputs of this ingestor: a directory of scrapes resolves each
  /// series once, not once per file.
  let seriesCache = SeriesCache()

  /// Creates an ingestor writing to `database`.
  public init(database: CanaryDatabase, options: IngestOptions, progress: Progress? = nil) {
    self.database = database
    self.options = options
    self.progress = progress
  }

  /// Turns command-line paths into inputs: `-` is standard input, a directory is every
  /// regular file below it (hidden ones excluded), sorted by path.
  public static func inputs(for paths: [String]) throws -> [IngestInput] {
    var inputs: [IngestInput] = []
    let files = FileManager.default
    for path in paths {
      if path == "-" {
        inputs.append(.standardInput)
        continue
      }
      var isDirectory: ObjCBool = false
      guard files.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw IngestionError.missingInput(path: path)
      }
      guard isDirectory.boolValue else {
        inputs.append(.file(path))
        continue
      }
      guard let walker = files.enumerator(atPath: path) else {
        throw IngestionError.unreadable(path: path, reason: "cannot list directory")
      }
      var found: [String] = []
      while let relative = walker.nextObject() as? String {
        let name = (relative as NSString).lastPathComponent
        if name.hasPrefix(".") {
          walker.skipDescendants()
          continue
        }
        let full = (path as NSString).appendingPathComponent(relative)
        var nested: ObjCBool = false
        if files.fileExists(atPath: full, isDirectory: &nested), !nested.boolValue {
          found.append(full)
        }
      }
      guard !found.isEmpty else { throw IngestionError.emptyDirectory(path: path) }
      inputs += found.sorted().map(IngestInput.file)
    }
    return inputs
  }

  /// Ingests every input in order; stops at the first that fails (earlier ones stay stored).
  public func ingest(_ inputs: [IngestInput]) throws -> IngestResult {
    var result = IngestResult()
    var seriesRules: [Int64: Attribution] = [:]
    for input in inputs {
      let file = try ingest(input)
      result.summary.files += 1
      result.summary.samples += file.inserted
      result.summary.duplicates += file.duplicates
      result.summary.replaced += file.replaced
      result.summary.skipped += file.skipped.count
      for (revision, count) in file.written {
        result.summary.revisions[revision, default: 0] += count
      }
      for (id, rule) in file.series where seriesRules[id] == nil { seriesRules[id] = rule }
      result.inputWarnings += file.warnings.map { "\(input.name): \($0)" }
      for error in file.skipped where result.warnings.count < IngestResult.warningLimit {
        result.warnings.append(IngestionError.malformed(path: input.name, error: error).description)
      }
    }
    result.summary.series = seriesRules.count
    for rule in seriesRules.values { result.summary.attribution[rule.rawValue, default: 0] += 1 }
    return result
  }

  /// The time given to samples of `input` that carry none.
  func defaultTimestamp(for input: IngestInput) -> Int64 {
    if let at = options.at { return at }
    switch input {
    case .file(let name), .memory(let name, _):
      if let seconds = Self.unixSeconds(inFileName: name) { return seconds * 1000 }
    case .standardInput:
      break
    }
    return options.now
  }

  /// A Unix time in seconds written in a file name, as in `scrape-1700000000.prom`: the last
  /// run of exactly ten digits.
  static func unixSeconds(inFileName path: String) -> Int64? {
    let name = (path as NSString).lastPathComponent
    var runs: [Substring] = []
    var index = name.startIndex
    while index < name.endIndex {
      guard name[index].isASCII, name[index].isNumber else {
        index = name.index(after: index)
        continue
      }
      let start = index
      while index < name.endIndex, name[index].isASCII, name[index].isNumber {
        index = name.index(after: index)
      }
      runs.append(name[start..<index])
    }
    guard let run = runs.last(where: { $0.count == 10 }) else { return nil }
    return Int64(run)
  }
}

import Foundation
import MetricModel

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

/// The inputs of one command-line argument: one file, standard input, or every file of a
/// directory, in order.
///
/// The files of a group that share a file-name extension are one stream of one kind (a
/// collector's scrapes): their format is detected once, on the first that is not empty, and
/// their series are interned across files.
public struct InputGroup: Sendable, Hashable {
  /// The inputs, in ingest order.
  public var inputs: [IngestInput]

  /// A group of `inputs`.
  public init(_ inputs: [IngestInput]) {
    self.inputs = inputs
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
  /// Worker threads parsing the small files of a directory ahead (`CANARY_INGEST_THREADS`);
  /// nil: one per core, at most 4; 0: every input parsed on the one parser thread.
  public var parserThreads: Int?
  /// `--reread`: read every file, even one unchanged since an earlier ingest stored it.
  public var reread = false

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
  /// How many inputs a pool worker parsed ahead of the parser thread (for tests).
  var inputsParsedAhead = 0
}

/// Reads inputs, attributes each series to a revision and stores the samples in a sink.
///
/// One parser thread reads the inputs in order while the calling thread writes; the small
/// files of a directory are parsed ahead on a few worker threads (``ParsePool``) and handed
/// on in order, so every core parses and the result is that of one thread. Bounded batches
/// keep memory flat. Each input is atomic: the rows of a
/// small file join a write batch only once the whole file has parsed, a large file is written
/// in a transaction of its own, and commits happen only between files, so a malformed file
/// writes nothing and a reader never sees part of one. Many small files share a transaction
/// and are stored together in key order.
public struct Ingestor: Sendable {
  /// Called from the parser thread with (input, bytes read so far, input size if known).
  public typealias Progress = @Sendable (IngestInput, Int, Int?) -> Void

  let sink: any SampleSink
  let options: IngestOptions
  let progress: Progress?
  /// Batch and commit sizes (tests shrink them).
  var limits = BatchLimits()

  /// Creates an ingestor writing to `sink`.
  public init(sink: any SampleSink, options: IngestOptions, progress: Progress? = nil) {
    self.sink = sink
    self.options = options
    self.progress = progress
    if let threads = options.parserThreads { limits.parserThreads = max(0, threads) }
  }

  /// Ingests every input in order, each its own group.
  public func ingest(_ inputs: [IngestInput]) throws -> IngestResult {
    try ingest(inputs.map { InputGroup([$0]) })
  }

  /// Ingests every group's inputs in order; stops at the first input that fails (the inputs
  /// before it stay stored, nothing of it is).
  public func ingest(_ groups: [InputGroup]) throws -> IngestResult {
    // Every file's path key is worked out before the parse only to look up what an earlier
    // ingest remembered; otherwise the parser thread works each out as it reaches the file
    // (for a directory of 45,800 scrapes that would hold up the first parse by 15 ms).
    let looksUp = try !options.reread && sink.remembersInputs()
    let paths = looksUp ? Self.pathKeys(of: groups) : nil
    let files = paths?.compactMap { $0 } ?? []
    let stored = files.isEmpty ? [:] : try sink.storedInputs(pathKeys: files)
    let fingerprints = InputFingerprints(stored: stored, options: options)
    let channel = BatchChannel(depth: limits.channelDepth)
    let job = ParseJob(
      ingestor: self, groups: groups, channel: channel, paths: paths,
      fingerprints: fingerprints)
    let thread = Thread { job.run() }
    thread.stackSize = 8 << 20
    thread.start()
    do {
      var result = try sink.withWriteSession { session in
        var writer = BatchWriter(session: session, limits: limits)
        try writer.run(from: channel)
        return writer.result
      }
      result.summary.moves = options.attributor.namespaceMap.moves
      return result
    } catch {
      channel.cancelAndWait()
      throw error
    }
  }

  /// Per input of `groups`, in order: the ``StoredInput/pathKey`` of a file's absolute path
  /// (the working directory joined to a relative path, without its leading `./`), nil for
  /// other inputs.
  static func pathKeys(of groups: [InputGroup]) -> [Int64?] {
    var directory: String?
    var keys: [Int64?] = []
    for group in groups {
      for input in group.inputs { keys.append(pathKey(of: input, directory: &directory)) }
    }
    return keys
  }

  /// The ``StoredInput/pathKey`` of `input` when it is a file; `directory` is the working
  /// directory once a relative path needed it.
  static func pathKey(of input: IngestInput, directory: inout String?) -> Int64? {
    guard case .file(let path) = input else { return nil }
    if !path.hasPrefix("/") && directory == nil {
      directory = FileManager.default.currentDirectoryPath
    }
    return InputFingerprints.pathKey(directory: directory, path: path)
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
    // Bytes, not Characters: this runs once per file of a directory of scrapes.
    if let found = path.utf8.withContiguousStorageIfAvailable(unixSeconds(inFileName:)) {
      return found
    }
    return Array(path.utf8).withUnsafeBufferPointer(unixSeconds(inFileName:))
  }

  /// ``unixSeconds(inFileName:)`` of a path's UTF-8 bytes.
  private static func unixSeconds(inFileName bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
    let nameStart = (bytes.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
    var found: Int64?
    var index = nameStart
    while index < bytes.count {
      guard bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") else {
        index += 1
        continue
      }
      var value: Int64 = 0
      let start = index
      while index < bytes.count, bytes[index] >= UInt8(ascii: "0"),
        bytes[index] <= UInt8(ascii: "9")
      {
        value = value &* 10 &+ Int64(bytes[index] - UInt8(ascii: "0"))
        index += 1
      }
      if index - start == 10 { found = value }
    }
    return found
  }
}

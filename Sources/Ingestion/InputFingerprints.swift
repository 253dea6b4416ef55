import Foundation
import MetricModel

/// The files an earlier ingest stored whole, and the settings of this one: whether a file
/// may go unread (it is unchanged and would give exactly the samples it gave then, all of
/// them stored), and what to remember of a file this ingest stores.
///
/// A file's samples depend on its bytes (its ``FileIdentity``), on the options that parse
/// and attribute them (``settings``), on the format it is read in (with `--format auto`, the
/// one detected on the first file of its stream, which need not be the file's own) and, for
/// samples without a timestamp, on the time given to them: a file is remembered with the
/// format it was read in and the time its samples took, and never when that was the
/// ingest's own clock (a second ingest would store the samples at a new time). A file is
/// remembered only when it parsed without a skipped line or a warning, and only when it was
/// last changed at least ``settleMilliseconds`` before the ingest began: a write in the same
/// tick of the file-system clock as the ingest's `stat` would leave its times unchanged.
struct InputFingerprints: Sendable {
  /// What the database remembers of the ingest's files, by path key.
  let stored: [Int64: StoredInput]
  /// A digest of everything but the time of samples without one that decides a file's samples.
  let settings: Int64
  /// The ingest's clock and `--at`.
  let now: Int64
  let at: Int64?
  /// Whether files are read even when unchanged (`--reread`).
  let reread: Bool
  /// Set by the parser thread when the ingest gives its first row, read by the pool's
  /// workers: from then on they read every file (the parser thread would read one they
  /// left unread, alone and in order).
  let rowsGiven = Flag()

  /// How long before the ingest a file must have been changed last to be remembered.
  static let settleMilliseconds: Int64 = 2_000

  /// Bumped when the parsers turn the same bytes into different samples (a change of what a
  /// parser stores must bump it, or files stored by an older build go unread; a test cannot
  /// tell, so `--reread` is the remedy for a build that forgot).
  static let parserGeneration = 1

  init(stored: [Int64: StoredInput], options: IngestOptions) {
    self.stored = stored
    self.settings = Self.digest(Self.settingsText(options))
    self.now = options.now
    self.at = options.at
    self.reread = options.reread
  }

  /// Whether the file at the path with key `path` is as it was when stored whole (its
  /// settings still to be compared: ``unchangedSamples(path:identity:defaultTimestamp:format:)``).
  func mayBeUnchanged(path: Int64, identity: FileIdentity?) -> Bool {
    guard !reread, !stored.isEmpty, let identity, let known = stored[path] else { return false }
    return known.identity == identity.digest
  }

  /// The samples an unchanged file at the path with key `path` carried when read in `format`
  /// (never `auto`), or nil when it must be read.
  func unchangedSamples(
    path: Int64, identity: FileIdentity?, defaultTimestamp: Int64, format: InputFormat
  ) -> Int? {
    guard mayBeUnchanged(path: path, identity: identity), let known = stored[path] else {
      return nil
    }
    if known.settings == keyed(format: format) { return known.samples }
    if let timed = timedSettings(defaultTimestamp, format: format), known.settings == timed {
      return known.samples
    }
    return nil
  }

  /// What to remember of a file stored whole: nil when a second ingest could give other
  /// samples, or when a write may go unseen.
  func record(
    path: Int64, identity: FileIdentity?, format: InputFormat, defaultTimestamp: Int64,
    usedDefault: Bool, samples: Int
  ) -> StoredInput? {
    guard let identity, identity.changed / 1_000_000 < now - Self.settleMilliseconds else {
      return nil
    }
    let key: Int64
    if usedDefault {
      guard let timed = timedSettings(defaultTimestamp, format: format) else { return nil }
      key = timed
    } else {
      key = keyed(format: format)
    }
    return StoredInput(
      pathKey: path, identity: identity.digest, settings: key, samples: samples)
  }

  /// The settings with the time given to samples without one, unless that time is the
  /// ingest's clock.
  private func timedSettings(_ defaultTimestamp: Int64, format: InputFormat) -> Int64? {
    guard at != nil || defaultTimestamp != now else { return nil }
    var hash = Digest64()
    hash.add(keyed(format: format))
    hash.add(defaultTimestamp)
    return hash.value
  }

  /// The settings with the format the file was read in.
  private func keyed(format: InputFormat) -> Int64 {
    var hash = Digest64()
    hash.add(settings)
    hash.add(utf8: format.rawValue)
    return hash.value
  }

  /// The options that decide a file's samples, as text that is the same in every process.
  static func settingsText(_ options: IngestOptions) -> String {
    let attributor = options.attributor
    // Strings JSON-quoted, so no two option sets give one text.
    func quoted(_ text: String?) -> String { text.map(JSONText.quoted) ?? "null" }
    let parts = [
      "generation=\(parserGeneration)",
      "format=\(options.format.rawValue)",
      "strict=\(options.parser.strict)",
      "skip-invalid=\(options.parser.skipInvalid)",
      "metric-name=\(quoted(options.parser.metricName))",
      "revision=\(quoted(attributor.forcedRevision))",
      "revision-labels=[\(attributor.revisionLabels.map(quoted).joined(separator: ","))]",
      "namespaces=\(attributor.namespaceMap.canonicalText)",
    ]
    return parts.joined(separator: ";")
  }

  /// The ``Digest64`` of `text`'s UTF-8 bytes.
  static func digest(_ text: String) -> Int64 {
    var hash = Digest64()
    hash.add(utf8: text)
    return hash.value
  }

  /// The ``StoredInput/pathKey`` of `path` (absolute), without building the string.
  static func pathKey(directory: String?, path: String) -> Int64 {
    var hash = Digest64()
    var relative = Substring(path)
    if let directory, !path.hasPrefix("/") {
      if directory != "/" { hash.add(utf8: directory) }
      hash.add(utf8: "/")
      while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
    }
    hash.add(utf8: relative)
    return hash.value
  }
}

/// A flag one thread raises and others read.
final class Flag: @unchecked Sendable {
  private let lock = NSLock()
  private var raised = false

  /// Raises it (for good).
  func raise() {
    lock.lock()
    raised = true
    lock.unlock()
  }

  /// Whether it was raised.
  var isRaised: Bool {
    lock.lock()
    defer { lock.unlock() }
    return raised
  }
}

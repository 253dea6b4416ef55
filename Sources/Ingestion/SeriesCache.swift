/// The series of one ingest by identity, kept on the parser thread: each distinct series gets
/// one handle for the whole ingest, whatever its spelling and in whichever input it appears.
///
/// Parsers intern series by raw text; only a text they have not seen reaches the handler,
/// which builds the series' canonical key (its label JSON) once and looks it up here.
/// Bounded by the number of distinct series, not samples.
struct SeriesCache {
  private var handles: [String: Int32] = [:]

  /// The number of distinct series so far; the next new series gets this handle.
  private(set) var count: Int32 = 0

  /// The handle of the series with ``SeriesRecord/key`` `key`, if this ingest has seen it.
  func handle(forKey key: String) -> Int32? {
    handles[key]
  }

  /// Gives the series `key`, not seen before, the next handle.
  mutating func add(key: String) -> Int32 {
    let handle = count
    handles[key] = handle
    count += 1
    return handle
  }
}

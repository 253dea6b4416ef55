/// What the parses of one input stream share: a directory of one collector's scrapes, read
/// file after file by one ingest.
///
/// The format is detected on the stream's first non-empty input and kept for the rest, and
/// series are interned by their raw text across every file, so a series already seen costs a
/// hash and a lookup in the next file too, with no label parsing. Strict parses do not share
/// the interner: their per-series checks run in every file.
final class ParseStream {
  /// Raw series text → handle, across the stream's files.
  let interner = SeriesInterner()
  /// The format detected on the first non-empty input, once there was one.
  var format: InputFormat?

  /// Creates an empty stream.
  init() {}
}

/// What the parses of one input stream share: a directory of one collector's scrapes, read
/// file after file by one ingest.
///
/// The format is detected on the stream's first non-empty input and kept for the rest, and
/// series are interned by their raw text across every file, so a series already seen costs a
/// hash and a lookup in the next file too, with no label parsing. Strict parses do not share
/// the interner: their per-series checks run in every file. A lenient text parse keeps its
/// parser for the next file, so a scrape of a few kilobytes does not build and free the
/// parser's tables each time (``ExpositionParser/startInput()`` clears what is per file).
final class ParseStream {
  /// Raw series text → handle, across the stream's files.
  let interner = SeriesInterner()
  /// The series texts every lenient parser of the ingest described (nil: none shared).
  let described: DescribedSeries?
  /// The format detected on the first non-empty input, once there was one.
  var format: InputFormat?
  /// The lenient text parser the last input used, kept for the next.
  private var parser: ExpositionParser?

  /// The kept parser, when it parses `dialect` with `requiresEOF`, cleared for a new input
  /// and taken out of the stream (so its tables are not shared while it parses). Only
  /// lenient parsers are kept (``keepParser(_:)``).
  func takeParser(dialect: ExpositionDialect, requiresEOF: Bool) -> ExpositionParser? {
    guard parser?.dialect == dialect, parser?.requiresEOF == requiresEOF,
      var kept = parser.take()
    else { return nil }
    kept.startInput()
    return kept
  }

  /// Keeps `used`, a lenient parser sharing this stream's interner, for the next input.
  func keepParser(_ used: ExpositionParser) {
    guard !used.strict, used.interner === interner else { return }
    parser = used
  }

  /// Creates an empty stream whose lenient parsers share `described`.
  init(described: DescribedSeries? = nil) {
    self.described = described
  }
}

import Foundation
import MetricModel

/// The series texts one ingest's lenient text parsers have described, shared by every thread
/// that parses: raw `name{labels}` bytes → the name and labels their parse gave.
///
/// Each pool worker interns series in its own tables, so without this every worker would parse
/// and validate the labels of every series it meets once more (a series' label set costs a
/// hundred times its lookup). A series' name and labels follow from its bytes and the dialect
/// alone; its family and type come from the `# TYPE` lines of the file at hand, so a parser
/// resolves those itself. Only successful descriptions are recorded; the lock is taken once per
/// series new to a worker, never per sample.
final class DescribedSeries: @unchecked Sendable {
  private let lock = NSLock()
  /// Per dialect (text format 0.0.4, OpenMetrics): text → index into `described`.
  private let prometheusTexts = SeriesInterner()
  private let openMetricsTexts = SeriesInterner()
  private var described: [(name: String, labels: LabelSet)] = []

  init() {}

  /// The name and labels recorded for the `length` bytes at `key` (their
  /// ``SeriesInterner/hash(_:count:)`` is `hash`) read in `dialect`.
  func lookup(
    _ key: UnsafeRawPointer, length: Int, hash: UInt64, dialect: ExpositionDialect
  ) -> (name: String, labels: LabelSet)? {
    lock.lock()
    defer { lock.unlock() }
    guard let index = texts(dialect).handle(for: key, length: length, hash: hash) else {
      return nil
    }
    return described[Int(index)]
  }

  /// Records what a parser made of the text at `key`, unless another thread was first.
  func record(
    _ key: UnsafeRawPointer, length: Int, hash: UInt64, dialect: ExpositionDialect,
    name: String, labels: LabelSet
  ) {
    lock.lock()
    defer { lock.unlock() }
    let table = texts(dialect)
    guard table.handle(for: key, length: length, hash: hash) == nil else { return }
    table.insert(key, length: length, hash: hash, handle: Int32(described.count))
    described.append((name, labels))
  }

  /// The number of texts recorded.
  var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return described.count
  }

  private func texts(_ dialect: ExpositionDialect) -> SeriesInterner {
    dialect == .openMetrics ? openMetricsTexts : prometheusTexts
  }
}

/// The evaluation times of one `/api/v1/query_range` request: `start`, `start + step`, ...,
/// up to `end` (Unix milliseconds).
public struct QueryRange: Sendable, Equatable {
  /// First evaluation time, Unix milliseconds.
  public var start: Int64
  /// Last evaluation time, Unix milliseconds (a multiple of `step` after `start`, or before).
  public var end: Int64
  /// Resolution, milliseconds; positive.
  public var step: Int64

  /// Prometheus refuses a range query with more points than this per series.
  public static let prometheusMaximumPoints = 11_000

  /// Creates a range.
  public init(start: Int64, end: Int64, step: Int64) {
    self.start = start
    self.end = end
    self.step = step
  }

  /// How many evaluation times the range holds (0 when `end` precedes `start`).
  public var points: Int {
    guard end >= start, step > 0 else { return 0 }
    return Int((end - start) / step) + 1
  }

  /// The range cut into consecutive ranges of at most `maximumPoints` evaluation times each,
  /// on the same grid, so the concatenated results equal one request's.
  public func split(maximumPoints: Int = QueryRange.prometheusMaximumPoints) -> [QueryRange] {
    guard points > 0 else { return [] }
    let size = Int64(max(1, maximumPoints))
    var pieces: [QueryRange] = []
    var pieceStart = start
    while pieceStart <= end {
      let pieceEnd = min(pieceStart + (size - 1) * step, end)
      pieces.append(QueryRange(start: pieceStart, end: pieceEnd, step: step))
      pieceStart = pieceEnd + step
    }
    return pieces
  }
}

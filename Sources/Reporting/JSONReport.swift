import Analysis
import Foundation

/// The machine-readable report (`--output json`), in SPEC.md's layout: every key present,
/// absent numbers as `null`, per-step values as `[unixSeconds, value]` pairs.
public enum JSONReport {
  /// Writes a report as pretty-printed JSON with sorted keys and a trailing newline.
  ///
  /// The same report gives the same bytes. A non-finite number (NaN, infinity) is a bug
  /// upstream: it is refused rather than written, since JSON has no such value and a
  /// consumer would read garbage.
  ///
  /// - Throws: ``Failure/nonFiniteNumber(path:)`` naming the offending field.
  public static func render(_ report: AnalysisReport) throws -> String {
    try text(of: report)
  }

  /// Reads a report written by ``render(_:)``; `decode(render(r)) == r`.
  ///
  /// - Throws: ``Failure/unreadable(path:message:)`` for text that is not such a report,
  ///   ``Failure/unsupportedSchema(version:)`` for a layout this build does not know.
  public static func decode(_ text: String) throws -> AnalysisReport {
    let report: AnalysisReport
    do {
      report = try JSONDecoder().decode(AnalysisReport.self, from: Data(text.utf8))
    } catch let error as DecodingError {
      throw Failure(error)
    }
    guard report.schemaVersion == 1 else {
      throw Failure.unsupportedSchema(version: report.schemaVersion)
    }
    return report
  }

  /// Any encodable value in the report's JSON style (the Markdown report shows the
  /// configuration this way).
  static func text(of value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // The default, stated because the contract depends on it: NaN throws, never "NaN".
    encoder.nonConformingFloatEncodingStrategy = .throw
    let text: String
    do {
      text = String(decoding: try encoder.encode(value), as: UTF8.self)
    } catch let error as EncodingError {
      throw Failure(error)
    }
    // The encoder writes an empty array as `[`, a blank line and `]`; `[]` reads better. A
    // JSON string never holds a raw newline, so this cannot touch a value.
    return text.replacing(/\[\n\s*\n\s*\]/, with: "[]") + "\n"
  }

  /// Why a report could not be written or read as JSON.
  public enum Failure: Error, Equatable, CustomStringConvertible {
    /// A number that JSON cannot hold (NaN or infinity) at a path such as
    /// `metrics[2].effect.ratio`.
    case nonFiniteNumber(path: String)
    /// The text is not a JSON report; `path` is where reading stopped.
    case unreadable(path: String, message: String)
    /// A `schemaVersion` other than 1.
    case unsupportedSchema(version: Int)

    /// The one-line message a user sees.
    public var description: String {
      switch self {
      case .nonFiniteNumber(let path):
        "internal error: the report holds a non-finite number at \(path); JSON has none"
      case .unreadable(let path, let message):
        path.isEmpty
          ? "not a canary JSON report: \(message)"
          : "not a canary JSON report: at \(path): \(message)"
      case .unsupportedSchema(let version):
        "JSON report schema version \(version) is not supported; this canary reads version 1"
      }
    }

    /// The failure an encoder error stands for.
    init(_ error: EncodingError) {
      switch error {
      case .invalidValue(_, let context):
        self = .nonFiniteNumber(path: Self.path(context.codingPath))
      @unknown default:
        self = .nonFiniteNumber(path: "")
      }
    }

    /// The failure a decoder error stands for.
    init(_ error: DecodingError) {
      switch error {
      case .typeMismatch(_, let context), .valueNotFound(_, let context),
        .dataCorrupted(let context):
        self = .unreadable(path: Self.path(context.codingPath), message: context.debugDescription)
      case .keyNotFound(let key, let context):
        self = .unreadable(
          path: Self.path(context.codingPath), message: "missing key \"\(key.stringValue)\"")
      @unknown default:
        self = .unreadable(path: "", message: String(describing: error))
      }
    }

    /// `metrics[2].effect.ratio` from a coding path.
    static func path(_ keys: [any CodingKey]) -> String {
      var text = ""
      for key in keys {
        if let index = key.intValue {
          text += "[\(index)]"
        } else {
          text += (text.isEmpty ? "" : ".") + key.stringValue
        }
      }
      return text
    }
  }
}

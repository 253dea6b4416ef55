import Analysis
import Ingestion
import MetricModel
import Remote
import Store
import Workflows

/// The process exit codes of SPEC.md, defined here once. No error path exits 1: 1 is rollback.
enum ExitStatus: Int32 {
  /// Success; for `analyze`, verdict promote.
  case success = 0
  /// `analyze`: verdict rollback.
  case rollback = 1
  /// `analyze`: verdict inconclusive.
  case inconclusive = 2
  /// Usage error: unknown flag, bad TIME.
  case usage = 64
  /// Bad input data or configuration.
  case dataError = 65
  /// An input, the database or a named revision does not exist.
  case noInput = 66
  /// Internal error: a bug.
  case internalError = 70
  /// I/O error: unreadable or corrupt database, locked, disk full.
  case ioError = 74
  /// Temporary failure: a remote server did not answer.
  case temporaryFailure = 75

  /// The status and the one-line message for an error a command threw.
  static func classify(_ error: any Error) -> (ExitStatus, String) {
    switch error {
    case let error as CommandFailure:
      return (error.status, error.message)
    case let error as IngestionError:
      switch error {
      case .missingInput, .emptyDirectory, .unreadable: return (.noInput, error.description)
      case .malformed, .badNamespaceMap: return (.dataError, error.description)
      }
    case let error as StoreError:
      if case .internalError = error { return (.internalError, error.description) }
      return (.ioError, error.description)
    case let error as WorkflowError:
      switch error {
      case .missingDatabase, .unknownRevision, .missingAnalysis:
        return (.noInput, error.description)
      case .emptyWindow: return (.usage, error.description)
      case .noWindow: return (.usage, error.description)
      case .unreadableReport: return (.ioError, error.description)
      }
    case let error as TimeSpecification.Invalid:
      return (.usage, error.description)
    case let error as AnalysisError:
      switch error {
      case .unknownRevision: return (.noInput, error.description)
      case .invalidWindow: return (.usage, error.description)
      }
    case let error as RemoteError:
      switch error {
      case .unreachable: return (.temporaryFailure, error.description)
      case .promQL, .rejected, .badResponse: return (.dataError, error.description)
      case .unreadableFile: return (.noInput, error.description)
      case .unsupported: return (.usage, error.description)
      }
    default:
      return (.internalError, "internal error (a bug, please report it): \(error)")
    }
  }
}

/// An error raised by the executable itself, with the status it exits with.
struct CommandFailure: Error {
  /// Exit status.
  var status: ExitStatus
  /// One-line message.
  var message: String
}

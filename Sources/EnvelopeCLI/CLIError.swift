import EnvelopeCore
import EnvelopeStore

/// An error a command reports: one `error:` line on standard error and an exit code.
///
/// Exit codes: 64 when the command line cannot be used as written (an unknown flag, a
/// malformed value, a missing argument); 1 when the command was understood but failed (an
/// unknown id, a refused write, a damaged ledger); 2 when `diff --fail-if-increase` finds a
/// figure grew past its limit.
enum CLIError: Error, Equatable, CustomStringConvertible {
  case usage(String)
  case failure(String)
  case limitExceeded(String)

  var description: String {
    switch self {
    case .usage(let message), .failure(let message), .limitExceeded(let message): return message
    }
  }

  var exitCode: Int32 {
    switch self {
    case .usage: return 64
    case .failure: return 1
    case .limitExceeded: return 2
    }
  }

  /// Classifies any error a command's body throws.
  init(_ error: any Error) {
    switch error {
    case let error as CLIError: self = error
    case let error as EngineError: self = .usage(error.description)
    case let error as StoreError:
      if case .invalid = error {
        self = .usage(error.description)
      } else {
        self = .failure(error.description)
      }
    default: self = .failure("\(error)")
    }
  }
}

import EnvelopeCore
import Foundation

/// Why a value typed on the command line was refused: the reason alone, since ArgumentParser's
/// message names the flag and the value before it.
///
/// A reader given to `@Option(transform:)` throws it, and ArgumentParser appends it:
/// `error: the value '0' is invalid for '--dau <n>': must be greater than 0`. An
/// `ExpressibleByArgument` type cannot say why it refuses a value, so ``Typed`` notes the reason
/// here instead, and ``Envelope/reportParsing(_:)`` appends it with ``explain(_:)``.
struct Refusal: Error, Equatable, CustomStringConvertible {
  var description: String

  init(_ reason: String) {
    description = reason
  }

  /// The reason an error gives: an engine error's without its field and value.
  init(_ error: any Error) {
    switch error {
    case let refusal as Refusal: self = refusal
    case EngineError.invalidQuantity(_, _, let reason), EngineError.outOfRange(_, _, let reason):
      description = reason
    default: description = "\(error)"
    }
  }

  private static let lock = NSLock()
  nonisolated(unsafe) private static var last: (text: String, refusal: Refusal)?

  /// Notes why `text` was refused, for ``explain(_:)``.
  static func note(_ refusal: Refusal, for text: String) {
    lock.withLock { last = (text, refusal) }
  }

  /// ArgumentParser's message about a refused value with the reason noted for that value:
  /// `The value '0' is invalid for '--dau <n>'` gets `: must be greater than 0`.
  ///
  /// - Parameter message: The first line of ArgumentParser's message.
  /// - Returns: The message, with the reason when one was noted for the value it names.
  static func explain(_ message: String) -> String {
    guard let (text, refusal) = lock.withLock({ last }),
      message.hasPrefix("The value '\(text)' is invalid for '"), message.hasSuffix("'")
    else { return message }
    return message + ": " + refusal.description
  }
}

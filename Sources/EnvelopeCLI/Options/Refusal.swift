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
  /// The last refusal, and every refusal by the text refused: parsing stops at the first refused
  /// value, which is the last noted; the others answer for a value refused on another thread
  /// in between (tests parse in parallel in one process).
  nonisolated(unsafe) private static var last: (text: String, refusal: Refusal)?
  nonisolated(unsafe) private static var byText: [String: Refusal] = [:]

  /// Notes why `text` was refused, for ``explain(_:)``.
  static func note(_ refusal: Refusal, for text: String) {
    lock.withLock {
      last = (text, refusal)
      byText[text] = refusal
    }
  }

  /// ArgumentParser's message about a refused value with the reason noted for that value:
  /// `The value '0' is invalid for '--dau <n>'` gets `: must be greater than 0`.
  ///
  /// - Parameter message: The first line of ArgumentParser's message.
  /// - Returns: The message, with the reason when one was noted for the value it names.
  static func explain(_ message: String) -> String {
    let prefix = "The value '"
    guard message.hasPrefix(prefix), message.hasSuffix("'"),
      let end = message.range(of: "' is invalid for '", options: .backwards)
    else { return message }
    let start = message.index(message.startIndex, offsetBy: prefix.count)
    guard start <= end.lowerBound else { return message }
    let text = String(message[start..<end.lowerBound])
    let refusal: Refusal? = lock.withLock {
      if let last, last.text == text { return last.refusal }
      return byText[text]
    }
    guard let refusal else { return message }
    return message + ": " + refusal.description
  }
}

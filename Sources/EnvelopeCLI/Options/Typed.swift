import ArgumentParser
import EnvelopeCore

/// A value read from the command line by `Reader`'s rule, with the text it was read from.
///
/// A command computes with the value, in base units; an estimate's snapshot keeps the text as
/// the user typed it (`ScenarioOverride("--dau", "200M")`). The value is read as ArgumentParser
/// parses the command line, so a malformed one is refused before a command runs or opens the
/// ledger: `@Option var dau: Typed<Count>?`.
struct Typed<Reader: ArgumentReader>: ExpressibleByArgument, Sendable {
  /// The value: bytes, FLOP/s, a fraction, a whole number, a precision, a date.
  var value: Reader.Value
  /// The text as typed: `200M`, `2KB`, `25%`, `FP16`.
  var text: String

  init(_ value: Reader.Value, _ text: String) {
    self.value = value
    self.text = text
  }

  init?(argument text: String) {
    do {
      self.init(try Reader.read(text), text)
    } catch {
      Refusal.note(Refusal(error), for: text)
      return nil
    }
  }
}

extension Typed where Reader: QuantityUnit {
  /// A reader for `@Option(transform:)`, for a flag that accepts other values than its unit
  /// does: `--days-per-month`, at most 31.
  ///
  /// A `note` is said after the reason when the value is out of range:
  /// `must be at least 1 (peak ≥ average)`.
  static func reader(_ range: QuantityRange, note: String? = nil)
    -> @Sendable (String) throws -> Self
  {
    { text in
      do {
        return Typed(try Reader.read(text, range: range), text)
      } catch EngineError.outOfRange(_, _, let reason) {
        throw Refusal(note.map { "\(reason) (\($0))" } ?? reason)
      } catch {
        throw Refusal(error)
      }
    }
  }
}

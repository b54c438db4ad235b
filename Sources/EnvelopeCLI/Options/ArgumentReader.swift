import EnvelopeCore
import EnvelopeStore

/// A rule for reading the text of a flag or an argument: `Typed<Count>`, `Typed<Precision>`.
///
/// The engine's parsers hold the rules for quantities, dates, precisions, currency codes and
/// metrics; the readers here add the command line's own: ids, one line of text, entries and lists.
protocol ArgumentReader: SendableMetatype {
  /// What the text is read into.
  associatedtype Value: Sendable

  /// Reads the text typed.
  ///
  /// - Throws: ``Refusal``, or ``EnvelopeCore/EngineError`` naming the value, when the text is
  ///   refused.
  static func read(_ text: String) throws -> Value
}

/// A whole number of at least 1, below 10^15: `32`, `4k`.
enum WholeNumber: ArgumentReader {
  static func read(_ text: String) throws -> Int {
    try Quantity.parseWholeNumber(text, field: "value")
  }
}

/// A value of the engine read by its own parser: a precision (`fp16`, `BF16`), a date
/// (`2026-11-27`), a metric (`storage_bytes` or `storage`).
protocol ParsedByTheEngine: ArgumentReader, Sendable where Value == Self {
  static func parse(_ text: String, field: String) throws -> Self
}

extension ParsedByTheEngine {
  static func read(_ text: String) throws -> Self {
    try parse(text, field: "value")
  }
}

extension Precision: ParsedByTheEngine {}
extension CalendarDate: ParsedByTheEngine {}
extension ActualMetric: ParsedByTheEngine {}

extension CurrencyCode: ArgumentReader {
  /// Reads a currency code in any case, as capitals: `usd` is `USD`.
  static func read(_ text: String) throws -> String {
    try parse(text)
  }
}

/// The id of a GPU, a model or a scenario, `Item` naming its kind in messages: `a100-80gb`,
/// `llama-3.1-8b`, `seed-chat`.
enum CatalogueID<Item: CatalogueItem>: ArgumentReader {
  /// What an id may hold, as messages say it.
  static var rule: String {
    "1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, "
      + "like a100-80gb"
  }

  /// Whether `text` is an id.
  static func isValid(_ text: String) -> Bool {
    let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
    guard let first = text.first, first.isLetter || first.isNumber else { return false }
    return text.count <= 64 && text.allSatisfy { allowed.contains($0) }
  }

  static func read(_ text: String) throws -> String {
    guard isValid(text) else { throw Refusal("a \(Item.kindName) id is \(rule)") }
    return text
  }
}

/// One line of text, not empty: a note, a name.
enum Text: ArgumentReader {
  static func read(_ text: String) throws -> String {
    if text.isEmpty { throw Refusal("must not be empty") }
    return try TextOrEmpty.read(text)
  }
}

/// One line of text, possibly empty: a vendor, a description.
enum TextOrEmpty: ArgumentReader {
  static func read(_ text: String) throws -> String {
    if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) {
      throw Refusal("must not hold control characters or line breaks")
    }
    return text
  }
}

/// A ledger entry's id: a whole number of at least 1.
enum EntryID: ArgumentReader {
  static func read(_ text: String) throws -> Int64 {
    guard let id = Int64(text), id > 0 else { throw Refusal("expected an entry id like 12") }
    return id
  }
}

extension EntryReference: ArgumentReader {
  static func read(_ text: String) throws -> EntryReference {
    try EntryReference(parsing: text)
  }
}

/// A comma-separated list, each item read by `Item`: `a100-80gb,h100-sxm`.
enum CommaSeparated<Item: ArgumentReader>: ArgumentReader {
  static func read(_ text: String) throws -> [Item.Value] {
    let items = text.split(separator: ",").map { String($0.trimmedSpaces) }
    guard !items.isEmpty else { throw Refusal("expected a list like a,b,c") }
    return try items.map { item in
      do {
        return try Item.read(item)
      } catch let refusal where items.count > 1 {
        throw Refusal("'\(item)': \(Refusal(refusal))")
      }
    }
  }
}

/// Which calibration an estimate uses: `none`, or a calibration's id.
enum CalibrationChoice: ArgumentReader, Equatable {
  case uncalibrated
  case id(Int64)

  static func read(_ text: String) throws -> CalibrationChoice {
    if text.lowercased() == "none" { return .uncalibrated }
    guard let id = Int64(text), id > 0 else {
      throw Refusal("expected 'none' or a calibration id like 3 (see 'envelope calibrate')")
    }
    return .id(id)
  }
}

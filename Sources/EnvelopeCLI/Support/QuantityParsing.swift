import EnvelopeCore

/// Reading the human quantities of command-line flags into base units.
enum Parse {
  /// The quantity a flag holds, or `nil` when the flag was not given.
  ///
  /// - Throws: ``CLIError/usage(_:)`` naming the flag and the value.
  static func quantity(
    _ text: String?, _ flag: String, as kind: QuantityKind, range: QuantityRange = .positive
  ) throws -> Double? {
    guard let text else { return nil }
    do {
      return try Quantity.parse(text, as: kind, field: flag, range: range)
    } catch let error as EngineError {
      throw CLIError.usage(error.description)
    }
  }

  /// A whole number a flag holds (`--layers 32`), or `nil` when not given.
  static func whole(_ text: String?, _ flag: String) throws -> Int? {
    guard let value = try quantity(text, flag, as: .count, range: .positiveWholeNumber) else {
      return nil
    }
    guard value < 1e15 else {
      throw CLIError.usage("value '\(text ?? "")' for \(flag) is out of range: too large")
    }
    return Int(value)
  }

  /// A precision a flag holds, or `nil` when not given.
  static func precision(_ text: String?, _ flag: String = "--precision") throws -> Precision? {
    guard let text else { return nil }
    do {
      return try Precision.parse(text, field: flag)
    } catch let error as EngineError {
      throw CLIError.usage(error.description)
    }
  }

  /// A date a flag holds (`2026-11-27`), or `nil` when not given.
  static func date(_ text: String?, _ flag: String) throws -> CalendarDate? {
    guard let text else { return nil }
    do {
      return try CalendarDate.parse(text, field: flag)
    } catch let error as EngineError {
      throw CLIError.usage(error.description)
    }
  }

  /// An id a flag or argument holds: lowercase letters, digits, `.`, `_` and `-`.
  static func identifier(_ text: String, _ what: String) throws -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
    guard !text.isEmpty, text.count <= 64, text.allSatisfy({ allowed.contains($0) }),
      let first = text.first, first.isLetter || first.isNumber
    else {
      throw CLIError.usage(
        "invalid \(what) '\(text)': use 1 to 64 lowercase letters, digits, '.', '_' or '-', "
          + "starting with a letter or digit, like a100-80gb")
    }
    return text
  }

  /// Free text a flag holds, refused when empty or holding control characters.
  static func text(_ text: String?, _ flag: String, allowEmpty: Bool = false) throws -> String? {
    guard let text else { return nil }
    if text.isEmpty && !allowEmpty { throw CLIError.usage("\(flag) needs a non-empty value") }
    if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) {
      throw CLIError.usage("\(flag) must not hold control characters or line breaks")
    }
    return text
  }
}

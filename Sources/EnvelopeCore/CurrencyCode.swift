/// Reading a currency code: three letters, like `USD`, `EUR` or `JPY`.
public enum CurrencyCode {
  /// Reads a currency code, ignoring case.
  ///
  /// - Parameters:
  ///   - text: What the user wrote, for example `usd`.
  ///   - field: The field's name, used in error messages (`--currency`).
  /// - Returns: The code in capitals: `USD`.
  /// - Throws: ``EngineError/invalidQuantity(field:value:reason:)`` naming the field and the value
  ///   when the text is not three ASCII letters.
  public static func parse(_ text: String, field: String = "currency") throws -> String {
    let code = text.uppercased()
    guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
      throw EngineError.invalidQuantity(
        field: field, value: text, reason: "expected a code like USD")
    }
    return code
  }
}

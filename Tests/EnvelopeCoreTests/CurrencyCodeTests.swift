import Testing

@testable import EnvelopeCore

struct CurrencyCodeTests {
  @Test func readsThreeLettersIgnoringCase() throws {
    #expect(try CurrencyCode.parse("usd") == "USD")
    #expect(try CurrencyCode.parse("EUR", field: "--currency") == "EUR")
    for bad in ["dollars", "us", "", "U$D", "\u{E9}\u{E9}\u{E9}"] {
      #expect(
        throws: EngineError.invalidQuantity(
          field: "--currency", value: bad, reason: "expected a code like USD")
      ) { try CurrencyCode.parse(bad, field: "--currency") }
    }
  }
}

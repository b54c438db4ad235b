import Testing

@testable import EnvelopeRender

/// CSV quoting (RFC 4180): a field is quoted when it holds a comma, a quote or a line break.
struct CSVTests {
  @Test(
    arguments: [
      ("plain", "plain"), ("", ""), ("1.5e+12", "1.5e+12"), ("naïve café", "naïve café"),
      ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
      ("cr\ronly", "\"cr\ronly\""), ("crlf\r\nend", "\"crlf\r\nend\""),
      ("é,\u{301}", "\"é,\u{301}\""),
    ])
  func aFieldIsQuotedOnlyWhenItMustBe(text: String, expected: String) {
    #expect(CSV.field(text) == expected)
  }

  @Test func aLineJoinsItsFieldsWithCommas() {
    #expect(CSV.line(["1", "a,b", ""]) == "1,\"a,b\",")
  }
}

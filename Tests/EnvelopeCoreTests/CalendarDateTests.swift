import EnvelopeCore
import Testing

/// Dates as the ledger and the command line write them: YYYY-MM-DD, in the Gregorian calendar.
struct CalendarDateTests {
  @Test(arguments: [
    ("2026-01-31", 2026, 1, 31), ("2024-02-29", 2024, 2, 29), ("2000-02-29", 2000, 2, 29),
    ("0001-01-01", 1, 1, 1), ("9999-12-31", 9999, 12, 31),
  ])
  func aDateIsRead(text: String, year: Int, month: Int, day: Int) throws {
    let date = try CalendarDate.parse(text)
    #expect(date == (try CalendarDate(year: year, month: month, day: day)))
    #expect(date.description == text)
  }

  @Test(arguments: [
    "", "2026-1-31", "2026-01-1", "26-01-31", "2026/01/31", "2026-01-31 ", " 2026-01-31",
    "2026-01-31T00:00:00Z", "2026-0a-31", "2026-+1-31", "２０２６-01-31", "2026-13-01",
    "2026-00-10", "2026-02-29", "1900-02-29", "2026-04-31", "2026-01-00", "2026--01-31",
  ])
  func anythingElseIsRefusedNamingTheField(text: String) {
    #expect {
      _ = try CalendarDate.parse(text, field: "as-of")
    } throws: { error in
      guard case EngineError.invalidQuantity(let field, let value, _) = error else { return false }
      return field == "as-of" && value == text
    }
  }
}

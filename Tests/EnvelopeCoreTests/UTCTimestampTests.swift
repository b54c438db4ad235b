import EnvelopeCore
import Foundation
import Testing

struct UTCTimestampTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var seconds: Int64
    var text: String
    var testDescription: String { text }
  }

  @Test(arguments: [
    Case(seconds: 0, text: "1970-01-01T00:00:00Z"),
    Case(seconds: 951_782_400, text: "2000-02-29T00:00:00Z"),
    Case(seconds: 1_735_689_599, text: "2024-12-31T23:59:59Z"),
    Case(seconds: 4_107_542_400, text: "2100-03-01T00:00:00Z"),
    Case(seconds: -1, text: "1969-12-31T23:59:59Z"),
  ])
  func formatsKnownMoments(_ example: Case) {
    #expect(UTCTimestamp(secondsSince1970: example.seconds).description == example.text)
  }

  /// The ledger's timestamps used to come from `ISO8601DateFormatter`; the arithmetic must
  /// write exactly what it wrote, across leap years and centuries.
  @Test func matchesFoundationsISO8601Formatter() {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    let calendar: Calendar = {
      var calendar = Calendar(identifier: .gregorian)
      calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
      return calendar
    }()
    var mismatches: [Int64] = []
    for seconds in stride(from: Int64(0), through: 7_000_000_000, by: 9_876_543) {
      let timestamp = UTCTimestamp(secondsSince1970: seconds)
      let date = Date(timeIntervalSince1970: TimeInterval(seconds))
      let parts = calendar.dateComponents([.year, .month, .day], from: date)
      if timestamp.description != formatter.string(from: date)
        || timestamp.date.year != parts.year || timestamp.date.month != parts.month
        || timestamp.date.day != parts.day
      {
        mismatches.append(seconds)
      }
    }
    #expect(mismatches.isEmpty)
  }
}

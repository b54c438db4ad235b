/// A calendar date without a time zone, written `YYYY-MM-DD`: a plan's `as_of` date.
public struct CalendarDate: Sendable, Equatable, Hashable, Comparable, Codable,
  CustomStringConvertible
{
  public var year: Int
  public var month: Int
  public var day: Int

  /// A date from its parts.
  ///
  /// - Throws: ``EngineError/invalidQuantity(field:value:reason:)`` for a day the calendar lacks.
  public init(year: Int, month: Int, day: Int) throws {
    let text = "\(year)-\(month)-\(day)"
    guard (1...9999).contains(year), (1...12).contains(month) else {
      throw EngineError.invalidQuantity(
        field: "date", value: text, reason: "expected a date like 2026-01-31")
    }
    guard (1...Self.daysIn(month: month, year: year)).contains(day) else {
      throw EngineError.invalidQuantity(
        field: "date", value: text, reason: "that month has no day \(day)")
    }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Reads `YYYY-MM-DD`.
  ///
  /// - Throws: ``EngineError/invalidQuantity(field:value:reason:)`` naming `field`.
  public static func parse(_ text: String, field: String = "date") throws -> CalendarDate {
    // Read as bytes: every ledger row's date passes through here, and splitting the text into
    // Characters cost more than the rest of reading the row.
    let bytes = Array(text.utf8)
    let digit = { (index: Int) -> Int? in
      let byte = bytes[index]
      return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        ? Int(byte - UInt8(ascii: "0")) : nil
    }
    let number = { (range: Range<Int>) -> Int? in
      range.reduce(0 as Int?) { total, index in
        guard let total, let value = digit(index) else { return nil }
        return total * 10 + value
      }
    }
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      let year = number(0..<4), let month = number(5..<7), let day = number(8..<10)
    else {
      throw EngineError.invalidQuantity(
        field: field, value: text, reason: "expected a date like 2026-01-31 (YYYY-MM-DD)")
    }
    do {
      return try CalendarDate(year: year, month: month, day: day)
    } catch EngineError.invalidQuantity(_, _, let reason) {
      throw EngineError.invalidQuantity(field: field, value: text, reason: reason)
    }
  }

  /// Days in a month of the Gregorian calendar.
  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// The same day `months` later, clamped to the end of a shorter month (Jan 31 + 1 = Feb 28).
  public func adding(months: Int) -> CalendarDate {
    let index = year * 12 + (month - 1) + months
    let newYear = index / 12
    let newMonth = index % 12 + 1
    var copy = self
    copy.year = newYear
    copy.month = newMonth
    copy.day = min(day, Self.daysIn(month: newMonth, year: newYear))
    return copy
  }

  /// Calendar months from `start` to this date: whole months, then the part month by its days.
  ///
  /// months = k + (days from start + k months to this date) ÷ (days from start + k months to
  /// start + k + 1 months), with k the most whole months (clamped to shorter months, as
  /// ``adding(months:)`` does) that end on or before this date. From 2026-09-01 to 2026-10-16
  /// is 1 + 15 ÷ 31 months; from 2026-01-31 to 2026-03-01 is 1 + 1 ÷ 31 (Feb 28 to Mar 31).
  /// A plan's storage per month accrues by these months, so a 30-day and a 31-day month each
  /// write one month's storage.
  ///
  /// - Parameter start: The earlier date.
  /// - Returns: Months, 0 when this date is not after `start`.
  public func months(since start: CalendarDate) -> Double {
    guard start < self else { return 0 }
    var whole = (year * 12 + month) - (start.year * 12 + start.month)
    if start.adding(months: whole) > self { whole -= 1 }
    let from = start.adding(months: whole)
    let to = start.adding(months: whole + 1)
    let span = Double(to.daysSinceEpoch - from.daysSinceEpoch)
    return Double(whole) + Double(daysSinceEpoch - from.daysSinceEpoch) / span
  }

  /// Days since 1970-01-01 (negative before), for day counts between dates.
  public var daysSinceEpoch: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    func pad(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  /// `YYYY-MM`.
  public var monthDescription: String { String(description.prefix(7)) }

  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  public init(from decoder: any Decoder) throws {
    self = try CalendarDate.parse(try decoder.singleValueContainer().decode(String.self))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

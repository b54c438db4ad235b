/// A moment as the ledger writes it: UTC, ISO 8601, to the second (`2026-01-31T09:05:00Z`).
///
/// Formatting is plain integer arithmetic on the proleptic Gregorian calendar, so recording an
/// entry needs no date formatter, time-zone database or locale data at start-up. The caller
/// reads the clock and passes the seconds in.
public struct UTCTimestamp: Sendable, Equatable, Comparable, CustomStringConvertible {
  /// Whole seconds since 1970-01-01T00:00:00Z.
  public var secondsSince1970: Int64

  /// A moment from whole seconds since 1970-01-01T00:00:00Z.
  ///
  /// - Parameter secondsSince1970: Seconds since the Unix epoch, UTC.
  public init(secondsSince1970: Int64) {
    self.secondsSince1970 = secondsSince1970
  }

  /// The UTC calendar date of this moment.
  public var date: CalendarDate {
    let parts = Self.civil(daysSince1970: Self.floorDivide(secondsSince1970, 86_400))
    return CalendarDate(uncheckedYear: parts.year, month: parts.month, day: parts.day)
  }

  /// `YYYY-MM-DDTHH:MM:SSZ`.
  public var description: String {
    let secondOfDay = secondsSince1970 - Self.floorDivide(secondsSince1970, 86_400) * 86_400
    let hour = Int(secondOfDay / 3_600)
    let minute = Int(secondOfDay % 3_600 / 60)
    let second = Int(secondOfDay % 60)
    func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
    return "\(date.description)T\(pad(hour)):\(pad(minute)):\(pad(second))Z"
  }

  public static func < (lhs: UTCTimestamp, rhs: UTCTimestamp) -> Bool {
    lhs.secondsSince1970 < rhs.secondsSince1970
  }

  /// Division rounding towards negative infinity, so moments before 1970 fall on the right day.
  static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return value % divisor < 0 ? quotient - 1 : quotient
  }

  /// The Gregorian year, month and day of a day number counted from 1970-01-01.
  ///
  /// Howard Hinnant's `civil_from_days`: eras of 400 years (146,097 days) starting on March 1,
  /// so the leap day falls at the end of each shifted year.
  ///
  /// - Parameter daysSince1970: Days since 1970-01-01 (day 0).
  /// - Returns: The year, the month (1–12) and the day of the month (1–31).
  static func civil(daysSince1970: Int64) -> (year: Int, month: Int, day: Int) {
    let shifted = daysSince1970 + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (Int(year), Int(month), Int(day))
  }
}

extension CalendarDate {
  /// A date from parts already known to be valid (computed, not typed by a user).
  init(uncheckedYear year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }
}

import EnvelopeCore

extension CalendarDate {
  /// Days since 1970-01-01 in the proleptic Gregorian calendar: a date's position on a
  /// chart's time axis.
  ///
  /// Howard Hinnant's `days_from_civil`: 1970-01-01 is 0, 1970-01-02 is 1.
  var dayNumber: Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}

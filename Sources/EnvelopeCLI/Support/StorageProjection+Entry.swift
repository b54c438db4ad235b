import EnvelopeCore

extension StorageProjection {
  /// Projects the storage of a recorded serving estimate from its as-of date.
  ///
  /// Reads the daily interaction and index data, the profiles and the days per month from the
  /// entry's results and inputs snapshot, as `envelope project` does.
  ///
  /// - Parameters:
  ///   - entry: A serving entry read with its snapshots.
  ///   - months: Months to project, 1 to 1,200.
  ///   - monthlyGrowth: Growth per month as a fraction.
  /// - Throws: ``EngineError`` for inputs out of range.
  init(entry: LedgerEntry, months: Int, monthlyGrowth: Double) throws {
    let results = JSONValue(text: entry.resultsJSON) ?? .null
    let inputs = JSONValue(text: entry.inputsJSON) ?? .null
    let seedInputs = inputs["seed_inputs"] ?? inputs["inputs"]
    try self.init(
      interactionBytesPerDay: results["interaction_bytes_per_day"]?.numberValue ?? 0,
      indexBytesPerDay: results["index_bytes_per_day"]?.numberValue ?? 0,
      profileBytes: results["user_data_bytes"]?.numberValue ?? 0,
      daysPerMonth: seedInputs?["days_per_month"]?.numberValue
        ?? ServingInputs.defaultDaysPerMonth,
      start: entry.asOf, monthCount: months, monthlyGrowth: monthlyGrowth)
  }

  /// The stored bytes the projection plans for `date`, between two month ends pro rata.
  ///
  /// The plan's date holds 0 (the projection counts what is written from then on), as the
  /// ledger's `plan_vs_actual` view does.
  ///
  /// - Parameters:
  ///   - date: The date to read.
  ///   - start: The plan's date.
  /// - Returns: The planned bytes, or `nil` outside the projection.
  func plannedStoredBytes(on date: CalendarDate, from start: CalendarDate) -> Double? {
    var previous = (day: start.dayNumber, bytes: 0.0)
    let day = date.dayNumber
    guard day >= previous.day else { return nil }
    for month in months {
      let end = month.endDate.dayNumber
      if day <= end {
        let share =
          end == previous.day ? 1 : Double(day - previous.day) / Double(end - previous.day)
        return previous.bytes + (month.storedBytes - previous.bytes) * share
      }
      previous = (end, month.storedBytes)
    }
    return nil
  }
}

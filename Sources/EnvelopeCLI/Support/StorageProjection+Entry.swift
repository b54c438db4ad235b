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
  ///   - retentionDays: Days interaction data is kept, or `nil` for ever.
  ///   - replication: Copies kept.
  /// - Throws: ``EngineError`` for inputs out of range.
  init(
    entry: LedgerEntry, months: Int, monthlyGrowth: Double, retentionDays: Double? = nil,
    replication: Double = 1
  ) throws {
    let results = JSONValue(text: entry.resultsJSON) ?? .null
    let inputs = JSONValue(text: entry.inputsJSON) ?? .null
    let seedInputs = inputs["seed_inputs"] ?? inputs["inputs"]
    try self.init(
      interactionBytesPerDay: results["interaction_bytes_per_day"]?.numberValue ?? 0,
      indexBytesPerDay: results["index_bytes_per_day"]?.numberValue ?? 0,
      profileBytes: results["user_data_bytes"]?.numberValue ?? 0,
      daysPerMonth: seedInputs?["days_per_month"]?.numberValue
        ?? ServingInputs.defaultDaysPerMonth,
      start: entry.asOf, monthCount: months, monthlyGrowth: monthlyGrowth,
      retentionDays: retentionDays, replication: replication)
  }

}

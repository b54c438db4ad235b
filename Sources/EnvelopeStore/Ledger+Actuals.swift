import EnvelopeCore
internal import GRDB

extension Ledger {
  /// Records a measurement, stamped with the ledger's clock; actuals, like estimates, are
  /// never changed.
  ///
  /// - Parameters:
  ///   - scenarioID: The scenario measured.
  ///   - metric: What was measured.
  ///   - value: The measurement in base units.
  ///   - measuredOn: The date of the measurement.
  ///   - note: A note kept with it.
  /// - Returns: The stored measurement.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown scenario.
  @discardableResult
  public func recordActual(
    scenarioID: String, metric: ActualMetric, value: Double, measuredOn: CalendarDate,
    note: String? = nil
  ) throws -> Actual {
    var record = ActualRecord(
      recordedAt: clock().description, measuredOn: measuredOn.description,
      scenarioID: scenarioID, metric: metric.rawValue, value: value, note: note,
      envelopeVersion: EnvelopeVersion.current)
    return try write { db in
      _ = try Self.scenario(scenarioID, in: db)
      record.id = try db.insertReturningID(record)
      return try record.actual()
    }
  }

  /// Measurements by date, filtered as asked.
  ///
  /// - Parameters:
  ///   - scenarioID: Only this scenario's.
  ///   - metric: Only this metric's.
  /// - Returns: The measurements, earliest first.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown scenario,
  ///   ``StoreError/unreadable(table:id:column:value:)`` for a metric this envelope does not
  ///   know.
  public func actuals(scenarioID: String? = nil, metric: ActualMetric? = nil) throws -> [Actual] {
    try read { db in
      var conditions: [String] = []
      var arguments: SQLArguments = []
      if let scenarioID {
        _ = try Self.scenario(scenarioID, in: db)
        conditions.append("scenario_id = ?")
        arguments.append(scenarioID)
      }
      if let metric {
        conditions.append("metric = ?")
        arguments.append(metric.rawValue)
      }
      let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
      return try db.fetchAll(
        ActualRecord.self, "SELECT * FROM actuals\(filter) ORDER BY measured_on, id", arguments
      ).map { try $0.actual() }
    }
  }
}

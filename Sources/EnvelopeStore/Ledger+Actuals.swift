import EnvelopeCore
import GRDB

extension Ledger {
  /// Records a measurement; actuals, like estimates, are never changed.
  ///
  /// - Parameters:
  ///   - scenarioID: The scenario measured.
  ///   - metric: What was measured.
  ///   - value: The measurement in base units.
  ///   - measuredOn: The date of the measurement.
  ///   - recordedAt: Now, UTC ISO 8601.
  ///   - note: A note kept with it.
  /// - Returns: The stored measurement.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown scenario.
  @discardableResult
  public func recordActual(
    scenarioID: String, metric: ActualMetric, value: Double, measuredOn: CalendarDate,
    recordedAt: String, note: String? = nil
  ) throws -> Actual {
    try write { db in
      _ = try Self.scenario(scenarioID, in: db)
      try db.execute(
        sql: """
          INSERT INTO actuals (recorded_at, measured_on, scenario_id, metric, value, note,
            envelope_version) VALUES (?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          recordedAt, measuredOn.description, scenarioID, metric.rawValue, value, note,
          EnvelopeVersion.current,
        ])
      return Actual(
        id: db.lastInsertedRowID, recordedAt: recordedAt, measuredOn: measuredOn,
        scenarioID: scenarioID, metric: metric, value: value, note: note)
    }
  }

  /// Measurements by date, filtered as asked.
  ///
  /// - Parameters:
  ///   - scenarioID: Only this scenario's.
  ///   - metric: Only this metric's.
  /// - Returns: The measurements, earliest first.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown scenario.
  public func actuals(scenarioID: String? = nil, metric: ActualMetric? = nil) throws -> [Actual] {
    try read { db in
      if let scenarioID { _ = try Self.scenario(scenarioID, in: db) }
      var conditions: [String] = []
      var arguments: [(any DatabaseValueConvertible)?] = []
      if let scenarioID {
        conditions.append("scenario_id = ?")
        arguments.append(scenarioID)
      }
      if let metric {
        conditions.append("metric = ?")
        arguments.append(metric.rawValue)
      }
      let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
      return try Row.fetchAll(
        db, sql: "SELECT * FROM actuals \(whereClause) ORDER BY measured_on, id",
        arguments: StatementArguments(arguments)
      ).map { row in
        let metricName: String = row["metric"]
        let dateText: String = row["measured_on"]
        return Actual(
          id: row["id"], recordedAt: row["recorded_at"],
          measuredOn: try CalendarDate.parse(dateText),
          scenarioID: row["scenario_id"], metric: ActualMetric(rawValue: metricName) ?? .trps,
          value: row["value"], note: row["note"])
      }
    }
  }
}

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
      try record.insert(db)
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
      var request = ActualRecord.all()
      if let scenarioID {
        _ = try Self.scenario(scenarioID, in: db)
        request = request.filter(ActualRecord.Columns.scenarioID == scenarioID)
      }
      if let metric {
        request = request.filter(ActualRecord.Columns.metric == metric.rawValue)
      }
      return try request.order(ActualRecord.Columns.measuredOn, ActualRecord.Columns.id)
        .fetchAll(db).map { try $0.actual() }
    }
  }
}

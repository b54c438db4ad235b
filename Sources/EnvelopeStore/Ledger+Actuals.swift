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

/// A measurement beside the plan in force on its date.
public struct PlannedActual: Sendable, Equatable {
  public var actual: Actual
  /// The scenario's latest current serving entry as of the measurement's date, if any.
  public var estimateID: Int64?
  public var planAsOf: CalendarDate?
  /// What that entry planned for the metric on the date (storage grows from the plan's date).
  public var planned: Double?
}

extension Ledger {
  /// Each of a scenario's measurements beside the plan in force on its date (the view
  /// `plan_vs_actual`).
  ///
  /// - Parameter scenarioID: The scenario.
  /// - Returns: The measurements by date.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown scenario.
  public func plannedActuals(scenarioID: String) throws -> [PlannedActual] {
    let actuals = try self.actuals(scenarioID: scenarioID)
    let plans = try read { db in
      try Row.fetchAll(
        db,
        sql:
          "SELECT actual_id, estimate_id, plan_as_of, planned FROM plan_vs_actual WHERE scenario_id = ?",
        arguments: [scenarioID])
    }
    var byID: [Int64: Row] = [:]
    for row in plans { byID[row["actual_id"]] = row }
    return actuals.map { actual in
      let row = byID[actual.id]
      let asOf: String? = row?["plan_as_of"]
      return PlannedActual(
        actual: actual, estimateID: row?["estimate_id"],
        planAsOf: asOf.flatMap { try? CalendarDate.parse($0) }, planned: row?["planned"])
    }
  }
}

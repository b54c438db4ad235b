import EnvelopeCore
internal import GRDB

extension Ledger {
  /// Records measurements, all or nothing, stamped with the ledger's clock.
  ///
  /// An import of a file with three runs records three measurements or none: every
  /// measurement is checked before the first is written, in one transaction.
  ///
  /// - Parameter measurements: What the benchmarks saw.
  /// - Returns: The stored measurements, in the order given.
  /// - Throws: ``EnvelopeCore/EngineError`` naming the first value out of range,
  ///   ``StoreError/unknown(kind:id:suggestions:)`` or ``StoreError/retired(kind:id:)`` for a
  ///   model or GPU the catalogue lacks or has retired; then nothing is recorded.
  @discardableResult
  public func recordMeasurements(_ measurements: [ServingMeasurement]) throws
    -> [RecordedMeasurement]
  {
    for measurement in measurements { try measurement.validate() }
    let now = clock().description
    return try write { db in
      try measurements.map { measurement in
        try Self.requireActive(modelID: measurement.modelID, gpuID: measurement.gpuID, in: db)
        var record = MeasurementRecord(measurement, recordedAt: now)
        record.id = try db.insertReturningID(record)
        return try record.recorded()
      }
    }
  }

  /// Records a measurement that corrects an earlier one.
  ///
  /// The earlier one stays, superseded: lists leave it out unless asked, and the view
  /// `current_measurements` never shows it.
  ///
  /// - Parameters:
  ///   - id: The measurement corrected.
  ///   - measurement: The correction.
  ///   - reason: Why; required.
  /// - Returns: The stored correction.
  /// - Throws: ``StoreError/invalid(field:value:reason:)`` for an empty reason,
  ///   ``StoreError/unknown(kind:id:suggestions:)`` for an unknown id,
  ///   ``StoreError/refused(reason:)`` when it is already superseded, or what
  ///   ``recordMeasurements(_:)`` throws; then nothing is recorded.
  @discardableResult
  public func supersedeMeasurement(
    id: Int64, with measurement: ServingMeasurement, reason: String
  ) throws -> RecordedMeasurement {
    guard reason.contains(where: { !$0.isWhitespace }) else {
      throw StoreError.invalid(
        field: "reason", value: reason, reason: "a correction needs a reason")
    }
    try measurement.validate()
    let now = clock().description
    return try write { db in
      let target = try Self.measurement(id, in: db)
      if let later = target.supersededBy {
        throw StoreError.refused(
          reason:
            "measurement \(id) is already superseded by measurement \(later); supersede \(later)")
      }
      try Self.requireActive(modelID: measurement.modelID, gpuID: measurement.gpuID, in: db)
      var record = MeasurementRecord(
        measurement, recordedAt: now, supersedes: id, reason: reason)
      record.id = try db.insertReturningID(record)
      return try record.recorded()
    }
  }

  /// One measurement, superseded or not.
  ///
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` naming the id.
  public func measurement(id: Int64) throws -> RecordedMeasurement {
    try read { db in try Self.measurement(id, in: db) }
  }

  /// Measurements in recording order, filtered as asked.
  ///
  /// - Parameters:
  ///   - modelID: Only this model's.
  ///   - gpuID: Only this GPU's.
  ///   - precision: Only those whose weights had this precision.
  ///   - includeSuperseded: Whether to list the measurements later ones correct.
  /// - Returns: The measurements by id.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for a model or GPU the catalogue
  ///   lacks, ``StoreError/unreadable(table:id:column:value:)`` for a row a newer Envelope
  ///   wrote.
  public func measurements(
    modelID: String? = nil, gpuID: String? = nil, precision: Precision? = nil,
    includeSuperseded: Bool = false
  ) throws -> [RecordedMeasurement] {
    try read { db in
      if let modelID { _ = try Self.entry(ModelProfile.self, id: modelID, in: db) }
      if let gpuID { _ = try Self.entry(GPUProfile.self, id: gpuID, in: db) }
      var conditions: [String] = []
      var arguments: SQLArguments = []
      for (column, value) in [
        ("model_id", modelID), ("gpu_id", gpuID), ("precision", precision?.rawValue),
      ] {
        guard let value else { continue }
        conditions.append("\(column) = ?")
        arguments.append(value)
      }
      if !includeSuperseded { conditions.append("superseded_by IS NULL") }
      let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
      var measurements: [RecordedMeasurement] = []
      try db.forEachRow(
        "SELECT * FROM (\(MeasurementRecord.selectSQL)) AS m\(filter) ORDER BY id", arguments
      ) { measurements.append(try Self.measurement($0)) }
      return measurements
    }
  }

  /// Number of measurements in the ledger, superseded ones included.
  public func measurementCount() throws -> Int {
    try read { db in try db.value(Int.self, "SELECT count(*) FROM measurements") ?? 0 }
  }

  static func measurement(_ id: Int64, in db: SQLSession) throws -> RecordedMeasurement {
    var found: RecordedMeasurement?
    try db.forEachRow("\(MeasurementRecord.selectSQL) WHERE m.id = ?", [id]) { row in
      found = try measurement(row)
    }
    guard let found else {
      throw StoreError.unknown(kind: "measurement", id: String(id), suggestions: [])
    }
    return found
  }

  /// A row of ``MeasurementRecord/selectSQL`` as the measurement it holds.
  static func measurement(_ row: Row) throws -> RecordedMeasurement {
    try MeasurementRecord(row: row).recorded(supersededBy: row["superseded_by"])
  }
}

import EnvelopeCore
internal import GRDB

extension Ledger {
  /// Records a calibration, stamped with the ledger's clock and this Envelope's version.
  ///
  /// - Parameter calibration: The fit; its `id`, `recordedAt` and `envelopeVersion` are
  ///   ignored and assigned here.
  /// - Returns: The stored calibration.
  /// - Throws: ``StoreError/invalid(field:value:reason:)`` for a count, error or factor out of
  ///   range; ``StoreError/unknown(kind:id:suggestions:)`` or ``StoreError/retired(kind:id:)``
  ///   for a GPU or model the catalogue lacks or has retired.
  @discardableResult
  public func recordCalibration(_ calibration: Calibration) throws -> Calibration {
    var record = try CalibrationRecord(calibration, recordedAt: clock().description)
    return try write { db in
      try Self.requireActive(modelID: calibration.modelID, gpuID: calibration.gpuID, in: db)
      record.id = try db.insertReturningID(record)
      return try record.calibration()
    }
  }

  /// One calibration.
  ///
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` naming the id.
  public func calibration(id: Int64) throws -> Calibration {
    try read { db in
      guard
        let record = try db.fetchOne(
          CalibrationRecord.self, "SELECT * FROM calibrations WHERE id = ?", [id])
      else {
        throw StoreError.unknown(kind: "calibration", id: String(id), suggestions: [])
      }
      return try record.calibration()
    }
  }

  /// Calibrations in recording order, filtered as asked.
  ///
  /// - Parameters:
  ///   - gpuID: Only this GPU's.
  ///   - modelID: Only those fitted to this model (pooled ones, fitted to every model, are
  ///     left out).
  /// - Returns: The calibrations by id.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for a GPU or model the catalogue
  ///   lacks.
  public func calibrations(gpuID: String? = nil, modelID: String? = nil) throws -> [Calibration] {
    try read { db in
      var conditions: [String] = []
      var arguments: SQLArguments = []
      if let gpuID {
        _ = try Self.entry(GPUProfile.self, id: gpuID, in: db)
        conditions.append("gpu_id = ?")
        arguments.append(gpuID)
      }
      if let modelID {
        _ = try Self.entry(ModelProfile.self, id: modelID, in: db)
        conditions.append("model_id = ?")
        arguments.append(modelID)
      }
      let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
      return try db.fetchAll(
        CalibrationRecord.self, "SELECT * FROM calibrations\(filter) ORDER BY id", arguments
      ).map { try $0.calibration() }
    }
  }

  /// The calibration an estimate of `modelID` at `precision` on `gpuID` uses: the latest
  /// recorded (the highest id) of those that apply to it
  /// (``EnvelopeCore/Calibration/applies(modelID:gpuID:precision:)``), whether fitted to that
  /// model or pooled over models, to that precision or to every one.
  ///
  /// - Parameters:
  ///   - modelID: The model estimated.
  ///   - gpuID: The GPU.
  ///   - precision: The weights' precision.
  /// - Returns: The calibration, or `nil` when none applies.
  /// - Throws: ``StoreError/unreadable(table:id:column:value:)`` for a row a newer Envelope
  ///   wrote.
  public func latestCalibration(modelID: String, gpuID: String, precision: Precision) throws
    -> Calibration?
  {
    try read { db in
      try db.fetchOne(
        CalibrationRecord.self,
        """
        SELECT * FROM calibrations
        WHERE gpu_id = ? AND (model_id IS NULL OR model_id = ?)
          AND (precision IS NULL OR precision = ?)
        ORDER BY id DESC LIMIT 1
        """, [gpuID, modelID, precision.rawValue]
      )?.calibration()
    }
  }
}

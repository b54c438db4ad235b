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
      try record.insert(db)
      return try record.calibration()
    }
  }

  /// One calibration.
  ///
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` naming the id.
  public func calibration(id: Int64) throws -> Calibration {
    try read { db in
      guard let record = try CalibrationRecord.fetchOne(db, key: id) else {
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
      var request = CalibrationRecord.all()
      if let gpuID {
        _ = try Self.entry(GPUProfile.self, id: gpuID, in: db)
        request = request.filter(CalibrationRecord.Columns.gpuID == gpuID)
      }
      if let modelID {
        _ = try Self.entry(ModelProfile.self, id: modelID, in: db)
        request = request.filter(CalibrationRecord.Columns.modelID == modelID)
      }
      return try request.order(CalibrationRecord.Columns.id).fetchAll(db).map {
        try $0.calibration()
      }
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
      let columns = CalibrationRecord.Columns.self
      return try CalibrationRecord.filter(columns.gpuID == gpuID)
        .filter(columns.modelID == nil || columns.modelID == modelID)
        .filter(columns.precision == nil || columns.precision == precision.rawValue)
        .order(columns.id.desc).fetchOne(db)?.calibration()
    }
  }
}

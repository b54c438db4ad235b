import EnvelopeCore
import Foundation
internal import GRDB

/// A row of `calibrations`: one fit of the serving model's factors, appended and never changed.
///
/// The factors and residuals are JSON text, in the keys of ``EnvelopeCore/CalibrationFactors``
/// and ``EnvelopeCore/CalibrationResidual``.
struct CalibrationRecord: Codable, FetchableRecord, EncodableRecord, TableRecord {
  static let databaseTableName = "calibrations"

  /// `nil` until inserted.
  var id: Int64?
  var recordedAt: String
  var gpuId: String
  var modelId: String?
  var precision: String?
  var factors: String
  var measurements: Int
  var errorBefore: Double
  var errorAfter: Double
  var residuals: String
  var envelopeVersion: String
  var note: String?

  // Columns are the properties' names in snake_case: `errorBefore` is `error_before`, `gpuId`
  // is `gpu_id` (spelt `Id`, not `ID`, so that the conversion reads back the name it wrote).
  static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
  static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

  /// The columns the ledger queries by.
  enum Columns {
    static let id = Column("id")
    static let gpuID = Column("gpu_id")
    static let modelID = Column("model_id")
    static let precision = Column("precision")
  }

  /// The row for a new calibration, stamped now and with this Envelope's version.
  ///
  /// - Parameters:
  ///   - calibration: The fit; its id, time stamp and version are not used.
  ///   - recordedAt: Now, as the ledger's clock says.
  /// - Throws: ``StoreError/invalid(field:value:reason:)`` for a count below 1, an error or
  ///   factor that is negative or not finite.
  init(_ calibration: Calibration, recordedAt: String) throws {
    let factors = calibration.factors
    let figures =
      [("error_before", calibration.errorBefore), ("error_after", calibration.errorAfter)]
      + CalibrationFit.Factor.allCases.map { ($0.key, factors[keyPath: $0.path]) }
    for (field, value) in figures where !(value.isFinite && value >= 0) {
      throw StoreError.invalid(
        field: field, value: "\(value)", reason: "must be a finite number, not negative")
    }
    for residual in calibration.residuals
    where ![residual.measured, residual.before, residual.after].allSatisfy(\.isFinite) {
      throw StoreError.invalid(
        field: "residuals", value: "measurement \(residual.measurementID)",
        reason: "every figure of a residual must be finite")
    }
    guard calibration.measurementCount > 0 else {
      throw StoreError.invalid(
        field: "measurements", value: String(calibration.measurementCount),
        reason: "a calibration is fitted to at least one measurement")
    }
    self.recordedAt = recordedAt
    gpuId = calibration.gpuID
    modelId = calibration.modelID
    precision = calibration.precision?.rawValue
    self.factors = try JSONValueEncoder().encode(factors).serialized()
    measurements = calibration.measurementCount
    errorBefore = calibration.errorBefore
    errorAfter = calibration.errorAfter
    residuals = try JSONValueEncoder().encode(calibration.residuals).serialized()
    envelopeVersion = EnvelopeVersion.current
    note = calibration.note
  }

  /// The calibration as the ledger holds it.
  ///
  /// - Throws: ``StoreError/unreadable(table:id:column:value:)`` for a precision, factors or
  ///   residuals this envelope cannot read (a newer Envelope may have written them).
  func calibration() throws -> Calibration {
    let id = self.id ?? 0
    func unreadable(_ column: String, _ value: String) -> StoreError {
      .unreadable(table: Self.databaseTableName, id: id, column: column, value: value)
    }
    var precision: Precision?
    if let text = self.precision {
      guard let value = Precision(rawValue: text) else { throw unreadable("precision", text) }
      precision = value
    }
    let decoder = JSONDecoder()
    guard let factors = try? decoder.decode(CalibrationFactors.self, from: Data(factors.utf8))
    else { throw unreadable("factors", factors) }
    guard
      let residuals = try? decoder.decode(
        [CalibrationResidual].self, from: Data(residuals.utf8))
    else { throw unreadable("residuals", residuals) }
    return Calibration(
      id: id, recordedAt: recordedAt, gpuID: gpuId, modelID: modelId, precision: precision,
      factors: factors, measurementCount: measurements, errorBefore: errorBefore,
      errorAfter: errorAfter, residuals: residuals, envelopeVersion: envelopeVersion, note: note)
  }
}

import EnvelopeCore
internal import GRDB

/// A row of `measurements`: what a benchmark saw, appended and never changed.
///
/// Rows are read with `superseded_by` (the measurement that corrects this one) joined in, which
/// is not a column and is read beside the record (``selectSQL``).
struct MeasurementRecord: Codable, FetchableRecord, EncodableRecord, TableRecord {
  static let databaseTableName = "measurements"

  /// `nil` until inserted.
  var id: Int64?
  var recordedAt: String
  var measuredOn: String
  var modelId: String
  var gpuId: String
  var precision: String
  var kvPrecision: String?
  var tensorParallel: Int
  var gpus: Int
  var batch: Int?
  var concurrency: Int?
  var inputTokens: Double
  var outputTokens: Double
  var outputTokensPerSecond: Double
  var ttftSeconds: Double?
  var tpotSeconds: Double?
  var requestsPerSecond: Double?
  var source: String
  var note: String?
  var supersedes: Int64?
  var reason: String?
  var envelopeVersion: String

  // Columns are the properties' names in snake_case: `modelId` is `model_id` (spelt `Id`,
  // not `ID`, so that the conversion reads back the name it wrote).
  static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
  static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

  /// Every column, and the measurement that supersedes this one as `superseded_by`.
  static let selectSQL = """
    SELECT m.*, (SELECT s.id FROM measurements s WHERE s.supersedes = m.id) AS superseded_by
    FROM measurements m
    """

  /// The row for a new measurement.
  ///
  /// - Parameters:
  ///   - measurement: What was measured.
  ///   - recordedAt: Now, as the ledger's clock says.
  ///   - supersedes: The measurement this one corrects.
  ///   - reason: Why, when it corrects one.
  init(
    _ measurement: ServingMeasurement, recordedAt: String, supersedes: Int64? = nil,
    reason: String? = nil
  ) {
    self.recordedAt = recordedAt
    measuredOn = measurement.measuredOn.description
    modelId = measurement.modelID
    gpuId = measurement.gpuID
    precision = measurement.precision.rawValue
    kvPrecision = measurement.kvPrecision?.rawValue
    tensorParallel = measurement.tensorParallel
    gpus = measurement.gpus
    batch = measurement.batch
    concurrency = measurement.concurrency
    inputTokens = measurement.inputTokens
    outputTokens = measurement.outputTokens
    outputTokensPerSecond = measurement.outputTokensPerSecond
    ttftSeconds = measurement.ttftSeconds
    tpotSeconds = measurement.tpotSeconds
    requestsPerSecond = measurement.requestsPerSecond
    source = measurement.source
    note = measurement.note
    self.supersedes = supersedes
    self.reason = reason
    envelopeVersion = EnvelopeVersion.current
  }

  /// The measurement as the ledger holds it.
  ///
  /// - Parameter supersededBy: The measurement that corrects this one.
  /// - Returns: The measurement, its id, time stamp and supersession.
  /// - Throws: ``StoreError/unreadable(table:id:column:value:)`` for a precision or date this
  ///   envelope cannot read (a newer Envelope may have written it).
  func recorded(supersededBy: Int64? = nil) throws -> RecordedMeasurement {
    let id = self.id ?? 0
    func unreadable(_ column: String, _ value: String) -> StoreError {
      .unreadable(table: Self.databaseTableName, id: id, column: column, value: value)
    }
    guard let precision = Precision(rawValue: precision) else {
      throw unreadable("precision", precision)
    }
    var kvPrecision: Precision?
    if let text = self.kvPrecision {
      guard let value = Precision(rawValue: text) else { throw unreadable("kv_precision", text) }
      kvPrecision = value
    }
    guard let measuredOn = try? CalendarDate.parse(measuredOn) else {
      throw unreadable("measured_on", measuredOn)
    }
    let measurement = ServingMeasurement(
      modelID: modelId, gpuID: gpuId, precision: precision, kvPrecision: kvPrecision,
      tensorParallel: tensorParallel, gpus: gpus, batch: batch, concurrency: concurrency,
      inputTokens: inputTokens, outputTokens: outputTokens,
      outputTokensPerSecond: outputTokensPerSecond, ttftSeconds: ttftSeconds,
      tpotSeconds: tpotSeconds, requestsPerSecond: requestsPerSecond, measuredOn: measuredOn,
      source: source, note: note)
    return RecordedMeasurement(
      id: id, recordedAt: recordedAt, measurement: measurement, supersedes: supersedes,
      reason: reason, supersededBy: supersededBy)
  }
}

extension MeasurementRecord {
  /// The measurements and calibrations whose `column` holds `id`, as a message names them:
  /// `2 measurements, 1 calibrations`.
  ///
  /// - Parameters:
  ///   - column: `model_id` or `gpu_id`, named alike in both tables.
  ///   - id: The model's or GPU's id.
  ///   - db: The connection.
  /// - Returns: The description, or `nil` when nothing refers to `id`.
  /// - Throws: A database error.
  static func describeReferrers(_ column: String, _ id: String, in db: SQLSession) throws
    -> String?
  {
    let counts = try [databaseTableName, CalibrationRecord.databaseTableName].map { table in
      (
        table,
        try db.value(Int.self, "SELECT count(*) FROM \(table) WHERE \(column) = ?", [id]) ?? 0
      )
    }
    let described = counts.filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
    return described.isEmpty ? nil : described.joined(separator: ", ")
  }
}

import EnvelopeCore
internal import GRDB

/// A row of `measurements`: what a benchmark saw, appended and never changed.
///
/// Rows are read with `superseded_by` (the measurement that corrects this one) joined in, which
/// is not a column and is never written.
struct MeasurementRecord: Decodable, FetchableRecord, MutablePersistableRecord {
  static let databaseTableName = "measurements"

  /// `nil` until inserted.
  var id: Int64?
  var recordedAt: String
  var measuredOn: String
  var modelID: String
  var gpuID: String
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
  /// Read only: the measurement that supersedes this one.
  var supersededBy: Int64?

  enum CodingKeys: String, CodingKey {
    case id, precision, gpus, batch, concurrency, source, note, supersedes, reason
    case recordedAt = "recorded_at"
    case measuredOn = "measured_on"
    case modelID = "model_id"
    case gpuID = "gpu_id"
    case kvPrecision = "kv_precision"
    case tensorParallel = "tensor_parallel"
    case inputTokens = "input_tokens"
    case outputTokens = "output_tokens"
    case outputTokensPerSecond = "output_tokens_per_second"
    case ttftSeconds = "ttft_seconds"
    case tpotSeconds = "tpot_seconds"
    case requestsPerSecond = "requests_per_second"
    case envelopeVersion = "envelope_version"
    case supersededBy = "superseded_by"
  }

  /// The columns the ledger queries by.
  enum Columns {
    static let id = Column(CodingKeys.id)
    static let modelID = Column(CodingKeys.modelID)
    static let gpuID = Column(CodingKeys.gpuID)
    static let precision = Column(CodingKeys.precision)
    static let supersedes = Column(CodingKeys.supersedes)
  }

  /// Every column, and the measurement that supersedes this one.
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
    modelID = measurement.modelID
    gpuID = measurement.gpuID
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

  func encode(to container: inout PersistenceContainer) throws {
    container[CodingKeys.id.rawValue] = id
    container[CodingKeys.recordedAt.rawValue] = recordedAt
    container[CodingKeys.measuredOn.rawValue] = measuredOn
    container[CodingKeys.modelID.rawValue] = modelID
    container[CodingKeys.gpuID.rawValue] = gpuID
    container[CodingKeys.precision.rawValue] = precision
    container[CodingKeys.kvPrecision.rawValue] = kvPrecision
    container[CodingKeys.tensorParallel.rawValue] = tensorParallel
    container[CodingKeys.gpus.rawValue] = gpus
    container[CodingKeys.batch.rawValue] = batch
    container[CodingKeys.concurrency.rawValue] = concurrency
    container[CodingKeys.inputTokens.rawValue] = inputTokens
    container[CodingKeys.outputTokens.rawValue] = outputTokens
    container[CodingKeys.outputTokensPerSecond.rawValue] = outputTokensPerSecond
    container[CodingKeys.ttftSeconds.rawValue] = ttftSeconds
    container[CodingKeys.tpotSeconds.rawValue] = tpotSeconds
    container[CodingKeys.requestsPerSecond.rawValue] = requestsPerSecond
    container[CodingKeys.source.rawValue] = source
    container[CodingKeys.note.rawValue] = note
    container[CodingKeys.supersedes.rawValue] = supersedes
    container[CodingKeys.reason.rawValue] = reason
    container[CodingKeys.envelopeVersion.rawValue] = envelopeVersion
  }

  mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }

  /// The measurement as the ledger holds it.
  ///
  /// - Throws: ``StoreError/unreadable(table:id:column:value:)`` for a precision or date this
  ///   envelope cannot read (a newer Envelope may have written it).
  func recorded() throws -> RecordedMeasurement {
    let id = self.id ?? 0
    func unreadable(_ column: CodingKeys, _ value: String) -> StoreError {
      .unreadable(table: Self.databaseTableName, id: id, column: column.rawValue, value: value)
    }
    guard let precision = Precision(rawValue: precision) else {
      throw unreadable(.precision, precision)
    }
    var kvPrecision: Precision?
    if let text = self.kvPrecision {
      guard let value = Precision(rawValue: text) else { throw unreadable(.kvPrecision, text) }
      kvPrecision = value
    }
    guard let measuredOn = try? CalendarDate.parse(measuredOn) else {
      throw unreadable(.measuredOn, measuredOn)
    }
    let measurement = ServingMeasurement(
      modelID: modelID, gpuID: gpuID, precision: precision, kvPrecision: kvPrecision,
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
  static func describeReferrers(_ column: String, _ id: String, in db: Database) throws
    -> String?
  {
    let counts = try [databaseTableName, CalibrationRecord.databaseTableName].map { table in
      (
        table,
        try Int.fetchOne(
          db, sql: "SELECT count(*) FROM \(table) WHERE \(column) = ?", arguments: [id]) ?? 0
      )
    }
    let described = counts.filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
    return described.isEmpty ? nil : described.joined(separator: ", ")
  }
}

import EnvelopeCore
internal import GRDB

/// A row of `actuals`: one measurement, appended and never changed.
struct ActualRecord: Codable, FetchableRecord, EncodableRecord, TableRecord {
  static let databaseTableName = "actuals"

  /// `nil` until inserted.
  var id: Int64?
  var recordedAt: String
  var measuredOn: String
  var scenarioID: String
  var metric: String
  var value: Double
  var note: String?
  var envelopeVersion: String

  enum CodingKeys: String, CodingKey {
    case id, metric, value, note
    case recordedAt = "recorded_at"
    case measuredOn = "measured_on"
    case scenarioID = "scenario_id"
    case envelopeVersion = "envelope_version"
  }

  /// The table's columns.
  enum Columns {
    static let id = Column(CodingKeys.id)
    static let recordedAt = Column(CodingKeys.recordedAt)
    static let measuredOn = Column(CodingKeys.measuredOn)
    static let scenarioID = Column(CodingKeys.scenarioID)
    static let metric = Column(CodingKeys.metric)
    static let value = Column(CodingKeys.value)
    static let note = Column(CodingKeys.note)
    static let envelopeVersion = Column(CodingKeys.envelopeVersion)
  }

  /// The measurement.
  ///
  /// - Throws: ``StoreError/unreadable(table:id:column:value:)`` for a metric or date this
  ///   envelope cannot read (a newer Envelope may have written it).
  func actual() throws -> Actual {
    let id = self.id ?? 0
    guard let metric = ActualMetric(rawValue: metric) else {
      throw StoreError.unreadable(
        table: Self.databaseTableName, id: id, column: "metric", value: metric)
    }
    guard let measuredOn = try? CalendarDate.parse(measuredOn) else {
      throw StoreError.unreadable(
        table: Self.databaseTableName, id: id, column: "measured_on", value: measuredOn)
    }
    return Actual(
      id: id, recordedAt: recordedAt, measuredOn: measuredOn, scenarioID: scenarioID,
      metric: metric, value: value, note: note)
  }
}

import EnvelopeCore
internal import GRDB

/// A row of `scenarios`: the scenario's `Codable` form (its keys are the table's columns) and
/// the catalogue's bookkeeping.
struct ScenarioRecord: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "scenarios"

  var scenario: Scenario
  var retiredAt: String?
  var updatedAt: String

  enum CodingKeys: String, CodingKey {
    case retiredAt = "retired_at"
    case updatedAt = "updated_at"
  }

  /// The columns the ledger queries by; the others are named by the keys of ``Scenario``.
  enum Columns {
    static let id = Column("id")
    static let modelID = Column("model_id")
    static let gpuID = Column("gpu_id")
    static let retiredAt = Column(CodingKeys.retiredAt)
    static let updatedAt = Column(CodingKeys.updatedAt)
  }

  init(from decoder: any Decoder) throws {
    scenario = try Scenario(from: decoder)
    let container = try decoder.container(keyedBy: CodingKeys.self)
    retiredAt = try container.decodeIfPresent(String.self, forKey: .retiredAt)
    updatedAt = try container.decode(String.self, forKey: .updatedAt)
  }

  func encode(to encoder: any Encoder) throws {
    try scenario.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(retiredAt, forKey: .retiredAt)
    try container.encode(updatedAt, forKey: .updatedAt)
  }

  /// The scenarios whose `column` holds `id`, as a message names them: `scenarios bot, chat`.
  ///
  /// - Parameters:
  ///   - column: ``Columns/modelID`` or ``Columns/gpuID``.
  ///   - id: The model's or GPU's id.
  ///   - db: The connection.
  /// - Returns: The description, or `nil` when no scenario refers to `id`.
  /// - Throws: A database error.
  static func describe(using column: Column, _ id: String, in db: SQLSession) throws -> String? {
    let ids = try db.values(
      String.self, "SELECT id FROM scenarios WHERE \(column.name) = ? ORDER BY id", [id])
    return ids.isEmpty ? nil : "scenarios " + ids.joined(separator: ", ")
  }
}

extension ScenarioRecord: CatalogueRecord {
  init(_ scenario: Scenario, updatedAt: String, retiredAt: String?) {
    self.scenario = scenario
    self.retiredAt = retiredAt
    self.updatedAt = updatedAt
  }

  var entry: CatalogueEntry<Scenario> {
    CatalogueEntry(value: scenario, retiredAt: retiredAt, updatedAt: updatedAt)
  }

  /// The ledger entries, else the measurements, recorded for the scenario.
  static func referrers(of id: String, in db: SQLSession) throws -> String? {
    let entries =
      try db.value(Int.self, "SELECT count(*) FROM estimates WHERE scenario_id = ?", [id]) ?? 0
    if entries > 0 { return "\(entries) ledger entries" }
    let actuals =
      try db.value(Int.self, "SELECT count(*) FROM actuals WHERE scenario_id = ?", [id]) ?? 0
    return actuals > 0 ? "\(actuals) actuals" : nil
  }

  /// A scenario's model and GPU must be in the catalogue and not retired.
  static func requireActiveReferences(of scenario: Scenario, in db: SQLSession) throws {
    try Ledger.requireActive(modelID: scenario.modelID, gpuID: scenario.gpuID, in: db)
  }
}

import EnvelopeCore
internal import GRDB

/// A row of `models`.
struct ModelRecord: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "models"

  var id: String
  var name: String
  var family: String
  var kind: String
  var parameters: Int64
  var activeParameters: Int64?
  var architectureConstant: Double
  var layers: Int?
  var hiddenSize: Int?
  var ffnSize: Int?
  var attentionHeads: Int?
  var kvHeads: Int?
  var headDim: Int?
  var vocabSize: Int?
  var contextLength: Int?
  var experts: Int?
  var expertsPerToken: Int?
  var source: String
  var notes: String
  var retiredAt: String?
  var updatedAt: String

  // Columns are the properties' names in snake_case: `fp16Flops` is `fp16_flops`.
  static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
  static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

  /// The table's columns.
  enum Columns {
    static let id = Column("id")
    static let name = Column("name")
    static let family = Column("family")
    static let kind = Column("kind")
    static let parameters = Column("parameters")
    static let activeParameters = Column("active_parameters")
    static let architectureConstant = Column("architecture_constant")
    static let layers = Column("layers")
    static let hiddenSize = Column("hidden_size")
    static let ffnSize = Column("ffn_size")
    static let attentionHeads = Column("attention_heads")
    static let kvHeads = Column("kv_heads")
    static let headDim = Column("head_dim")
    static let vocabSize = Column("vocab_size")
    static let contextLength = Column("context_length")
    static let experts = Column("experts")
    static let expertsPerToken = Column("experts_per_token")
    static let source = Column("source")
    static let notes = Column("notes")
    static let retiredAt = Column("retired_at")
    static let updatedAt = Column("updated_at")
  }

  /// The integer column value of a count, refused unless it is whole and fits.
  static func wholeNumber(_ value: Double, field: String) throws -> Int64 {
    guard value.isFinite, value >= 1, value < 9e18, value.rounded() == value else {
      throw StoreError.invalid(
        field: field, value: HumanFormat.significant(value),
        reason: "must be a whole number from 1 to 9e18")
    }
    return Int64(value)
  }
}

extension ModelRecord: CatalogueRecord {
  init(_ model: ModelProfile, updatedAt: String, retiredAt: String?) throws {
    id = model.id
    name = model.name
    family = model.family
    kind = model.kind
    parameters = try Self.wholeNumber(model.parameters, field: "parameters")
    activeParameters = try model.activeParameters.map {
      try Self.wholeNumber($0, field: "active_parameters")
    }
    architectureConstant = model.architectureConstant
    layers = model.layers
    hiddenSize = model.hiddenSize
    ffnSize = model.ffnSize
    attentionHeads = model.attentionHeads
    kvHeads = model.kvHeads
    headDim = model.headDim
    vocabSize = model.vocabSize
    contextLength = model.contextLength
    experts = model.experts
    expertsPerToken = model.expertsPerToken
    source = model.source
    notes = model.notes
    self.retiredAt = retiredAt
    self.updatedAt = updatedAt
  }

  var entry: CatalogueEntry<ModelProfile> {
    let model = ModelProfile(
      id: id, name: name, family: family, kind: kind, parameters: Double(parameters),
      activeParameters: activeParameters.map(Double.init),
      architectureConstant: architectureConstant, layers: layers, hiddenSize: hiddenSize,
      ffnSize: ffnSize, attentionHeads: attentionHeads, kvHeads: kvHeads, headDim: headDim,
      vocabSize: vocabSize, contextLength: contextLength, experts: experts,
      expertsPerToken: expertsPerToken, source: source, notes: notes)
    return CatalogueEntry(value: model, retiredAt: retiredAt, updatedAt: updatedAt)
  }

  /// The scenarios that use the model, else its measurements and calibrations.
  static func referrers(of id: String, in db: SQLSession) throws -> String? {
    try ScenarioRecord.describe(using: ScenarioRecord.Columns.modelID, id, in: db)
      ?? MeasurementRecord.describeReferrers("model_id", id, in: db)
  }
}

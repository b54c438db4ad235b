import EnvelopeCore
import GRDB

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
  var source: String
  var notes: String
  var retiredAt: String?
  var updatedAt: String = Ledger.timestamp()

  enum CodingKeys: String, CodingKey {
    case id, name, family, kind, parameters, layers, source, notes
    case activeParameters = "active_parameters"
    case architectureConstant = "architecture_constant"
    case hiddenSize = "hidden_size"
    case ffnSize = "ffn_size"
    case attentionHeads = "attention_heads"
    case kvHeads = "kv_heads"
    case headDim = "head_dim"
    case vocabSize = "vocab_size"
    case contextLength = "context_length"
    case retiredAt = "retired_at"
    case updatedAt = "updated_at"
  }

  enum Columns {
    static let id = Column(CodingKeys.id)
    static let retiredAt = Column(CodingKeys.retiredAt)
  }

  /// - Throws: ``StoreError/invalid(field:value:reason:)`` for counts no integer column holds.
  init(_ model: ModelProfile) throws {
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
    source = model.source
    notes = model.notes
  }

  static func wholeNumber(_ value: Double, field: String) throws -> Int64 {
    guard value.isFinite, value >= 1, value < 9e18, value.rounded() == value else {
      throw StoreError.invalid(
        field: field, value: HumanFormat.significant(value),
        reason: "must be a whole number from 1 to 9e18")
    }
    return Int64(value)
  }

  var entry: CatalogueEntry<ModelProfile> {
    let model = ModelProfile(
      id: id, name: name, family: family, kind: kind, parameters: Double(parameters),
      activeParameters: activeParameters.map(Double.init),
      architectureConstant: architectureConstant, layers: layers, hiddenSize: hiddenSize,
      ffnSize: ffnSize, attentionHeads: attentionHeads, kvHeads: kvHeads, headDim: headDim,
      vocabSize: vocabSize, contextLength: contextLength, source: source, notes: notes)
    return CatalogueEntry(value: model, retiredAt: retiredAt, updatedAt: updatedAt)
  }
}

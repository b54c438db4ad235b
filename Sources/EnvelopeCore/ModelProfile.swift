/// A model in the catalogue: parameter counts and the architecture memory estimates need.
public struct ModelProfile: Sendable, Equatable {
  /// A short slug such as `llama-3.2-3b`.
  public var id: String
  public var name: String
  public var family: String
  /// What the model produces: `text`, `image`.
  public var kind: String
  /// Total parameters: what memory and storage hold.
  public var parameters: Double
  /// Parameters active per token for a mixture of experts; `nil` when all are.
  public var activeParameters: Double?
  /// C: tokens per request for text, generation steps for diffusion, 1 where none applies.
  public var architectureConstant: Double
  public var layers: Int?
  public var hiddenSize: Int?
  /// Width of the feed-forward layer (intermediate size).
  public var ffnSize: Int?
  public var attentionHeads: Int?
  /// Key/value heads (grouped-query attention); equal to `attentionHeads` for multi-head.
  public var kvHeads: Int?
  /// Per-head dimension; `hiddenSize ÷ attentionHeads` unless the configuration says otherwise.
  public var headDim: Int?
  /// Tokens in the vocabulary.
  public var vocabSize: Int?
  public var contextLength: Int?
  /// Routed experts per mixture-of-experts layer; `nil` for a dense model.
  public var experts: Int?
  /// Routed experts each token uses (top-k); `nil` for a dense model.
  public var expertsPerToken: Int?
  public var source: String
  public var notes: String

  public init(
    id: String, name: String, family: String = "", kind: String = "text", parameters: Double,
    activeParameters: Double? = nil, architectureConstant: Double = 1, layers: Int? = nil,
    hiddenSize: Int? = nil, ffnSize: Int? = nil, attentionHeads: Int? = nil,
    kvHeads: Int? = nil, headDim: Int? = nil, vocabSize: Int? = nil, contextLength: Int? = nil,
    experts: Int? = nil, expertsPerToken: Int? = nil, source: String = "", notes: String = ""
  ) {
    self.id = id
    self.name = name
    self.family = family
    self.kind = kind
    self.parameters = parameters
    self.activeParameters = activeParameters
    self.architectureConstant = architectureConstant
    self.layers = layers
    self.hiddenSize = hiddenSize
    self.ffnSize = ffnSize
    self.attentionHeads = attentionHeads
    self.kvHeads = kvHeads
    self.headDim = headDim
    self.vocabSize = vocabSize
    self.contextLength = contextLength
    self.experts = experts
    self.expertsPerToken = expertsPerToken
    self.source = source
    self.notes = notes
  }

  /// Parameters that compute and bandwidth use per token: active ones for a mixture of experts.
  public var computeParameters: Double { activeParameters ?? parameters }

  /// The per-head dimension, from the configuration or hidden size ÷ attention heads.
  public var resolvedHeadDim: Int? {
    if let headDim { return headDim }
    guard let hiddenSize, let attentionHeads, attentionHeads > 0 else { return nil }
    return hiddenSize / attentionHeads
  }
}

extension ModelProfile: CatalogueItem {
  public static let kindName = "model"

  /// Checks the name, that the parameter counts are whole numbers (the active ones no more than
  /// the total), and that every architecture size is at least 1 (the KV heads no more than the
  /// attention heads).
  ///
  /// - Throws: ``EngineError`` naming the field and the value.
  public func validate() throws {
    if name.isEmpty {
      throw EngineError.invalidQuantity(
        field: "name", value: name, reason: "model '\(id)' needs a name")
    }
    try check(parameters, .parameters, range: .positiveWholeNumber)
    if let activeParameters {
      try check(activeParameters, .activeParameters, range: .positiveWholeNumber)
      if activeParameters > parameters {
        throw EngineError.outOfRange(
          field: CodingKeys.activeParameters.rawValue, value: format(activeParameters),
          reason:
            "exceeds the parameters (\(format(parameters))) of model '\(id)'; use the total "
            + "as parameters")
      }
    }
    try check(architectureConstant, .architectureConstant)
    for case (let key, let size?) in sizes where size < 1 {
      throw EngineError.invalidQuantity(
        field: key.rawValue, value: String(size), reason: "must be at least 1")
    }
    if let kvHeads, let attentionHeads, kvHeads > attentionHeads {
      throw EngineError.outOfRange(
        field: CodingKeys.kvHeads.rawValue, value: String(kvHeads),
        reason: "exceeds the attention_heads (\(attentionHeads)) of model '\(id)'")
    }
    try validateExperts()
  }

  /// Checks that experts and experts per token come together, the second no more than the first,
  /// and only with active parameters below the total.
  private func validateExperts() throws {
    switch (experts, expertsPerToken) {
    case (nil, nil):
      return
    case (let experts?, let perToken?):
      if perToken > experts {
        throw EngineError.outOfRange(
          field: CodingKeys.expertsPerToken.rawValue, value: String(perToken),
          reason: "exceeds the experts (\(experts)) of model '\(id)'")
      }
    case (nil, let perToken?):
      throw EngineError.outOfRange(
        field: CodingKeys.expertsPerToken.rawValue, value: String(perToken),
        reason: "model '\(id)' has no experts; give experts too")
    case (let experts?, nil):
      throw EngineError.outOfRange(
        field: CodingKeys.experts.rawValue, value: String(experts),
        reason: "model '\(id)' needs experts_per_token (the top-k) too")
    }
  }

  private func check(_ value: Double, _ key: CodingKeys, range: QuantityRange = .positive) throws {
    try Quantity.check(value, text: format(value), field: key.rawValue, range: range)
  }

  /// The architecture sizes with their keys, in the order files list them.
  private var sizes: [(CodingKeys, Int?)] {
    [
      (.layers, layers), (.hiddenSize, hiddenSize), (.ffnSize, ffnSize),
      (.attentionHeads, attentionHeads), (.kvHeads, kvHeads), (.headDim, headDim),
      (.vocabSize, vocabSize), (.contextLength, contextLength), (.experts, experts),
      (.expertsPerToken, expertsPerToken),
    ]
  }

  private func format(_ value: Double) -> String {
    HumanFormat.significant(value, digits: 6)
  }

  enum CodingKeys: String, CodingKey {
    case id, name, family, kind, parameters
    case activeParameters = "active_parameters"
    case architectureConstant = "architecture_constant"
    case layers
    case hiddenSize = "hidden_size"
    case ffnSize = "ffn_size"
    case attentionHeads = "attention_heads"
    case kvHeads = "kv_heads"
    case headDim = "head_dim"
    case vocabSize = "vocab_size"
    case contextLength = "context_length"
    case experts
    case expertsPerToken = "experts_per_token"
    case source, notes
  }

  /// Reads a model as `envelope model export` writes it; when absent, `family`, `source` and
  /// `notes` are empty, `kind` is `text`, `architecture_constant` is 1 and the sizes are unset.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    func size(_ key: CodingKeys) throws -> Int? {
      try container.decodeIfPresent(Int.self, forKey: key)
    }
    self.init(
      id: try container.decode(String.self, forKey: .id),
      name: try container.decode(String.self, forKey: .name),
      family: try container.decodeIfPresent(String.self, forKey: .family) ?? "",
      kind: try container.decodeIfPresent(String.self, forKey: .kind) ?? "text",
      parameters: try container.decode(Double.self, forKey: .parameters),
      activeParameters: try container.decodeIfPresent(Double.self, forKey: .activeParameters),
      architectureConstant: try container.decodeIfPresent(
        Double.self, forKey: .architectureConstant) ?? 1,
      layers: try size(.layers), hiddenSize: try size(.hiddenSize), ffnSize: try size(.ffnSize),
      attentionHeads: try size(.attentionHeads), kvHeads: try size(.kvHeads),
      headDim: try size(.headDim), vocabSize: try size(.vocabSize),
      contextLength: try size(.contextLength), experts: try size(.experts),
      expertsPerToken: try size(.expertsPerToken),
      source: try container.decodeIfPresent(String.self, forKey: .source) ?? "",
      notes: try container.decodeIfPresent(String.self, forKey: .notes) ?? "")
  }

  /// Writes the model with the keys ``init(from:)`` reads, leaving out unset values.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(name, forKey: .name)
    try container.encode(family, forKey: .family)
    try container.encode(kind, forKey: .kind)
    try container.encode(parameters, forKey: .parameters)
    try container.encodeIfPresent(activeParameters, forKey: .activeParameters)
    try container.encode(architectureConstant, forKey: .architectureConstant)
    for (key, size) in sizes { try container.encodeIfPresent(size, forKey: key) }
    try container.encode(source, forKey: .source)
    try container.encode(notes, forKey: .notes)
  }
}

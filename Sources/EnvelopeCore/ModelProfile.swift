/// A model in the catalogue: parameter counts and the architecture memory estimates need.
public struct ModelProfile: Sendable, Equatable, Codable {
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
  public var source: String
  public var notes: String

  public init(
    id: String, name: String, family: String = "", kind: String = "text", parameters: Double,
    activeParameters: Double? = nil, architectureConstant: Double = 1, layers: Int? = nil,
    hiddenSize: Int? = nil, ffnSize: Int? = nil, attentionHeads: Int? = nil,
    kvHeads: Int? = nil, headDim: Int? = nil, vocabSize: Int? = nil, contextLength: Int? = nil,
    source: String = "", notes: String = ""
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

/// Everything the roofline method needs to estimate a training run, in base units.
///
/// Unlike the seed's, its utilisation defaults to a published typical MFU rather than 1.
///
/// Entries recorded before Envelope knew the attention term and active parameters have no
/// `total_parameters`, `sequence_length`, `layers`, `attention_heads` or `head_dim`; they
/// decode with those absent, and their `parameters` is what they were estimated with.
public struct RooflineTrainingInputs: Sendable, Equatable, Codable {
  /// Parameters each token uses: all of them, or the active ones for a mixture of experts.
  public var parameters: Double
  /// All the model's parameters when fewer are active per token (a mixture of experts).
  ///
  /// `nil` for a dense model. For the record: FLOPs use ``parameters``.
  public var totalParameters: Double?
  /// Tokens per epoch; for a data set counted in items, items × tokens per item.
  public var tokens: Double
  /// Passes over the data.
  public var epochs: Double
  /// Dense peak FLOP/s of one GPU at `precision`.
  public var peakFLOPSPerGPU: Double
  /// GPUs working together.
  public var gpuCount: Double
  /// Model FLOPs utilisation: the fraction of peak the run's model FLOPs take over its
  /// wall-clock time (recomputed activations not counted).
  public var utilization: Double
  /// Whether activations are recomputed in the backward pass: more hardware FLOPs, the same
  /// model FLOPs and time.
  public var recompute: Bool
  /// Precision of training.
  public var precision: Precision
  /// Price of one GPU for one hour; `nil` leaves the run unpriced.
  public var pricePerGPUHour: Double?
  /// Tokens per training sequence; `nil` leaves the attention term out (6ND).
  public var sequenceLength: Double?
  /// The model's layers, for the attention term.
  public var layers: Int?
  /// The model's query heads per layer, for the attention term.
  public var attentionHeads: Int?
  /// The model's per-head dimension, for the attention term.
  public var headDim: Int?

  public init(
    parameters: Double, totalParameters: Double? = nil, tokens: Double, epochs: Double = 1,
    peakFLOPSPerGPU: Double, gpuCount: Double,
    utilization: Double = RooflineMethod.defaultUtilization, recompute: Bool = false,
    precision: Precision = .bf16, pricePerGPUHour: Double? = nil,
    sequenceLength: Double? = nil, layers: Int? = nil, attentionHeads: Int? = nil,
    headDim: Int? = nil
  ) {
    self.parameters = parameters
    self.totalParameters = totalParameters
    self.tokens = tokens
    self.epochs = epochs
    self.peakFLOPSPerGPU = peakFLOPSPerGPU
    self.gpuCount = gpuCount
    self.utilization = utilization
    self.recompute = recompute
    self.precision = precision
    self.pricePerGPUHour = pricePerGPUHour
    self.sequenceLength = sequenceLength
    self.layers = layers
    self.attentionHeads = attentionHeads
    self.headDim = headDim
  }

  /// The attention FLOPs per token, or 0 without a sequence length.
  ///
  /// Call after ``validate()``, which checks that the model's shape is there.
  public var attentionFLOPsPerToken: Double {
    guard let sequenceLength, let layers, let attentionHeads, let headDim else { return 0 }
    return RooflineMethod.attentionTrainingFLOPsPerToken(
      layers: Double(layers), attentionHeads: Double(attentionHeads), headDim: Double(headDim),
      sequenceLength: sequenceLength)
  }

  /// The same inputs with the utilisation at one end of its documented range.
  ///
  /// - Parameter end: Which end of ``RooflineMethod/utilizationRange``.
  /// - Returns: Inputs for ``RooflineTrainingEstimate/init(_:)``.
  public func atEnd(_ end: EstimateRange.End) -> RooflineTrainingInputs {
    var copy = self
    copy.utilization = end.pick(utilization, in: RooflineMethod.utilizationRange)
    return copy
  }

  /// Checks every input against the range it must lie in.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming the first bad field;
  ///   ``EngineError/notApplicable(option:reason:)`` when a sequence length comes without the
  ///   model's layers, attention heads and head dimension.
  public func validate() throws {
    let checks: [(String, Double?, QuantityRange)] = [
      ("parameters", parameters, .positive),
      ("total_parameters", totalParameters, .atLeast(parameters)),
      ("tokens", tokens, .positive),
      ("epochs", epochs, .positive),
      ("peak_flops", peakFLOPSPerGPU, .positive),
      ("gpus", gpuCount, .positiveWholeNumber),
      ("utilization", utilization, .fractionAboveZero),
      ("price_per_gpu_hour", pricePerGPUHour, .nonNegative),
      ("sequence_length", sequenceLength, .positiveWholeNumber),
      ("layers", layers.map(Double.init), .positiveWholeNumber),
      ("attention_heads", attentionHeads.map(Double.init), .positiveWholeNumber),
      ("head_dim", headDim.map(Double.init), .positiveWholeNumber),
    ]
    for (field, value, range) in checks {
      guard let value else { continue }
      try Quantity.check(value, text: HumanFormat.significant(value), field: field, range: range)
    }
    if sequenceLength != nil {
      let shape = [("layers", layers), ("attention_heads", attentionHeads), ("head_dim", headDim)]
      let missing = shape.filter { $0.1 == nil }.map(\.0)
      if !missing.isEmpty {
        throw EngineError.notApplicable(
          option: "--sequence-length",
          reason: "needs the model's layers, attention_heads and head_dim for the attention"
            + " term; missing: \(missing.joined(separator: ", "))")
      }
    }
    let largestMFU =
      SeedMethod.trainingFLOPsPerParameter / RooflineMethod.trainingFLOPsPerParameterWithRecompute
    if recompute && utilization > largestMFU {
      throw EngineError.outOfRange(
        field: "utilization", value: HumanFormat.significant(utilization),
        reason:
          "with recomputation the GPUs also run the forward pass again (8 FLOPs per parameter"
          + " and token for 6 of model FLOPs), so the model FLOPs utilisation can be at most"
          + " \(HumanFormat.significant(largestMFU))")
    }
  }

  enum CodingKeys: String, CodingKey {
    case parameters, tokens, epochs, utilization, recompute, precision, layers
    case totalParameters = "total_parameters"
    case peakFLOPSPerGPU = "peak_flops"
    case gpuCount = "gpus"
    case pricePerGPUHour = "price_per_gpu_hour"
    case sequenceLength = "sequence_length"
    case attentionHeads = "attention_heads"
    case headDim = "head_dim"
  }
}

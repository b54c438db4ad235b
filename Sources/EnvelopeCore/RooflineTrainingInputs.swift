/// Everything the roofline method needs to estimate a training run, in base units.
///
/// Unlike the seed's, its utilisation defaults to a published typical MFU rather than 1.
public struct RooflineTrainingInputs: Sendable, Equatable, Codable {
  /// Parameters each token uses: all of them, or the active ones for a mixture of experts.
  public var parameters: Double
  /// Tokens per epoch; for a data set counted in items, items × tokens per item.
  public var tokens: Double
  /// Passes over the data.
  public var epochs: Double
  /// Dense peak FLOP/s of one GPU at `precision`.
  public var peakFLOPSPerGPU: Double
  /// GPUs working together.
  public var gpuCount: Double
  /// Model FLOPs utilisation: the fraction of peak the run achieves over its wall-clock time.
  public var utilization: Double
  /// Whether activations are recomputed in the backward pass (8 FLOPs per parameter and token
  /// instead of 6).
  public var recompute: Bool
  /// Precision of training.
  public var precision: Precision
  /// Price of one GPU for one hour; `nil` leaves the run unpriced.
  public var pricePerGPUHour: Double?

  public init(
    parameters: Double, tokens: Double, epochs: Double = 1, peakFLOPSPerGPU: Double,
    gpuCount: Double, utilization: Double = RooflineMethod.defaultUtilization,
    recompute: Bool = false, precision: Precision = .bf16, pricePerGPUHour: Double? = nil
  ) {
    self.parameters = parameters
    self.tokens = tokens
    self.epochs = epochs
    self.peakFLOPSPerGPU = peakFLOPSPerGPU
    self.gpuCount = gpuCount
    self.utilization = utilization
    self.recompute = recompute
    self.precision = precision
    self.pricePerGPUHour = pricePerGPUHour
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
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming the first bad field.
  public func validate() throws {
    let checks: [(String, Double?, QuantityRange)] = [
      ("parameters", parameters, .positive),
      ("tokens", tokens, .positive),
      ("epochs", epochs, .positive),
      ("peak_flops", peakFLOPSPerGPU, .positive),
      ("gpus", gpuCount, .positiveWholeNumber),
      ("utilization", utilization, .fractionAboveZero),
      ("price_per_gpu_hour", pricePerGPUHour, .nonNegative),
    ]
    for (field, value, range) in checks {
      guard let value else { continue }
      try Quantity.check(value, text: HumanFormat.significant(value), field: field, range: range)
    }
  }

  enum CodingKeys: String, CodingKey {
    case parameters, tokens, epochs, utilization, recompute, precision
    case peakFLOPSPerGPU = "peak_flops"
    case gpuCount = "gpus"
    case pricePerGPUHour = "price_per_gpu_hour"
  }
}

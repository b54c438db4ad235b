/// Everything the seed method needs to estimate a training run, in base units.
public struct TrainingInputs: Sendable, Equatable, Codable {
  /// Parameters each data item passes through: all of them, or the active ones for a mixture
  /// of experts (the seed's N: a forward pass costs 2 × N per item and step).
  public var parameters: Double
  /// All the model's parameters when fewer are active per token (a mixture of experts).
  ///
  /// `nil` for a dense model and for entries recorded before Envelope told them apart. For the
  /// record: FLOPs use ``parameters``.
  public var totalParameters: Double?
  /// C: tokens per data item for text, generation steps for diffusion, 1 where none applies.
  public var architectureConstant: Double
  /// Items in the data set; with C = 1, a token count.
  public var dataItems: Double
  /// Passes over the data set.
  public var epochs: Double
  /// Peak FLOP/s of one GPU at the training precision.
  public var peakFLOPSPerGPU: Double
  /// GPUs working together.
  public var gpuCount: Double
  /// Fraction of peak the run achieves; the seed's formula is 1.
  public var utilization: Double
  /// Precision of training, for the record.
  public var precision: Precision

  public init(
    parameters: Double, totalParameters: Double? = nil, architectureConstant: Double = 1,
    dataItems: Double, epochs: Double = 1, peakFLOPSPerGPU: Double, gpuCount: Double,
    utilization: Double = 1, precision: Precision = .bf16
  ) {
    self.parameters = parameters
    self.totalParameters = totalParameters
    self.architectureConstant = architectureConstant
    self.dataItems = dataItems
    self.epochs = epochs
    self.peakFLOPSPerGPU = peakFLOPSPerGPU
    self.gpuCount = gpuCount
    self.utilization = utilization
    self.precision = precision
  }

  /// Checks every input against the range it must lie in.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming the first bad field.
  public func validate() throws {
    let checks: [(String, Double?, QuantityRange)] = [
      ("parameters", parameters, .positive),
      ("total_parameters", totalParameters, .atLeast(parameters)),
      ("architecture_constant", architectureConstant, .positive),
      ("data_items", dataItems, .positive),
      ("epochs", epochs, .positive),
      ("peak_flops", peakFLOPSPerGPU, .positive),
      ("gpus", gpuCount, .positiveWholeNumber),
      ("utilization", utilization, .fractionAboveZero),
    ]
    for (field, value, range) in checks {
      guard let value else { continue }
      try Quantity.check(value, text: HumanFormat.significant(value), field: field, range: range)
    }
  }

  enum CodingKeys: String, CodingKey {
    case parameters, epochs, utilization, precision
    case totalParameters = "total_parameters"
    case architectureConstant = "architecture_constant"
    case dataItems = "data_items"
    case peakFLOPSPerGPU = "peak_flops"
    case gpuCount = "gpus"
  }
}

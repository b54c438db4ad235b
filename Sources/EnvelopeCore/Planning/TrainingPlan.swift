/// A training run's estimate: the model, the GPU and the run's size, resolved into a method's
/// inputs and priced when a GPU price is known.
public struct TrainingPlan: Sendable, Equatable {
  /// How much data the run trains on.
  public enum Data: Sendable, Equatable {
    /// Tokens per epoch (C = 1).
    case tokens(Double)
    /// Data items, each `constant` tokens or generation steps (`nil`: the model's C).
    case items(Double, constant: Double?)
  }

  public var method: EstimationMethod
  public var model: ModelProfile
  public var gpu: GPUProfile
  public var precision: Precision
  /// GPUs working together.
  public var gpuCount: Double
  public var data: Data
  /// Passes over the data.
  public var epochs: Double
  /// Share of peak achieved; `nil` takes the method's default (seed 1, roofline 0.4).
  public var utilization: Double?
  /// Full activation recomputation (roofline only).
  public var recompute: Bool
  /// Tokens per training sequence, for the attention term (roofline only); `nil` leaves it
  /// out.
  public var sequenceLength: Double?
  /// Price per GPU-hour instead of the catalogue's.
  public var pricePerHour: Double?
  /// Currency of the price; `nil` is the default.
  public var currency: String?

  public init(
    method: EstimationMethod, model: ModelProfile, gpu: GPUProfile, precision: Precision,
    gpuCount: Double, data: Data, epochs: Double = 1, utilization: Double? = nil,
    recompute: Bool = false, sequenceLength: Double? = nil, pricePerHour: Double? = nil,
    currency: String? = nil
  ) {
    self.method = method
    self.model = model
    self.gpu = gpu
    self.precision = precision
    self.gpuCount = gpuCount
    self.data = data
    self.epochs = epochs
    self.utilization = utilization
    self.recompute = recompute
    self.sequenceLength = sequenceLength
    self.pricePerHour = pricePerHour
    self.currency = currency
  }

  /// The price used: the given one, else the catalogue's.
  public var resolvedPricePerHour: Double? { pricePerHour ?? gpu.pricePerHour }

  /// The method's inputs, every default resolved.
  ///
  /// - Throws: ``EngineError`` when the GPU has no peak at the precision, `--recompute` or
  ///   `--sequence-length` is asked of the seed method, or the model lacks the shape the
  ///   attention term needs.
  public func inputs() throws -> MethodInputs {
    switch method {
    case .seed: return .seedTraining(try seedInputs())
    case .roofline: return .rooflineTraining(try rooflineInputs())
    }
  }

  /// Data items and tokens (or steps) per item.
  private var itemsAndConstant: (items: Double, constant: Double) {
    switch data {
    case .tokens(let tokens): return (tokens, 1)
    case .items(let count, let given): return (count, given ?? model.architectureConstant)
    }
  }

  /// All the parameters when fewer are active per token (a mixture of experts), else `nil`.
  private var totalParametersIfSparse: Double? {
    model.computeParameters < model.parameters ? model.parameters : nil
  }

  private func seedInputs() throws -> TrainingInputs {
    if recompute {
      throw EngineError.notApplicable(option: "--recompute", reason: "needs --method roofline")
    }
    if sequenceLength != nil {
      throw EngineError.notApplicable(
        option: "--sequence-length",
        reason: "needs --method roofline: the seed's formula is 6 × N × C × items × epochs,"
          + " with no attention term")
    }
    return TrainingInputs(
      parameters: model.computeParameters, totalParameters: totalParametersIfSparse,
      architectureConstant: itemsAndConstant.constant,
      dataItems: itemsAndConstant.items, epochs: epochs,
      peakFLOPSPerGPU: try gpu.peak(at: precision),
      gpuCount: gpuCount, utilization: utilization ?? 1, precision: precision)
  }

  /// The roofline method's inputs: active parameters for FLOPs, and with a sequence length
  /// the model's attention shape.
  ///
  /// - Throws: ``EngineError/notApplicable(option:reason:)`` naming what the model lacks when
  ///   a sequence length needs its layers, attention heads or head dimension.
  private func rooflineInputs() throws -> RooflineTrainingInputs {
    var inputs = RooflineTrainingInputs(
      parameters: model.computeParameters, totalParameters: totalParametersIfSparse,
      tokens: itemsAndConstant.items * itemsAndConstant.constant, epochs: epochs,
      peakFLOPSPerGPU: try gpu.peak(at: precision), gpuCount: gpuCount,
      utilization: utilization ?? RooflineMethod.defaultUtilization, recompute: recompute,
      precision: precision, pricePerGPUHour: resolvedPricePerHour)
    if let sequenceLength {
      let shape: [(String, Int?)] = [
        ("layers", model.layers), ("attention_heads", model.attentionHeads),
        ("head_dim", model.resolvedHeadDim),
      ]
      let missing = shape.filter { $0.1 == nil }.map(\.0)
      if !missing.isEmpty {
        throw EngineError.notApplicable(
          option: "--sequence-length",
          reason: "needs the model's layers, attention heads and head dimension for the"
            + " attention term; model '\(model.id)' has no \(missing.joined(separator: ", "))"
            + " (add them with 'envelope model update \(model.id)')")
      }
      inputs.sequenceLength = sequenceLength
      inputs.layers = model.layers
      inputs.attentionHeads = model.attentionHeads
      inputs.headDim = model.resolvedHeadDim
    }
    return inputs
  }

  /// The run's figures and derivations, priced when a price is known.
  ///
  /// - Parameter end: Which end of the utilisation range (roofline only).
  /// - Returns: The figures in report order.
  /// - Throws: ``EngineError`` for inputs out of range.
  public func estimate(at end: EstimateRange.End = .expected) throws -> ServingPlan.Estimate {
    let currency = currency ?? CostMethod.defaultCurrency
    switch method {
    case .seed:
      let estimate = try TrainingEstimate(seed: try seedInputs())
      var figures = estimate.figures
      var derivations = estimate.derivations
      if resolvedPricePerHour != nil {
        let cost = try CostEstimate(
          inputs: CostInputs(gpuPricePerHour: pricePerHour, currency: currency),
          cataloguePricePerHour: gpu.pricePerHour, trainingGPUHours: estimate.gpuHours)
        figures += cost.figures
        derivations += cost.derivations
      }
      return ServingPlan.Estimate(figures: figures, derivations: derivations)
    case .roofline:
      let estimate = try RooflineTrainingEstimate(try rooflineInputs().atEnd(end))
      var figures = estimate.figures
      if resolvedPricePerHour != nil { figures.append(Figure(.currency, .text(currency))) }
      return ServingPlan.Estimate(figures: figures, derivations: estimate.derivations)
    }
  }

  /// Pessimistic, expected and optimistic figures from the ends of the utilisation range.
  ///
  /// - Throws: ``EngineError/notApplicable(option:reason:)`` for the seed method.
  public func ranges() throws -> [EstimateRange] {
    guard method == .roofline else {
      throw EngineError.notApplicable(option: "--range", reason: "needs --method roofline")
    }
    return EstimateRange.rows(
      pessimistic: try estimate(at: .pessimistic).figures, expected: try estimate().figures,
      optimistic: try estimate(at: .optimistic).figures)
  }

  /// What the entry records as its inputs.
  ///
  /// - Throws: ``EngineError`` as ``inputs()`` does.
  public func snapshot() throws -> EntrySnapshot {
    EntrySnapshot(kind: .training, method: method, model: model, gpu: gpu, inputs: try inputs())
  }
}

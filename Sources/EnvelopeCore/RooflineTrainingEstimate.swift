/// A training run estimated by the roofline method: model and hardware FLOPs, time and
/// GPU-hours at a stated model FLOPs utilisation (MFU).
public struct RooflineTrainingEstimate: Sendable, Equatable {
  public var inputs: RooflineTrainingInputs
  /// FLOP the model needs, what the utilisation is a share of.
  ///
  /// 6 × active parameters × tokens × epochs, plus the attention term when a sequence length
  /// is given.
  public var modelFLOPs: Double
  /// The attention part of ``modelFLOPs`` (0 without a sequence length).
  public var attentionFLOPs: Double
  /// FLOP the GPUs perform: the model FLOPs, and the forward pass again with recomputation.
  public var hardwareFLOPs: Double
  /// The share of peak the hardware FLOPs take: the MFU, × 8 ÷ 6 with recomputation.
  public var hardwareFLOPsUtilization: Double
  /// Wall-clock seconds.
  public var trainingSeconds: Double
  /// GPU-hours occupied.
  public var gpuHours: Double
  /// GPU-hours × price per GPU-hour, when a price is given.
  public var trainingCost: Double?

  /// The figure `training_flops`: the model FLOPs, which time is computed from.
  public var trainingFLOPs: Double { modelFLOPs }

  /// Wall-clock days.
  public var trainingDays: Double { trainingSeconds / SeedMethod.secondsPerDay }

  /// Estimates a training run.
  ///
  /// - Parameter inputs: The run's inputs.
  /// - Throws: ``EngineError`` when an input is out of range or a figure cannot be represented.
  public init(_ inputs: RooflineTrainingInputs) throws {
    try inputs.validate()
    self.inputs = inputs
    let attentionPerToken = inputs.attentionFLOPsPerToken
    modelFLOPs = RooflineMethod.trainingModelFLOPs(
      parameters: inputs.parameters, tokens: inputs.tokens, epochs: inputs.epochs,
      attentionFLOPsPerToken: attentionPerToken)
    // The attention term alone: the model FLOPs of no parameters.
    attentionFLOPs = RooflineMethod.trainingModelFLOPs(
      parameters: 0, tokens: inputs.tokens, epochs: inputs.epochs,
      attentionFLOPsPerToken: attentionPerToken)
    hardwareFLOPs = RooflineMethod.trainingHardwareFLOPs(
      modelFLOPs: modelFLOPs, recompute: inputs.recompute)
    hardwareFLOPsUtilization = RooflineMethod.hardwareFLOPsUtilization(
      modelFLOPsUtilization: inputs.utilization, modelFLOPs: modelFLOPs,
      hardwareFLOPs: hardwareFLOPs)
    trainingSeconds = SeedMethod.trainingSeconds(
      totalFLOPs: modelFLOPs, peakFLOPSPerGPU: inputs.peakFLOPSPerGPU,
      gpuCount: inputs.gpuCount, utilization: inputs.utilization)
    gpuHours = SeedMethod.gpuHours(trainingSeconds: trainingSeconds, gpuCount: inputs.gpuCount)
    trainingCost = inputs.pricePerGPUHour.map {
      CostMethod.trainingCost(gpuHours: gpuHours, pricePerGPUHour: $0)
    }
    for figure in figures {
      if let number = figure.value.number, !number.isFinite || abs(number) > 1e300 {
        throw EngineError.resultOutOfRange(
          figure: figure.key, reason: "the inputs give a result too large to represent")
      }
    }
  }

  /// The run at each end of the utilisation range, figure by figure.
  ///
  /// - Parameter inputs: The run's inputs; their utilisation is the expected end.
  /// - Returns: One ``EstimateRange`` per figure, in report order.
  /// - Throws: ``EngineError`` as ``init(_:)`` does.
  public static func range(_ inputs: RooflineTrainingInputs) throws -> [EstimateRange] {
    EstimateRange.rows(
      pessimistic: try RooflineTrainingEstimate(inputs.atEnd(.pessimistic)).figures,
      expected: try RooflineTrainingEstimate(inputs).figures,
      optimistic: try RooflineTrainingEstimate(inputs.atEnd(.optimistic)).figures)
  }

  /// The figures in report order, keyed as in JSON output and the ledger.
  ///
  /// `training_flops` first, as before model and hardware FLOPs were told apart; it equals
  /// `model_flops`. `attention_flops` only with a sequence length.
  public var figures: [Figure] {
    var figures = [
      Figure(.trainingFLOPs, trainingFLOPs),
      Figure(.trainingSeconds, trainingSeconds),
      Figure(.trainingDays, trainingDays),
      Figure(.gpuHours, gpuHours),
      Figure(.modelFLOPs, modelFLOPs),
    ]
    if inputs.sequenceLength != nil { figures.append(Figure(.attentionFLOPs, attentionFLOPs)) }
    figures += [
      Figure(.hardwareFLOPs, hardwareFLOPs),
      Figure(.hardwareFLOPsUtilization, hardwareFLOPsUtilization),
    ]
    if let trainingCost {
      figures.append(Figure(.trainingCost, trainingCost))
    }
    return figures
  }

  /// Each formula with this run's numbers and assumptions substituted.
  public var derivations: [Derivation] {
    let i = inputs
    let n = HumanFormat.number
    let flops = HumanFormat.flops
    var parameters = n(i.parameters, 0)
    if let total = i.totalParameters, total > i.parameters {
      parameters +=
        " (active of \(n(total, 0)) total: a mixture of experts' FLOPs use the parameters each"
        + " token passes through)"
    }
    var derivations: [Derivation] = []
    if let sequenceLength = i.sequenceLength, let layers = i.layers,
      let heads = i.attentionHeads, let headDim = i.headDim
    {
      let perToken = i.attentionFLOPsPerToken
      derivations.append(
        Derivation(
          .attentionFLOPs,
          formula:
            "attention FLOPs = 12 × layers × attention heads × head dim × sequence length"
            + " × tokens × epochs (PaLM, arXiv 2204.02311 App. B; full score matrix, causal"
            + " mask not halved)",
          working:
            "12 × \(layers) × \(heads) × \(headDim) × \(n(sequenceLength, 0))"
            + " = \(flops(perToken)) per token; × \(n(i.tokens, 0)) × \(n(i.epochs, 4))"
            + " = \(flops(attentionFLOPs))"))
      derivations.append(
        Derivation(
          .modelFLOPs,
          formula:
            "model FLOPs = (6 × parameters + attention FLOPs per token) × tokens × epochs",
          working:
            "(6 × \(parameters) + \(flops(perToken))) × \(n(i.tokens, 0)) × \(n(i.epochs, 4))"
            + " = \(flops(modelFLOPs))"))
    } else {
      derivations.append(
        Derivation(
          .modelFLOPs,
          formula:
            "model FLOPs = 6 × parameters × tokens × epochs (no attention term without"
            + " --sequence-length)",
          working:
            "6 × \(parameters) × \(n(i.tokens, 0)) × \(n(i.epochs, 4)) = \(flops(modelFLOPs))"))
    }
    derivations += [
      Derivation(
        .trainingFLOPs, formula: "training FLOPs = model FLOPs",
        working: flops(trainingFLOPs)),
      Derivation(
        .hardwareFLOPs,
        formula:
          "hardware FLOPs = model FLOPs × 8 ÷ 6 with activation recomputation (the forward"
          + " pass again), else model FLOPs",
        working: i.recompute
          ? "\(flops(modelFLOPs)) × 8 ÷ 6 = \(flops(hardwareFLOPs))"
          : "no recomputation: \(flops(hardwareFLOPs))"),
      Derivation(
        .trainingSeconds,
        formula:
          "seconds = model FLOPs ÷ (peak FLOP/s per GPU × GPUs × model FLOPs utilisation)",
        working:
          "\(flops(modelFLOPs)) ÷ (\(HumanFormat.flopsPerSecond(i.peakFLOPSPerGPU))"
          + " × \(n(i.gpuCount, 0)) × \(n(i.utilization, 4)))"
          + " = \(n(trainingSeconds, 2)) s = \(HumanFormat.seconds(trainingSeconds))"),
      Derivation(
        .gpuHours, formula: "GPU-hours = seconds × GPUs ÷ 3,600",
        working:
          "\(n(trainingSeconds, 2)) × \(n(i.gpuCount, 0)) ÷ 3,600 = \(n(gpuHours, 2)) GPU-hours"),
      Derivation(
        .hardwareFLOPsUtilization,
        formula: "hardware FLOPs utilisation = MFU × hardware FLOPs ÷ model FLOPs",
        working:
          "\(n(i.utilization, 4)) × \(flops(hardwareFLOPs)) ÷ \(flops(modelFLOPs))"
          + " = \(n(hardwareFLOPsUtilization, 4))"),
    ]
    if let trainingCost, let price = i.pricePerGPUHour {
      derivations.append(
        Derivation(
          .trainingCost, formula: "training cost = GPU-hours × price per GPU-hour",
          working: "\(n(gpuHours, 2)) × \(n(price, 4)) = \(n(trainingCost, 2))"))
    }
    return derivations
  }
}

/// A training run estimated by the roofline method: FLOPs, time and GPU-hours at a stated MFU.
public struct RooflineTrainingEstimate: Sendable, Equatable {
  public var inputs: RooflineTrainingInputs
  /// FLOP the run performs.
  public var trainingFLOPs: Double
  /// Wall-clock seconds.
  public var trainingSeconds: Double
  /// GPU-hours occupied.
  public var gpuHours: Double
  /// GPU-hours × price per GPU-hour, when a price is given.
  public var trainingCost: Double?

  /// Wall-clock days.
  public var trainingDays: Double { trainingSeconds / SeedMethod.secondsPerDay }

  /// Estimates a training run.
  ///
  /// - Parameter inputs: The run's inputs.
  /// - Throws: ``EngineError`` when an input is out of range or a figure cannot be represented.
  public init(_ inputs: RooflineTrainingInputs) throws {
    try inputs.validate()
    self.inputs = inputs
    trainingFLOPs = RooflineMethod.trainingFLOPs(
      parameters: inputs.parameters, tokens: inputs.tokens, epochs: inputs.epochs,
      recompute: inputs.recompute)
    trainingSeconds = SeedMethod.trainingSeconds(
      totalFLOPs: trainingFLOPs, peakFLOPSPerGPU: inputs.peakFLOPSPerGPU,
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
  public var figures: [Figure] {
    var figures = [
      Figure(.trainingFLOPs, trainingFLOPs),
      Figure(.trainingSeconds, trainingSeconds),
      Figure(.trainingDays, trainingDays),
      Figure(.gpuHours, gpuHours),
    ]
    if let trainingCost {
      figures.append(
        Figure(.trainingCost, trainingCost))
    }
    return figures
  }

  /// Each formula with this run's numbers and assumptions substituted.
  public var derivations: [Derivation] {
    let i = inputs
    let n = HumanFormat.number
    let factor =
      i.recompute
      ? RooflineMethod.trainingFLOPsPerParameterWithRecompute : SeedMethod.trainingFLOPsPerParameter
    var derivations = [
      Derivation(
        .trainingFLOPs,
        formula:
          "FLOPs = k × parameters × tokens × epochs (k = 6, or 8 with activation recomputation)",
        working:
          "\(n(factor, 0)) × \(n(i.parameters, 0)) × \(n(i.tokens, 0)) × \(n(i.epochs, 4))"
          + " = \(HumanFormat.flops(trainingFLOPs))"),
      Derivation(
        .trainingSeconds,
        formula: "seconds = FLOPs ÷ (peak FLOP/s per GPU × GPUs × utilisation (MFU))",
        working:
          "\(HumanFormat.flops(trainingFLOPs)) ÷ (\(HumanFormat.flopsPerSecond(i.peakFLOPSPerGPU))"
          + " × \(n(i.gpuCount, 0)) × \(n(i.utilization, 4)))"
          + " = \(n(trainingSeconds, 2)) s = \(HumanFormat.seconds(trainingSeconds))"),
      Derivation(
        .gpuHours, formula: "GPU-hours = seconds × GPUs ÷ 3,600",
        working:
          "\(n(trainingSeconds, 2)) × \(n(i.gpuCount, 0)) ÷ 3,600 = \(n(gpuHours, 2)) GPU-hours"),
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

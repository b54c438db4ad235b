/// A training run estimated by the seed method: FLOPs, wall-clock time and GPU-hours.
public struct TrainingEstimate: Sendable, Equatable {
  public var inputs: TrainingInputs
  /// FLOP the run performs.
  public var trainingFLOPs: Double
  /// Wall-clock seconds.
  public var trainingSeconds: Double
  /// GPU-hours occupied.
  public var gpuHours: Double

  /// Wall-clock days.
  public var trainingDays: Double { trainingSeconds / SeedMethod.secondsPerDay }

  /// Estimates a training run with the seed's formulas.
  ///
  /// - Parameter inputs: The run's inputs.
  /// - Throws: ``EngineError`` when an input is out of range or a figure cannot be represented.
  public init(seed inputs: TrainingInputs) throws {
    try inputs.validate()
    self.inputs = inputs
    trainingFLOPs = SeedMethod.trainingFLOPs(
      parameters: inputs.parameters, architectureConstant: inputs.architectureConstant,
      dataItems: inputs.dataItems, epochs: inputs.epochs)
    trainingSeconds = SeedMethod.trainingSeconds(
      totalFLOPs: trainingFLOPs, peakFLOPSPerGPU: inputs.peakFLOPSPerGPU,
      gpuCount: inputs.gpuCount, utilization: inputs.utilization)
    gpuHours = SeedMethod.gpuHours(trainingSeconds: trainingSeconds, gpuCount: inputs.gpuCount)
    for figure in figures {
      if let number = figure.value.number, !number.isFinite || number > 1e300 {
        throw EngineError.resultOutOfRange(
          figure: figure.key, reason: "the inputs give a result too large to represent")
      }
    }
  }

  /// The figures in report order, keyed as in JSON output and the ledger.
  public var figures: [Figure] {
    [
      Figure(.trainingFLOPs, trainingFLOPs),
      Figure(.trainingSeconds, trainingSeconds),
      Figure(.trainingDays, trainingDays),
      Figure(.gpuHours, gpuHours),
    ]
  }

  /// Each formula with this run's numbers substituted.
  public var derivations: [Derivation] {
    let i = inputs
    let n = HumanFormat.number
    var parameters = n(i.parameters, 2)
    if let total = i.totalParameters, total > i.parameters {
      parameters +=
        " (active of \(n(total, 2)) total: a mixture of experts' FLOPs use the parameters each"
        + " token passes through)"
    }
    return [
      Derivation(
        .trainingFLOPs, formula: "FLOPs = 6 × parameters × C × data items × epochs",
        working:
          "6 × \(parameters) × \(n(i.architectureConstant, 2)) × \(n(i.dataItems, 2))"
          + " × \(n(i.epochs, 4)) = \(HumanFormat.flops(trainingFLOPs))"),
      Derivation(
        .trainingSeconds,
        formula: "seconds = FLOPs ÷ (peak FLOP/s per GPU × GPUs × utilisation)",
        working:
          "\(HumanFormat.flops(trainingFLOPs)) ÷ (\(HumanFormat.flopsPerSecond(i.peakFLOPSPerGPU))"
          + " × \(n(i.gpuCount, 0)) × \(n(i.utilization, 4)))"
          + " = \(n(trainingSeconds, 2)) s = \(HumanFormat.seconds(trainingSeconds))"),
      Derivation(
        .gpuHours, formula: "GPU-hours = seconds × GPUs ÷ 3,600",
        working:
          "\(n(trainingSeconds, 2)) × \(n(i.gpuCount, 0)) ÷ 3,600 = \(n(gpuHours, 2)) GPU-hours"),
    ]
  }
}

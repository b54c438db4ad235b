/// A deployment's estimate: its scenario, overrides applied, with the model and GPU it names,
/// resolved into each method's inputs and combined into one list of figures.
///
/// The seed method sizes everything; the roofline method sizes compute its own way and keeps
/// the seed's storage and network figures, which do not depend on how requests are served.
/// Cost is added when a GPU price is known.
public struct ServingPlan: Sendable, Equatable {
  /// The scenario as estimated, overrides applied; `id` is empty for a one-off estimate.
  public var scenario: Scenario
  public var model: ModelProfile
  public var gpu: GPUProfile
  /// The flags that changed the stored scenario for this estimate, as typed.
  public var overrides: [ScenarioOverride]
  /// The calibration the roofline method uses for this model and GPU, if any.
  public var calibration: Calibration?

  public init(
    scenario: Scenario, model: ModelProfile, gpu: GPUProfile, overrides: [ScenarioOverride] = [],
    calibration: Calibration? = nil
  ) {
    self.scenario = scenario
    self.model = model
    self.gpu = gpu
    self.overrides = overrides
    self.calibration = calibration
  }

  /// The calibration, when it applies to the scenario's model, GPU and precision.
  public var applicableCalibration: Calibration? {
    guard let calibration,
      calibration.applies(modelID: model.id, gpuID: gpu.id, precision: scenario.precision)
    else { return nil }
    return calibration
  }

  /// An estimate's figures and, when asked for, how each was computed.
  public struct Estimate: Sendable, Equatable {
    public var figures: [Figure]
    public var derivations: [Derivation]
  }

  /// The seed method's inputs.
  ///
  /// - Throws: ``EngineError`` when the GPU has no peak at the scenario's precision.
  public func seedInputs() throws -> ServingInputs {
    try scenario.servingInputs(model: model, gpu: gpu)
  }

  /// The roofline method's inputs, the scenario's choices applied.
  ///
  /// Output tokens default to the scenario's tokens per request, else the model's architecture
  /// constant; input tokens to the output tokens. Efficiencies the scenario leaves unset stay
  /// unset: the estimate takes them from the GPU's catalogue entry.
  public func rooflineInputs() -> RooflineInputs {
    let output = scenario.outputTokens ?? scenario.tokensPerRequest ?? model.architectureConstant
    return RooflineInputs(
      model: model, gpu: gpu,
      parameters: RooflineParameters(
        precision: scenario.precision, kvCachePrecision: scenario.kvPrecision,
        dailyActiveUsers: scenario.dailyActiveUsers,
        requestsPerUserPerDay: scenario.requestsPerUserPerDay,
        inputTokens: scenario.inputTokens ?? output, outputTokens: output,
        batch: scenario.batch, maxBatch: scenario.maxBatch,
        contextTokens: scenario.contextTokens, tensorParallel: scenario.tensorParallel,
        maxTTFTSeconds: scenario.maxTTFTSeconds, maxTPOTSeconds: scenario.maxTPOTSeconds,
        bandwidthEfficiency: scenario.bandwidthEfficiency,
        computeEfficiency: scenario.computeEfficiency,
        prefillEfficiency: scenario.prefillEfficiency,
        communicationEfficiency: scenario.communicationEfficiency,
        gpuMemoryUtilization: scenario.gpuMemoryUtilization
          ?? RooflineMethod.defaultGPUMemoryUtilization,
        maxBatchedTokens: RooflineMethod.defaultMaxBatchedTokens,
        allReduceLatencySeconds: RooflineMethod.defaultAllReduceLatencySeconds,
        calibration: applicableCalibration?.reference,
        peakFactor: scenario.peakFactor ?? RooflineMethod.defaultPeakFactor,
        targetUtilization: scenario.targetUtilization ?? RooflineMethod.defaultTargetUtilization))
  }

  /// Prices, every default resolved.
  public var costInputs: CostInputs {
    CostInputs(
      gpuPricePerHour: scenario.gpuPricePerHour,
      storagePricePerTBMonth: scenario.storagePricePerTBMonth
        ?? CostMethod.defaultStoragePricePerTBMonth,
      egressPricePerGB: scenario.egressPricePerGB ?? CostMethod.defaultEgressPricePerGB,
      currency: scenario.currency ?? CostMethod.defaultCurrency,
      daysPerMonth: scenario.daysPerMonth)
  }

  /// Whether a GPU price is known, so that cost can be estimated.
  public var isPriced: Bool { (scenario.gpuPricePerHour ?? gpu.pricePerHour) != nil }

  /// The figures with the scenario's method, and their derivations when asked for.
  ///
  /// - Parameters:
  ///   - end: Which end of the efficiency ranges the roofline method uses.
  ///   - wanted: Whether to write each formula out (a sweep's hot path does not).
  /// - Returns: The figures in report order.
  /// - Throws: ``EngineError`` for inputs a method cannot use.
  public func estimate(at end: EstimateRange.End = .expected, derivations wanted: Bool = true)
    throws -> Estimate
  {
    let seed = try ServingEstimate(seed: try seedInputs())
    var figures: [Figure]
    var derivations: [Derivation] = []
    var gpus = seed.gpusRequired
    switch scenario.method {
    case .seed:
      figures = seed.figures
      if wanted { derivations = seed.derivations }
    case .roofline:
      let roofline = try RooflineEstimate(rooflineInputs().atEnd(end))
      gpus = roofline.gpusRequired
      let rooflineFigures = roofline.figures
      let keys = Set(rooflineFigures.map(\.definition))
      let seedKept = seed.figures.filter {
        ($0.group == .storage || $0.group == .network) && !keys.contains($0.definition)
      }
      figures = rooflineFigures + seedKept
      if wanted {
        let kept = Set(seedKept.map(\.key))
        derivations = roofline.derivations + seed.derivations.filter { kept.contains($0.key) }
      }
    }
    if isPriced {
      let cost = try CostEstimate(
        inputs: costInputs, cataloguePricePerHour: gpu.pricePerHour, gpus: gpus,
        egressBytesPerSecond: seed.egressBytesPerSecond,
        storageBytesPerMonth: seed.storageBytesPerMonth,
        initialStorageBytes: seed.userDataBytes + seed.modelStorageBytes)
      figures += cost.figures
      if wanted { derivations += cost.derivations }
    }
    return Estimate(figures: figures, derivations: derivations)
  }

  /// Pessimistic, expected and optimistic figures, for `--range`.
  ///
  /// - Throws: ``EngineError/notApplicable(option:reason:)`` for the seed method, which has no
  ///   efficiency factors to vary; ``EngineError`` as ``estimate(at:derivations:)`` does.
  public func ranges() throws -> [EstimateRange] {
    guard scenario.method == .roofline else {
      throw EngineError.notApplicable(
        option: "--range",
        reason: "needs --method roofline: the seed method has no efficiency factors to vary")
    }
    return EstimateRange.rows(
      pessimistic: try estimate(at: .pessimistic, derivations: false).figures,
      expected: try estimate(at: .expected, derivations: false).figures,
      optimistic: try estimate(at: .optimistic, derivations: false).figures)
  }

  /// What the entry records as its inputs: the scenario, model and GPU as they are now, the
  /// overrides, and the method's inputs with every default.
  ///
  /// - Throws: ``EngineError`` when the GPU has no peak at the scenario's precision.
  public func snapshot() throws -> EntrySnapshot {
    let seed = try seedInputs()
    let inputs: MethodInputs
    switch scenario.method {
    case .seed: inputs = .seed(seed)
    case .roofline: inputs = .roofline(rooflineInputs().parameters)
    }
    return EntrySnapshot(
      kind: .serving, method: scenario.method, scenario: scenario.id.isEmpty ? nil : scenario,
      model: model, gpu: gpu, overrides: overrides, inputs: inputs,
      seedInputs: scenario.method == .roofline ? seed : nil,
      cost: isPriced ? costInputs : nil)
  }
}

extension Scenario {
  /// A one-off scenario with the seed's worked example's values, on the given model and GPU.
  ///
  /// - Parameters:
  ///   - modelID: The model's catalogue id.
  ///   - gpuID: The GPU's catalogue id.
  /// - Returns: A scenario with an empty id.
  public static func oneOff(modelID: String, gpuID: String) -> Scenario {
    let seed = ServingInputs.seedExample
    return Scenario(
      id: "", modelID: modelID, gpuID: gpuID, precision: seed.precision,
      dailyActiveUsers: seed.dailyActiveUsers, requestsPerUserPerDay: seed.requestsPerUserPerDay,
      requestBytes: seed.requestBytes, responseBytes: seed.responseBytes,
      profileBytes: seed.profileBytes, interactionsPerUserPerDay: seed.interactionsPerUserPerDay,
      interactionBytes: seed.interactionBytes)
  }
}

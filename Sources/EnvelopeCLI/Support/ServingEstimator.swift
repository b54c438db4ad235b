import EnvelopeCore

/// A deployment's inputs resolved from the catalogue, a scenario and flags, and its estimate.
struct ServingEstimator {
  /// The scenario as estimated, overrides applied; `id` is empty for a one-off estimate.
  var scenario: Scenario
  var model: ModelProfile
  var gpu: GPUProfile
  /// The flags that changed the stored scenario for this estimate, as typed.
  var overrides: [(String, String)] = []
  /// The model's and GPU's JSON when already built (a sweep builds them once).
  var modelJSON: JSONValue?
  var gpuJSON: JSONValue?

  /// Prompt tokens per request when a scenario gives none: as many as it generates.
  static let defaultInputTokensRule = "input tokens default to the output tokens"

  /// The seed method's inputs.
  func seedInputs() throws -> ServingInputs {
    try scenario.servingInputs(model: model, gpu: gpu)
  }

  /// The roofline method's inputs, every default resolved.
  func rooflineInputs() -> RooflineInputs {
    let output = scenario.outputTokens ?? scenario.tokensPerRequest ?? model.architectureConstant
    return RooflineInputs(
      model: model, gpu: gpu, precision: scenario.precision,
      dailyActiveUsers: scenario.dailyActiveUsers,
      requestsPerUserPerDay: scenario.requestsPerUserPerDay,
      inputTokens: scenario.inputTokens ?? output, outputTokens: output, batch: scenario.batch,
      contextTokens: scenario.contextTokens,
      bandwidthEfficiency: scenario.bandwidthEfficiency
        ?? RooflineMethod.defaultBandwidthEfficiency,
      computeEfficiency: scenario.computeEfficiency ?? RooflineMethod.defaultComputeEfficiency,
      peakFactor: scenario.peakFactor ?? RooflineMethod.defaultPeakFactor,
      targetUtilization: scenario.targetUtilization ?? RooflineMethod.defaultTargetUtilization)
  }

  /// Prices, every default resolved.
  var costInputs: CostInputs {
    CostInputs(
      gpuPricePerHour: scenario.gpuPricePerHour,
      storagePricePerTBMonth: scenario.storagePricePerTBMonth
        ?? CostMethod.defaultStoragePricePerTBMonth,
      egressPricePerGB: scenario.egressPricePerGB ?? CostMethod.defaultEgressPricePerGB,
      currency: scenario.currency ?? CostMethod.defaultCurrency,
      daysPerMonth: scenario.daysPerMonth)
  }

  /// Whether a GPU price is known, so that cost can be estimated.
  var isPriced: Bool { (scenario.gpuPricePerHour ?? gpu.pricePerHour) != nil }

  /// The estimate's figures and derivations with the scenario's method.
  ///
  /// The roofline method sizes compute its own way and keeps the seed's storage and network
  /// figures, which do not depend on how requests are served.
  func estimate(at end: EstimateRange.End = .expected) throws -> (
    figures: [Figure], derivations: [Derivation]
  ) {
    try compute(at: end, derivations: true)
  }

  /// The figures alone, without writing out the derivations (a sweep's hot path).
  func figures(at end: EstimateRange.End = .expected) throws -> [Figure] {
    try compute(at: end, derivations: false).figures
  }

  private func compute(at end: EstimateRange.End, derivations wanted: Bool) throws -> (
    figures: [Figure], derivations: [Derivation]
  ) {
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
      let keys = Set(rooflineFigures.map(\.key))
      let seedKept = seed.figures.filter {
        ($0.group == "storage" || $0.group == "network") && !keys.contains($0.key)
      }
      figures = rooflineFigures + seedKept
      if wanted {
        derivations =
          roofline.derivations
          + seed.derivations.filter { derivation in seedKept.contains { $0.key == derivation.key } }
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
    return (figures, derivations)
  }

  /// Pessimistic, expected and optimistic figures, for `--range`.
  func ranges() throws -> [EstimateRange] {
    guard scenario.method == .roofline else {
      throw CLIError.usage(
        "--range needs --method roofline: the seed method has no efficiency factors to vary")
    }
    return EstimateRange.rows(
      pessimistic: try figures(at: .pessimistic), expected: try figures(at: .expected),
      optimistic: try figures(at: .optimistic))
  }

  /// The resolved inputs as they are now, for the ledger entry: the scenario, model and GPU
  /// values, the overrides, and the method's inputs with every default.
  func snapshot() throws -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("method", .string(scenario.method.rawValue)),
      ("scenario", scenario.id.isEmpty ? .null : scenario.jsonValue),
      ("model", try modelJSON ?? JSONValue(encoding: model)),
      ("gpu", try gpuJSON ?? JSONValue(encoding: gpu)),
      ("overrides", .object(overrides.map { ($0.0, .string($0.1)) })),
    ]
    switch scenario.method {
    case .seed: members.append(("inputs", try seedInputs().jsonValue))
    case .roofline:
      members.append(("seed_inputs", try seedInputs().jsonValue))
      members.append(("inputs", try JSONValue(encoding: rooflineInputs())))
    }
    if isPriced { members.append(("cost", try JSONValue(encoding: costInputs))) }
    return .object(members)
  }
}

extension Scenario {
  /// A one-off scenario with the seed's worked example's values, on the given model and GPU.
  static func oneOff(modelID: String, gpuID: String) -> Scenario {
    let seed = ServingInputs.seedExample
    return Scenario(
      id: "", modelID: modelID, gpuID: gpuID, precision: seed.precision,
      dailyActiveUsers: seed.dailyActiveUsers, requestsPerUserPerDay: seed.requestsPerUserPerDay,
      requestBytes: seed.requestBytes, responseBytes: seed.responseBytes,
      profileBytes: seed.profileBytes, interactionsPerUserPerDay: seed.interactionsPerUserPerDay,
      interactionBytes: seed.interactionBytes)
  }
}

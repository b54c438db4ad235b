/// A change to a scenario's stored inputs for one estimate, kept as it was typed: `--dau 200M`.
public struct ScenarioOverride: Sendable, Equatable {
  /// The flag, with its dashes: `--dau`.
  public var flag: String
  /// The value as typed: `200M`.
  public var text: String

  public init(_ flag: String, _ text: String) {
    self.flag = flag
    self.text = text
  }
}

/// The inputs a method computed an entry from, every default resolved.
public enum MethodInputs: Sendable, Equatable {
  /// A deployment by the seed's formulas.
  case seed(ServingInputs)
  /// A deployment by the roofline method (its model and GPU are the snapshot's).
  case roofline(RooflineParameters)
  /// A training run by the seed's formula.
  case seedTraining(TrainingInputs)
  /// A training run by the roofline method.
  case rooflineTraining(RooflineTrainingInputs)
}

/// What an entry was computed from: the scenario, model and GPU as they were, the overrides,
/// and the method's inputs with every default resolved.
///
/// The one shape the ledger stores and every reader decodes. Version 2 (this one) writes
/// `snapshot_version` and `kind`, and the roofline method's inputs without a second copy of the
/// model and GPU. Version 1, written by Envelope 0.1.0, had neither key and repeated the model
/// and GPU inside a roofline entry's `inputs` (in camelCase); it decodes to the same values.
public struct EntrySnapshot: Sendable, Equatable, Codable {
  /// The version this Envelope writes.
  public static let currentVersion = 2

  /// The version the entry was recorded with: 1 for what 0.1.0 wrote, 2 since.
  ///
  /// Whatever the version, the snapshot encodes in the current shape.
  public var version: Int
  public var kind: EntryKind
  public var method: EstimationMethod
  /// The scenario as estimated, overrides applied; `nil` for a one-off or training estimate.
  public var scenario: Scenario?
  public var model: ModelProfile
  public var gpu: GPUProfile
  /// The flags that changed the scenario for this estimate, in order.
  public var overrides: [ScenarioOverride]
  /// The method's inputs.
  public var inputs: MethodInputs
  /// For a roofline deployment, the seed method's inputs it takes storage and network from.
  public var seedInputs: ServingInputs?
  /// Prices, when the estimate was priced.
  public var cost: CostInputs?

  public init(
    kind: EntryKind, method: EstimationMethod, scenario: Scenario? = nil, model: ModelProfile,
    gpu: GPUProfile, overrides: [ScenarioOverride] = [], inputs: MethodInputs,
    seedInputs: ServingInputs? = nil, cost: CostInputs? = nil
  ) {
    self.version = Self.currentVersion
    self.kind = kind
    self.method = method
    self.scenario = scenario
    self.model = model
    self.gpu = gpu
    self.overrides = overrides
    self.inputs = inputs
    self.seedInputs = seedInputs
    self.cost = cost
  }

  /// The seed method's serving inputs: storage, network and load for either method.
  public var servingInputs: ServingInputs? {
    if case .seed(let inputs) = inputs { return inputs }
    return seedInputs
  }

  /// The text of an override, if the flag was given.
  ///
  /// - Parameter flag: The flag with its dashes: `--dau`.
  /// - Returns: The value as typed.
  public func override(_ flag: String) -> String? {
    overrides.last { $0.flag == flag }?.text
  }

  enum CodingKeys: String, CodingKey {
    case version = "snapshot_version"
    case kind, method, scenario, model, gpu, overrides, inputs, cost
    case seedInputs = "seed_inputs"
  }

  /// A key for the flags of `overrides`.
  struct FlagKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
    method = try container.decode(EstimationMethod.self, forKey: .method)
    // Version 1 has no kind; its serving entries have a scenario (null for a one-off).
    kind =
      try container.decodeIfPresent(EntryKind.self, forKey: .kind)
      ?? (container.contains(.scenario) ? .serving : .training)
    scenario = try container.decodeIfPresent(Scenario.self, forKey: .scenario)
    model = try container.decode(ModelProfile.self, forKey: .model)
    gpu = try container.decode(GPUProfile.self, forKey: .gpu)
    overrides = []
    if container.contains(.overrides) {
      let flags = try container.nestedContainer(keyedBy: FlagKey.self, forKey: .overrides)
      for key in flags.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
        overrides.append(
          ScenarioOverride(key.stringValue, try flags.decode(String.self, forKey: key)))
      }
    }
    switch (kind, method) {
    case (.serving, .seed):
      inputs = .seed(try container.decode(ServingInputs.self, forKey: .inputs))
    case (.serving, .roofline):
      inputs = .roofline(try container.decode(RooflineParameters.self, forKey: .inputs))
    case (.training, .seed):
      inputs = .seedTraining(try container.decode(TrainingInputs.self, forKey: .inputs))
    case (.training, .roofline):
      inputs = .rooflineTraining(
        try container.decode(RooflineTrainingInputs.self, forKey: .inputs))
    }
    seedInputs = try container.decodeIfPresent(ServingInputs.self, forKey: .seedInputs)
    cost = try container.decodeIfPresent(CostInputs.self, forKey: .cost)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(version, forKey: .version)
    try container.encode(kind, forKey: .kind)
    try container.encode(method, forKey: .method)
    if kind == .serving { try container.encode(scenario, forKey: .scenario) }
    try container.encode(model, forKey: .model)
    try container.encode(gpu, forKey: .gpu)
    if kind == .serving {
      var flags = container.nestedContainer(keyedBy: FlagKey.self, forKey: .overrides)
      for override in overrides {
        try flags.encode(override.text, forKey: FlagKey(stringValue: override.flag))
      }
    }
    switch inputs {
    case .seed(let value): try container.encode(value, forKey: .inputs)
    case .roofline(let value): try container.encode(value, forKey: .inputs)
    case .seedTraining(let value): try container.encode(value, forKey: .inputs)
    case .rooflineTraining(let value): try container.encode(value, forKey: .inputs)
    }
    try container.encodeIfPresent(seedInputs, forKey: .seedInputs)
    try container.encodeIfPresent(cost, forKey: .cost)
  }
}

extension EntrySnapshot {
  /// The calibration a roofline serving estimate used, if any.
  public var calibrationID: Int64? {
    if case .roofline(let parameters) = inputs { return parameters.calibration?.id }
    return nil
  }
}

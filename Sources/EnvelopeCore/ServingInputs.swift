/// Everything the seed method needs to size a deployment, in base units.
///
/// Sizes are bytes, rates FLOP/s, fractions plain numbers (0.25 for 25%). The workload's
/// fields read as the inputs' own (`inputs.dailyActiveUsers`).
@dynamicMemberLookup
public struct ServingInputs: Sendable, Equatable, Codable, HasWorkload {
  /// Number of model weights.
  public var parameters: Double
  /// Precision of weights and compute.
  public var precision: Precision
  /// Peak FLOP/s of one GPU at `precision`.
  public var peakFLOPS: Double
  /// C: tokens generated per request for text, generation steps for diffusion.
  public var architectureConstant: Double
  /// The traffic and data the deployment carries.
  public var workload: Workload

  /// The seed's index ratio, 25%.
  public static let defaultIndexRatio = Workload.defaultIndexRatio
  /// The seed's month, 30 days.
  public static let defaultDaysPerMonth = Workload.defaultDaysPerMonth

  public init(
    parameters: Double, precision: Precision, peakFLOPS: Double, architectureConstant: Double,
    workload: Workload
  ) {
    self.parameters = parameters
    self.precision = precision
    self.peakFLOPS = peakFLOPS
    self.architectureConstant = architectureConstant
    self.workload = workload
  }

  public init(
    parameters: Double, precision: Precision, peakFLOPS: Double, architectureConstant: Double,
    dailyActiveUsers: Double, requestsPerUserPerDay: Double, requestBytes: Double,
    responseBytes: Double, profileBytes: Double, profileUsers: Double? = nil,
    interactionsPerUserPerDay: Double? = nil, interactionBytes: Double,
    indexRatio: Double = Workload.defaultIndexRatio,
    daysPerMonth: Double = Workload.defaultDaysPerMonth
  ) {
    self.init(
      parameters: parameters, precision: precision, peakFLOPS: peakFLOPS,
      architectureConstant: architectureConstant,
      workload: Workload(
        dailyActiveUsers: dailyActiveUsers, requestsPerUserPerDay: requestsPerUserPerDay,
        requestBytes: requestBytes, responseBytes: responseBytes, profileBytes: profileBytes,
        profileUsers: profileUsers, interactionsPerUserPerDay: interactionsPerUserPerDay,
        interactionBytes: interactionBytes, indexRatio: indexRatio, daysPerMonth: daysPerMonth))
  }

  /// The seed's worked example: a 3B model at FP16 on an A100 (312 TFLOP/s) serving 100M DAU.
  public static let seedExample = ServingInputs(
    parameters: 3e9, precision: .fp16, peakFLOPS: 312e12, architectureConstant: 500,
    workload: .seedExample)

  /// Checks every input against the range it must lie in.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming the first bad field.
  public func validate() throws {
    let checks: [(CodingKeys, Double)] = [
      (.parameters, parameters), (.peakFLOPS, peakFLOPS),
      (.architectureConstant, architectureConstant),
    ]
    for (key, value) in checks {
      try Quantity.check(
        value, text: HumanFormat.significant(value), field: key.rawValue, range: .positive)
    }
    try workload.validate()
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case parameters, precision
    case peakFLOPS = "peak_flops"
    case architectureConstant = "architecture_constant"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    parameters = try container.decode(Double.self, forKey: .parameters)
    precision = try container.decode(Precision.self, forKey: .precision)
    peakFLOPS = try container.decode(Double.self, forKey: .peakFLOPS)
    architectureConstant = try container.decode(Double.self, forKey: .architectureConstant)
    workload = try Workload(from: decoder)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(parameters, forKey: .parameters)
    try container.encode(precision, forKey: .precision)
    try container.encode(peakFLOPS, forKey: .peakFLOPS)
    try container.encode(architectureConstant, forKey: .architectureConstant)
    try workload.encode(to: encoder)
  }
}

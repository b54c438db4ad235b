/// A named deployment plan: which model on which GPU, and the load and payloads it must carry.
///
/// Optional fields mean "the method's default" (or, for the token count, the model's
/// architecture constant), so a scenario states only what it decides.
public struct Scenario: Sendable, Equatable, Codable {
  public var id: String
  public var description: String
  public var modelID: String
  public var gpuID: String
  public var precision: Precision
  public var method: EstimationMethod
  /// C for the seed method: tokens generated per request; `nil` uses the model's constant.
  public var tokensPerRequest: Double?
  public var dailyActiveUsers: Double
  public var requestsPerUserPerDay: Double
  public var requestBytes: Double
  public var responseBytes: Double
  public var profileBytes: Double
  /// Users with a stored profile; `nil` means the daily active users.
  public var profileUsers: Double?
  /// Interactions logged per user a day; `nil` means one per request.
  public var interactionsPerUserPerDay: Double?
  public var interactionBytes: Double
  public var indexRatio: Double
  public var daysPerMonth: Double
  // Roofline inputs; `nil` uses the method's documented default.
  public var inputTokens: Double?
  public var outputTokens: Double?
  public var batch: Int?
  public var contextTokens: Double?
  public var bandwidthEfficiency: Double?
  public var computeEfficiency: Double?
  public var peakFactor: Double?
  public var targetUtilization: Double?
  // Cost inputs; `nil` uses the catalogue's GPU price or the documented default.
  public var gpuPricePerHour: Double?
  public var storagePricePerTBMonth: Double?
  public var egressPricePerGB: Double?
  public var currency: String?

  public init(
    id: String, description: String = "", modelID: String, gpuID: String,
    precision: Precision, method: EstimationMethod = .seed, tokensPerRequest: Double? = nil,
    dailyActiveUsers: Double, requestsPerUserPerDay: Double, requestBytes: Double,
    responseBytes: Double, profileBytes: Double, profileUsers: Double? = nil,
    interactionsPerUserPerDay: Double? = nil, interactionBytes: Double,
    indexRatio: Double = ServingInputs.defaultIndexRatio,
    daysPerMonth: Double = ServingInputs.defaultDaysPerMonth
  ) {
    self.id = id
    self.description = description
    self.modelID = modelID
    self.gpuID = gpuID
    self.precision = precision
    self.method = method
    self.tokensPerRequest = tokensPerRequest
    self.dailyActiveUsers = dailyActiveUsers
    self.requestsPerUserPerDay = requestsPerUserPerDay
    self.requestBytes = requestBytes
    self.responseBytes = responseBytes
    self.profileBytes = profileBytes
    self.profileUsers = profileUsers
    self.interactionsPerUserPerDay = interactionsPerUserPerDay
    self.interactionBytes = interactionBytes
    self.indexRatio = indexRatio
    self.daysPerMonth = daysPerMonth
  }

  /// The seed method's inputs for this scenario on the given catalogue entries.
  ///
  /// - Parameters:
  ///   - model: The scenario's model as the catalogue has it now.
  ///   - gpu: The scenario's GPU as the catalogue has it now.
  /// - Returns: Inputs for ``ServingEstimate/init(seed:)``.
  /// - Throws: ``EngineError`` when the GPU has no peak at the scenario's precision.
  public func servingInputs(model: ModelProfile, gpu: GPUProfile) throws -> ServingInputs {
    ServingInputs(
      parameters: model.parameters, precision: precision, peakFLOPS: try gpu.peak(at: precision),
      architectureConstant: tokensPerRequest ?? model.architectureConstant,
      dailyActiveUsers: dailyActiveUsers, requestsPerUserPerDay: requestsPerUserPerDay,
      requestBytes: requestBytes, responseBytes: responseBytes, profileBytes: profileBytes,
      profileUsers: profileUsers, interactionsPerUserPerDay: interactionsPerUserPerDay,
      interactionBytes: interactionBytes, indexRatio: indexRatio, daysPerMonth: daysPerMonth)
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case id, description, precision, method, batch, currency
    case modelID = "model_id"
    case gpuID = "gpu_id"
    case tokensPerRequest = "tokens_per_request"
    case dailyActiveUsers = "daily_active_users"
    case requestsPerUserPerDay = "requests_per_user_per_day"
    case requestBytes = "request_bytes"
    case responseBytes = "response_bytes"
    case profileBytes = "profile_bytes"
    case profileUsers = "profile_users"
    case interactionsPerUserPerDay = "interactions_per_user_per_day"
    case interactionBytes = "interaction_bytes"
    case indexRatio = "index_ratio"
    case daysPerMonth = "days_per_month"
    case inputTokens = "input_tokens"
    case outputTokens = "output_tokens"
    case contextTokens = "context_tokens"
    case bandwidthEfficiency = "bandwidth_efficiency"
    case computeEfficiency = "compute_efficiency"
    case peakFactor = "peak_factor"
    case targetUtilization = "target_utilization"
    case gpuPricePerHour = "gpu_price_per_hour"
    case storagePricePerTBMonth = "storage_price_per_tb_month"
    case egressPricePerGB = "egress_price_per_gb"
  }
}

extension Scenario: CatalogueItem {
  public static let kindName = "scenario"

  /// Checks the scenario's own load and payload values: the checks ``ServingInputs/validate()``
  /// makes of them, with the same messages.
  ///
  /// Whether its model and GPU exist, and whether the GPU rates its precision, depends on the
  /// catalogue: ``servingInputs(model:gpu:)`` checks that.
  ///
  /// - Throws: ``EngineError`` naming the field and the value.
  public func validate() throws {
    let checks: [(CodingKeys, Double?, QuantityRange)] = [
      (.tokensPerRequest, tokensPerRequest, .positive),
      (.dailyActiveUsers, dailyActiveUsers, .positive),
      (.requestsPerUserPerDay, requestsPerUserPerDay, .positive),
      (.requestBytes, requestBytes, .nonNegative), (.responseBytes, responseBytes, .nonNegative),
      (.profileBytes, profileBytes, .nonNegative), (.profileUsers, profileUsers, .nonNegative),
      (.interactionsPerUserPerDay, interactionsPerUserPerDay, .nonNegative),
      (.interactionBytes, interactionBytes, .nonNegative), (.indexRatio, indexRatio, .nonNegative),
      (.daysPerMonth, daysPerMonth, .positive),
    ]
    for case (let key, let value?, let range) in checks {
      try Quantity.check(
        value, text: HumanFormat.significant(value), field: key.rawValue, range: range)
    }
  }
}

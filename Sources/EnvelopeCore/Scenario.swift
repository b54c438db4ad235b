/// A named deployment plan: which model on which GPU, and the load and payloads it must carry.
///
/// Optional fields mean "the method's default" (or, for the token count, the model's
/// architecture constant), so a scenario states only what it decides.
@dynamicMemberLookup
public struct Scenario: Sendable, Equatable, Codable, HasWorkload {
  public var id: String
  public var description: String
  public var modelID: String
  public var gpuID: String
  public var precision: Precision
  public var method: EstimationMethod
  /// C for the seed method: tokens generated per request; `nil` uses the model's constant.
  public var tokensPerRequest: Double?
  /// The traffic and data the deployment carries; its fields read as the scenario's own.
  public var workload: Workload
  // Roofline inputs; `nil` uses the method's documented default.
  public var inputTokens: Double?
  public var outputTokens: Double?
  public var batch: Int?
  /// The most sequences a replica may decode together.
  public var maxBatch: Int?
  public var contextTokens: Double?
  /// GPUs per replica, pinned.
  public var tensorParallel: Int?
  /// Latency targets the parallelism and batch must meet.
  public var maxTTFTSeconds: Double?
  public var maxTPOTSeconds: Double?
  public var gpuMemoryUtilization: Double?
  /// Precision of the KV cache.
  public var kvPrecision: Precision?
  public var prefillEfficiency: Double?
  /// Share of the speed the catalogue's all-reduce model expects that the all-reduces reach.
  public var communicationEfficiency: Double?
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
    self.workload = Workload(
      dailyActiveUsers: dailyActiveUsers, requestsPerUserPerDay: requestsPerUserPerDay,
      requestBytes: requestBytes, responseBytes: responseBytes, profileBytes: profileBytes,
      profileUsers: profileUsers, interactionsPerUserPerDay: interactionsPerUserPerDay,
      interactionBytes: interactionBytes, indexRatio: indexRatio, daysPerMonth: daysPerMonth)
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
      architectureConstant: tokensPerRequest ?? model.architectureConstant, workload: workload)
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case id, description, precision, method, batch, currency
    case modelID = "model_id"
    case gpuID = "gpu_id"
    case tokensPerRequest = "tokens_per_request"
    case inputTokens = "input_tokens"
    case outputTokens = "output_tokens"
    case contextTokens = "context_tokens"
    case bandwidthEfficiency = "bandwidth_efficiency"
    case computeEfficiency = "compute_efficiency"
    case peakFactor = "peak_factor"
    case targetUtilization = "target_utilization"
    case maxBatch = "max_batch"
    case tensorParallel = "tensor_parallel"
    case maxTTFTSeconds = "max_ttft_seconds"
    case maxTPOTSeconds = "max_tpot_seconds"
    case gpuMemoryUtilization = "gpu_memory_utilization"
    case kvPrecision = "kv_precision"
    case prefillEfficiency = "prefill_efficiency"
    case communicationEfficiency = "communication_efficiency"
    case gpuPricePerHour = "gpu_price_per_hour"
    case storagePricePerTBMonth = "storage_price_per_tb_month"
    case egressPricePerGB = "egress_price_per_gb"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decode(String.self, forKey: .id)
    description = try container.decode(String.self, forKey: .description)
    modelID = try container.decode(String.self, forKey: .modelID)
    gpuID = try container.decode(String.self, forKey: .gpuID)
    precision = try container.decode(Precision.self, forKey: .precision)
    method = try container.decode(EstimationMethod.self, forKey: .method)
    tokensPerRequest = try container.decodeIfPresent(Double.self, forKey: .tokensPerRequest)
    workload = try Workload(from: decoder)
    inputTokens = try container.decodeIfPresent(Double.self, forKey: .inputTokens)
    outputTokens = try container.decodeIfPresent(Double.self, forKey: .outputTokens)
    batch = try container.decodeIfPresent(Int.self, forKey: .batch)
    contextTokens = try container.decodeIfPresent(Double.self, forKey: .contextTokens)
    bandwidthEfficiency = try container.decodeIfPresent(Double.self, forKey: .bandwidthEfficiency)
    computeEfficiency = try container.decodeIfPresent(Double.self, forKey: .computeEfficiency)
    peakFactor = try container.decodeIfPresent(Double.self, forKey: .peakFactor)
    targetUtilization = try container.decodeIfPresent(Double.self, forKey: .targetUtilization)
    maxBatch = try container.decodeIfPresent(Int.self, forKey: .maxBatch)
    tensorParallel = try container.decodeIfPresent(Int.self, forKey: .tensorParallel)
    maxTTFTSeconds = try container.decodeIfPresent(Double.self, forKey: .maxTTFTSeconds)
    maxTPOTSeconds = try container.decodeIfPresent(Double.self, forKey: .maxTPOTSeconds)
    gpuMemoryUtilization = try container.decodeIfPresent(
      Double.self, forKey: .gpuMemoryUtilization)
    kvPrecision = try container.decodeIfPresent(Precision.self, forKey: .kvPrecision)
    prefillEfficiency = try container.decodeIfPresent(Double.self, forKey: .prefillEfficiency)
    communicationEfficiency = try container.decodeIfPresent(
      Double.self, forKey: .communicationEfficiency)
    gpuPricePerHour = try container.decodeIfPresent(Double.self, forKey: .gpuPricePerHour)
    storagePricePerTBMonth = try container.decodeIfPresent(
      Double.self, forKey: .storagePricePerTBMonth)
    egressPricePerGB = try container.decodeIfPresent(Double.self, forKey: .egressPricePerGB)
    currency = try container.decodeIfPresent(String.self, forKey: .currency)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(description, forKey: .description)
    try container.encode(modelID, forKey: .modelID)
    try container.encode(gpuID, forKey: .gpuID)
    try container.encode(precision, forKey: .precision)
    try container.encode(method, forKey: .method)
    try container.encodeIfPresent(tokensPerRequest, forKey: .tokensPerRequest)
    try workload.encode(to: encoder)
    try container.encodeIfPresent(inputTokens, forKey: .inputTokens)
    try container.encodeIfPresent(outputTokens, forKey: .outputTokens)
    try container.encodeIfPresent(batch, forKey: .batch)
    try container.encodeIfPresent(contextTokens, forKey: .contextTokens)
    try container.encodeIfPresent(bandwidthEfficiency, forKey: .bandwidthEfficiency)
    try container.encodeIfPresent(computeEfficiency, forKey: .computeEfficiency)
    try container.encodeIfPresent(peakFactor, forKey: .peakFactor)
    try container.encodeIfPresent(targetUtilization, forKey: .targetUtilization)
    try container.encodeIfPresent(maxBatch, forKey: .maxBatch)
    try container.encodeIfPresent(tensorParallel, forKey: .tensorParallel)
    try container.encodeIfPresent(maxTTFTSeconds, forKey: .maxTTFTSeconds)
    try container.encodeIfPresent(maxTPOTSeconds, forKey: .maxTPOTSeconds)
    try container.encodeIfPresent(gpuMemoryUtilization, forKey: .gpuMemoryUtilization)
    try container.encodeIfPresent(kvPrecision, forKey: .kvPrecision)
    try container.encodeIfPresent(prefillEfficiency, forKey: .prefillEfficiency)
    try container.encodeIfPresent(communicationEfficiency, forKey: .communicationEfficiency)
    try container.encodeIfPresent(gpuPricePerHour, forKey: .gpuPricePerHour)
    try container.encodeIfPresent(storagePricePerTBMonth, forKey: .storagePricePerTBMonth)
    try container.encodeIfPresent(egressPricePerGB, forKey: .egressPricePerGB)
    try container.encodeIfPresent(currency, forKey: .currency)
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
    if let tokensPerRequest {
      try Quantity.check(
        tokensPerRequest, text: HumanFormat.significant(tokensPerRequest),
        field: CodingKeys.tokensPerRequest.rawValue, range: .positive)
    }
    try workload.validate()
  }
}

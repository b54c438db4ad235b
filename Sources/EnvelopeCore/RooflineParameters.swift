/// The roofline method's serving inputs other than the model and the GPU, in base units.
///
/// Sizes are tokens and bytes, fractions plain numbers (0.8 for 80%). Every efficiency factor
/// and default is a stored field, so the value an entry's snapshot holds says exactly which
/// assumptions produced its figures.
public struct RooflineParameters: Sendable, Equatable, Codable {
  /// Precision of the weights and of compute.
  public var precision: Precision
  /// Precision of the KV cache; `nil` follows ``resolvedKVCachePrecision``.
  public var kvCachePrecision: Precision?
  /// Daily active users.
  public var dailyActiveUsers: Double
  /// Requests each daily active user makes a day.
  public var requestsPerUserPerDay: Double
  /// Prompt tokens per request.
  public var inputTokens: Double
  /// Generated tokens per request.
  public var outputTokens: Double
  /// Sequences decoded together on one replica; `nil` means the largest that fits, capped at
  /// ``RooflineMethod/defaultBatchCap``.
  public var batch: Int?
  /// Tokens held in the KV cache per sequence; `nil` means input + output tokens.
  public var contextTokens: Double?
  /// GPUs per replica (tensor-parallel degree); `nil` means the smallest power of two that fits.
  public var tensorParallel: Int?
  /// Fraction of the datasheet memory bandwidth achieved while decoding.
  public var bandwidthEfficiency: Double
  /// Fraction of peak FLOP/s achieved by decode's matrix products.
  public var computeEfficiency: Double
  /// Fraction of peak FLOP/s achieved while processing the prompt.
  public var prefillEfficiency: Double
  /// Busiest-hour request rate as a multiple of the day's average.
  public var peakFactor: Double
  /// Fraction of a replica's capacity planned to be used at the peak.
  public var targetUtilization: Double
  /// Fraction of each GPU's memory kept free for activations, runtime and fragmentation.
  public var memoryOverheadFraction: Double

  public init(
    precision: Precision, kvCachePrecision: Precision? = nil,
    dailyActiveUsers: Double, requestsPerUserPerDay: Double, inputTokens: Double,
    outputTokens: Double, batch: Int? = nil, contextTokens: Double? = nil,
    tensorParallel: Int? = nil,
    bandwidthEfficiency: Double = RooflineMethod.defaultBandwidthEfficiency,
    computeEfficiency: Double = RooflineMethod.defaultComputeEfficiency,
    prefillEfficiency: Double = RooflineMethod.defaultPrefillEfficiency,
    peakFactor: Double = RooflineMethod.defaultPeakFactor,
    targetUtilization: Double = RooflineMethod.defaultTargetUtilization,
    memoryOverheadFraction: Double = RooflineMethod.defaultMemoryOverheadFraction
  ) {
    self.precision = precision
    self.kvCachePrecision = kvCachePrecision
    self.dailyActiveUsers = dailyActiveUsers
    self.requestsPerUserPerDay = requestsPerUserPerDay
    self.inputTokens = inputTokens
    self.outputTokens = outputTokens
    self.batch = batch
    self.contextTokens = contextTokens
    self.tensorParallel = tensorParallel
    self.bandwidthEfficiency = bandwidthEfficiency
    self.computeEfficiency = computeEfficiency
    self.prefillEfficiency = prefillEfficiency
    self.peakFactor = peakFactor
    self.targetUtilization = targetUtilization
    self.memoryOverheadFraction = memoryOverheadFraction
  }

  /// Tokens held in the KV cache per sequence: the given context, or input + output tokens.
  public var resolvedContextTokens: Double { contextTokens ?? inputTokens + outputTokens }

  /// The KV cache's precision: the given one, else the weights' precision, except that int4
  /// weights keep a 16-bit cache.
  ///
  /// Weight-only 4-bit schemes (GPTQ, AWQ) leave activations and the KV cache in 16 bits, so a
  /// 0.5-byte cache would be an optimistic default.
  public var resolvedKVCachePrecision: Precision {
    if let kvCachePrecision { return kvCachePrecision }
    return precision == .int4 ? .fp16 : precision
  }

  /// The precision the matrix products run at: the weights' precision, except fp16 for int4.
  ///
  /// Weight-only 4-bit schemes dequantise to 16 bits for the products, and the catalogue rates
  /// no GPU for int4.
  public var computePrecision: Precision { precision == .int4 ? .fp16 : precision }

  /// The same inputs with every efficiency factor at one end of its documented range.
  ///
  /// The pessimistic end takes the lower bound of each range (or the given value, when it is
  /// lower still), the optimistic end the upper bound (or the given value, when higher); the
  /// expected end is these inputs unchanged. Only the efficiencies move: load, batch and memory
  /// overhead stay as given.
  ///
  /// - Parameter end: Which end of the ranges.
  /// - Returns: The parameters at that end.
  public func atEnd(_ end: EstimateRange.End) -> RooflineParameters {
    var copy = self
    copy.bandwidthEfficiency = end.pick(
      bandwidthEfficiency, in: RooflineMethod.bandwidthEfficiencyRange)
    copy.computeEfficiency = end.pick(
      computeEfficiency, in: RooflineMethod.computeEfficiencyRange)
    copy.prefillEfficiency = end.pick(
      prefillEfficiency, in: RooflineMethod.prefillEfficiencyRange)
    return copy
  }

  /// Checks every input against the range it must lie in.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming the first bad field.
  public func validate() throws {
    let checks: [(String, Double?, QuantityRange)] = [
      ("daily_active_users", dailyActiveUsers, .positive),
      ("requests_per_user_per_day", requestsPerUserPerDay, .positive),
      ("input_tokens", inputTokens, .positive),
      ("output_tokens", outputTokens, .positive),
      ("batch", batch.map(Double.init), .positiveWholeNumber),
      ("context_tokens", contextTokens, .positive),
      ("tensor_parallel", tensorParallel.map(Double.init), .positiveWholeNumber),
      ("bandwidth_efficiency", bandwidthEfficiency, .fractionAboveZero),
      ("compute_efficiency", computeEfficiency, .fractionAboveZero),
      ("prefill_efficiency", prefillEfficiency, .fractionAboveZero),
      ("peak_factor", peakFactor, .positive),
      ("target_utilization", targetUtilization, .fractionAboveZero),
      ("memory_overhead_fraction", memoryOverheadFraction, .fraction),
    ]
    for (field, value, range) in checks {
      guard let value else { continue }
      try Quantity.check(value, text: HumanFormat.significant(value), field: field, range: range)
    }
    if peakFactor < 1 {
      throw EngineError.outOfRange(
        field: "peak_factor", value: HumanFormat.significant(peakFactor),
        reason: "must be at least 1: the busiest hour carries at least the average load")
    }
    if memoryOverheadFraction >= 1 {
      throw EngineError.outOfRange(
        field: "memory_overhead_fraction", value: HumanFormat.significant(memoryOverheadFraction),
        reason: "must be below 100%: some memory must remain for weights and the KV cache")
    }
    if let tensorParallel, tensorParallel > RooflineMethod.maximumTensorParallel {
      throw EngineError.outOfRange(
        field: "tensor_parallel", value: String(tensorParallel),
        reason: "must be at most \(RooflineMethod.maximumTensorParallel) GPUs per replica")
    }
  }

  enum CodingKeys: String, CodingKey {
    case precision, batch
    case kvCachePrecision = "kv_cache_precision"
    case dailyActiveUsers = "daily_active_users"
    case requestsPerUserPerDay = "requests_per_user_per_day"
    case inputTokens = "input_tokens"
    case outputTokens = "output_tokens"
    case contextTokens = "context_tokens"
    case tensorParallel = "tensor_parallel"
    case bandwidthEfficiency = "bandwidth_efficiency"
    case computeEfficiency = "compute_efficiency"
    case prefillEfficiency = "prefill_efficiency"
    case peakFactor = "peak_factor"
    case targetUtilization = "target_utilization"
    case memoryOverheadFraction = "memory_overhead_fraction"
  }
}

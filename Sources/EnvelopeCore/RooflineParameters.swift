/// The roofline method's serving inputs other than the model and the GPU, in base units.
///
/// Sizes are tokens and bytes, fractions plain numbers (0.8 for 80%), times seconds. An
/// efficiency left `nil` is the GPU's measured figure from the catalogue (or the method's
/// fallback when the catalogue has none), so the snapshot of an entry says which efficiencies
/// were chosen and the snapshot's GPU says what the others were.
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
  /// Sequences decoded together on one replica, exactly; `nil` lets the method choose.
  public var batch: Int?
  /// The most sequences a replica may decode together; `nil` means
  /// ``RooflineMethod/defaultMaxBatch``.
  public var maxBatch: Int?
  /// Tokens a sequence holds in the KV cache on average; `nil` means input + output ÷ 2.
  public var contextTokens: Double?
  /// GPUs per replica (tensor-parallel degree); `nil` lets the method choose.
  public var tensorParallel: Int?
  /// The longest acceptable time to first token; `nil` for none.
  public var maxTTFTSeconds: Double?
  /// The longest acceptable time per output token; `nil` for none.
  public var maxTPOTSeconds: Double?
  /// Fraction of the datasheet memory bandwidth achieved reading weights; `nil` means the GPU's.
  public var bandwidthEfficiency: Double?
  /// Fraction of the datasheet memory bandwidth achieved reading the paged KV cache; `nil`
  /// means the bandwidth efficiency.
  public var kvCacheBandwidthEfficiency: Double?
  /// Fraction of peak FLOP/s the decode tokens' matrix products achieve; `nil` means the GPU's
  /// measured matmul efficiency at the precision.
  public var computeEfficiency: Double?
  /// Fraction of peak FLOP/s the prompt tokens' matrix products and attention achieve; `nil`
  /// means the compute efficiency.
  public var prefillEfficiency: Double?
  /// Share of the speed the catalogue's all-reduce model expects that the tensor-parallel
  /// all-reduces reach; `nil` means the calibration's, else 1.
  public var communicationEfficiency: Double?
  /// Fraction of each GPU's memory the engine may use for weights, activations and KV cache;
  /// `nil` means ``RooflineMethod/defaultGPUMemoryUtilization``.
  public var gpuMemoryUtilization: Double?
  /// Tokens one forward pass processes at most; `nil` means
  /// ``RooflineMethod/defaultMaxBatchedTokens``.
  public var maxBatchedTokens: Int?
  /// Fixed cost of one all-reduce; `nil` means
  /// ``RooflineMethod/defaultAllReduceLatencySeconds``.
  public var allReduceLatencySeconds: Double?
  /// What snapshots written before schema 7 recorded instead of a memory utilisation.
  ///
  /// The fraction of memory kept out of weights and KV cache, read and written back as it was,
  /// so an old entry shows the inputs it was recorded with; the utilisation it implies is 1
  /// minus it.
  public var memoryOverheadFraction: Double?
  /// A fixed time added to every step (scheduling, launches, sampling); `nil` means the
  /// calibration's, else 0.
  public var stepOverheadSeconds: Double?
  /// The calibration whose factors stand in for the GPU's figures where no efficiency is given.
  public var calibration: CalibrationReference?
  /// Busiest-hour request rate as a multiple of the day's average.
  public var peakFactor: Double
  /// Fraction of a replica's capacity planned to be used at the peak.
  public var targetUtilization: Double

  public init(
    precision: Precision, kvCachePrecision: Precision? = nil,
    dailyActiveUsers: Double, requestsPerUserPerDay: Double, inputTokens: Double,
    outputTokens: Double, batch: Int? = nil, maxBatch: Int? = nil, contextTokens: Double? = nil,
    tensorParallel: Int? = nil, maxTTFTSeconds: Double? = nil, maxTPOTSeconds: Double? = nil,
    bandwidthEfficiency: Double? = nil, kvCacheBandwidthEfficiency: Double? = nil,
    computeEfficiency: Double? = nil, prefillEfficiency: Double? = nil,
    communicationEfficiency: Double? = nil, gpuMemoryUtilization: Double? = nil,
    maxBatchedTokens: Int? = nil,
    allReduceLatencySeconds: Double? = nil, memoryOverheadFraction: Double? = nil,
    stepOverheadSeconds: Double? = nil, calibration: CalibrationReference? = nil,
    peakFactor: Double = RooflineMethod.defaultPeakFactor,
    targetUtilization: Double = RooflineMethod.defaultTargetUtilization
  ) {
    self.precision = precision
    self.kvCachePrecision = kvCachePrecision
    self.dailyActiveUsers = dailyActiveUsers
    self.requestsPerUserPerDay = requestsPerUserPerDay
    self.inputTokens = inputTokens
    self.outputTokens = outputTokens
    self.batch = batch
    self.maxBatch = maxBatch
    self.contextTokens = contextTokens
    self.tensorParallel = tensorParallel
    self.maxTTFTSeconds = maxTTFTSeconds
    self.maxTPOTSeconds = maxTPOTSeconds
    self.bandwidthEfficiency = bandwidthEfficiency
    self.kvCacheBandwidthEfficiency = kvCacheBandwidthEfficiency
    self.computeEfficiency = computeEfficiency
    self.prefillEfficiency = prefillEfficiency
    self.communicationEfficiency = communicationEfficiency
    self.gpuMemoryUtilization = gpuMemoryUtilization
    self.maxBatchedTokens = maxBatchedTokens
    self.allReduceLatencySeconds = allReduceLatencySeconds
    self.memoryOverheadFraction = memoryOverheadFraction
    self.stepOverheadSeconds = stepOverheadSeconds
    self.calibration = calibration
    self.peakFactor = peakFactor
    self.targetUtilization = targetUtilization
  }

  /// Tokens a sequence holds in the KV cache on average: the given figure, or input + output ÷ 2.
  public var resolvedContextTokens: Double {
    contextTokens
      ?? RooflineMethod.occupancyTokens(inputTokens: inputTokens, outputTokens: outputTokens)
  }

  /// The share of GPU memory the engine uses: the given one, else what an old snapshot's memory
  /// overhead implies, else ``RooflineMethod/defaultGPUMemoryUtilization``.
  public var resolvedGPUMemoryUtilization: Double {
    gpuMemoryUtilization ?? memoryOverheadFraction.map { 1 - $0 }
      ?? RooflineMethod.defaultGPUMemoryUtilization
  }

  /// Tokens one forward pass processes at most.
  public var resolvedMaxBatchedTokens: Int {
    maxBatchedTokens ?? RooflineMethod.defaultMaxBatchedTokens
  }

  /// The fixed time every step pays: the given one, else the calibration's, else 0.
  public var resolvedStepOverheadSeconds: Double {
    stepOverheadSeconds ?? calibration?.factors.stepOverheadSeconds ?? 0
  }

  /// Fixed cost of one all-reduce.
  public var resolvedAllReduceLatencySeconds: Double {
    allReduceLatencySeconds ?? RooflineMethod.defaultAllReduceLatencySeconds
  }

  /// The cap on the batch: the given one or ``RooflineMethod/defaultMaxBatch``.
  public var resolvedMaxBatch: Int { maxBatch ?? RooflineMethod.defaultMaxBatch }

  /// The KV cache's precision: the given one, else 16 bits (the weights' own precision when
  /// they are 16 bits or wider).
  ///
  /// Serving engines keep the cache at the activations' 16 bits unless told otherwise
  /// (vLLM's `kv_cache_dtype` `auto`), whatever the weights are quantised to.
  public var resolvedKVCachePrecision: Precision {
    if let kvCachePrecision { return kvCachePrecision }
    return precision.bytesPerParameter >= 2 ? precision : .fp16
  }

  /// The precision the matrix products run at: the weights' precision, except fp16 for int4.
  ///
  /// Weight-only 4-bit schemes dequantise to 16 bits for the products, and the catalogue rates
  /// no GPU for int4.
  public var computePrecision: Precision { precision == .int4 ? .fp16 : precision }

  /// Checks every input against the range it must lie in.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming the first bad field.
  public func validate() throws {
    let checks: [(CodingKeys, Double?, QuantityRange)] = [
      (.dailyActiveUsers, dailyActiveUsers, .positive),
      (.requestsPerUserPerDay, requestsPerUserPerDay, .positive),
      (.inputTokens, inputTokens, .positive),
      (.outputTokens, outputTokens, .positive),
      (.batch, batch.map(Double.init), .positiveWholeNumber),
      (.maxBatch, maxBatch.map(Double.init), .positiveWholeNumber),
      (.contextTokens, contextTokens, .positive),
      (.tensorParallel, tensorParallel.map(Double.init), .positiveWholeNumber),
      (.maxTTFTSeconds, maxTTFTSeconds, .positive),
      (.maxTPOTSeconds, maxTPOTSeconds, .positive),
      (.bandwidthEfficiency, bandwidthEfficiency, .fractionAboveZero),
      (.kvCacheBandwidthEfficiency, kvCacheBandwidthEfficiency, .fractionAboveZero),
      (.computeEfficiency, computeEfficiency, .fractionAboveZero),
      (.prefillEfficiency, prefillEfficiency, .fractionAboveZero),
      (.communicationEfficiency, communicationEfficiency, .fractionAboveZero),
      (.gpuMemoryUtilization, gpuMemoryUtilization, .fractionAboveZero),
      (.maxBatchedTokens, maxBatchedTokens.map(Double.init), .positiveWholeNumber),
      (.memoryOverheadFraction, memoryOverheadFraction, .fraction),
      (.stepOverheadSeconds, stepOverheadSeconds, .nonNegative),
      (.allReduceLatencySeconds, allReduceLatencySeconds, .nonNegative),
      (.peakFactor, peakFactor, .positive),
      (.targetUtilization, targetUtilization, .fractionAboveZero),
    ]
    for case (let key, let value?, let range) in checks {
      try Quantity.check(
        value, text: HumanFormat.significant(value), field: key.rawValue, range: range)
    }
    if peakFactor < 1 {
      throw EngineError.outOfRange(
        field: CodingKeys.peakFactor.rawValue, value: HumanFormat.significant(peakFactor),
        reason: "must be at least 1: the busiest hour carries at least the average load")
    }
    if let tensorParallel, tensorParallel > RooflineMethod.maximumTensorParallel {
      throw EngineError.outOfRange(
        field: CodingKeys.tensorParallel.rawValue, value: String(tensorParallel),
        reason: "must be at most \(RooflineMethod.maximumTensorParallel) GPUs per replica")
    }
    if let batch, let maxBatch, batch > maxBatch {
      throw EngineError.outOfRange(
        field: CodingKeys.batch.rawValue, value: String(batch),
        reason: "exceeds the max_batch of \(maxBatch)")
    }
  }

  enum CodingKeys: String, CodingKey {
    case precision, batch
    case kvCachePrecision = "kv_cache_precision"
    case dailyActiveUsers = "daily_active_users"
    case requestsPerUserPerDay = "requests_per_user_per_day"
    case inputTokens = "input_tokens"
    case outputTokens = "output_tokens"
    case maxBatch = "max_batch"
    case contextTokens = "context_tokens"
    case tensorParallel = "tensor_parallel"
    case maxTTFTSeconds = "max_ttft_seconds"
    case maxTPOTSeconds = "max_tpot_seconds"
    case bandwidthEfficiency = "bandwidth_efficiency"
    case kvCacheBandwidthEfficiency = "kv_cache_bandwidth_efficiency"
    case computeEfficiency = "compute_efficiency"
    case prefillEfficiency = "prefill_efficiency"
    case communicationEfficiency = "communication_efficiency"
    case gpuMemoryUtilization = "gpu_memory_utilization"
    case maxBatchedTokens = "max_batched_tokens"
    case allReduceLatencySeconds = "all_reduce_latency_seconds"
    case peakFactor = "peak_factor"
    case targetUtilization = "target_utilization"
    case memoryOverheadFraction = "memory_overhead_fraction"
    case stepOverheadSeconds = "step_overhead_seconds"
    case calibration
  }

  /// Reads the parameters as this version writes them and as earlier versions did; settings
  /// that did not exist yet stay unset (their defaults).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      precision: try c.decode(Precision.self, forKey: .precision),
      kvCachePrecision: try c.decodeIfPresent(Precision.self, forKey: .kvCachePrecision),
      dailyActiveUsers: try c.decode(Double.self, forKey: .dailyActiveUsers),
      requestsPerUserPerDay: try c.decode(Double.self, forKey: .requestsPerUserPerDay),
      inputTokens: try c.decode(Double.self, forKey: .inputTokens),
      outputTokens: try c.decode(Double.self, forKey: .outputTokens),
      batch: try c.decodeIfPresent(Int.self, forKey: .batch),
      maxBatch: try c.decodeIfPresent(Int.self, forKey: .maxBatch),
      contextTokens: try c.decodeIfPresent(Double.self, forKey: .contextTokens),
      tensorParallel: try c.decodeIfPresent(Int.self, forKey: .tensorParallel),
      maxTTFTSeconds: try c.decodeIfPresent(Double.self, forKey: .maxTTFTSeconds),
      maxTPOTSeconds: try c.decodeIfPresent(Double.self, forKey: .maxTPOTSeconds),
      bandwidthEfficiency: try c.decodeIfPresent(Double.self, forKey: .bandwidthEfficiency),
      kvCacheBandwidthEfficiency: try c.decodeIfPresent(
        Double.self, forKey: .kvCacheBandwidthEfficiency),
      computeEfficiency: try c.decodeIfPresent(Double.self, forKey: .computeEfficiency),
      prefillEfficiency: try c.decodeIfPresent(Double.self, forKey: .prefillEfficiency),
      communicationEfficiency: try c.decodeIfPresent(
        Double.self, forKey: .communicationEfficiency),
      gpuMemoryUtilization: try c.decodeIfPresent(Double.self, forKey: .gpuMemoryUtilization),
      maxBatchedTokens: try c.decodeIfPresent(Int.self, forKey: .maxBatchedTokens),
      allReduceLatencySeconds: try c.decodeIfPresent(
        Double.self, forKey: .allReduceLatencySeconds),
      memoryOverheadFraction: try c.decodeIfPresent(
        Double.self, forKey: .memoryOverheadFraction),
      stepOverheadSeconds: try c.decodeIfPresent(Double.self, forKey: .stepOverheadSeconds),
      calibration: try c.decodeIfPresent(CalibrationReference.self, forKey: .calibration),
      peakFactor: try c.decode(Double.self, forKey: .peakFactor),
      targetUtilization: try c.decode(Double.self, forKey: .targetUtilization))
  }

  /// Writes the parameters with this version's keys, leaving out unset values.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(precision, forKey: .precision)
    try c.encodeIfPresent(kvCachePrecision, forKey: .kvCachePrecision)
    try c.encode(dailyActiveUsers, forKey: .dailyActiveUsers)
    try c.encode(requestsPerUserPerDay, forKey: .requestsPerUserPerDay)
    try c.encode(inputTokens, forKey: .inputTokens)
    try c.encode(outputTokens, forKey: .outputTokens)
    try c.encodeIfPresent(batch, forKey: .batch)
    try c.encodeIfPresent(maxBatch, forKey: .maxBatch)
    try c.encodeIfPresent(contextTokens, forKey: .contextTokens)
    try c.encodeIfPresent(tensorParallel, forKey: .tensorParallel)
    try c.encodeIfPresent(maxTTFTSeconds, forKey: .maxTTFTSeconds)
    try c.encodeIfPresent(maxTPOTSeconds, forKey: .maxTPOTSeconds)
    try c.encodeIfPresent(bandwidthEfficiency, forKey: .bandwidthEfficiency)
    try c.encodeIfPresent(kvCacheBandwidthEfficiency, forKey: .kvCacheBandwidthEfficiency)
    try c.encodeIfPresent(computeEfficiency, forKey: .computeEfficiency)
    try c.encodeIfPresent(prefillEfficiency, forKey: .prefillEfficiency)
    try c.encodeIfPresent(communicationEfficiency, forKey: .communicationEfficiency)
    try c.encodeIfPresent(gpuMemoryUtilization, forKey: .gpuMemoryUtilization)
    try c.encodeIfPresent(maxBatchedTokens, forKey: .maxBatchedTokens)
    try c.encodeIfPresent(allReduceLatencySeconds, forKey: .allReduceLatencySeconds)
    try c.encodeIfPresent(memoryOverheadFraction, forKey: .memoryOverheadFraction)
    try c.encodeIfPresent(stepOverheadSeconds, forKey: .stepOverheadSeconds)
    try c.encodeIfPresent(calibration, forKey: .calibration)
    try c.encode(peakFactor, forKey: .peakFactor)
    try c.encode(targetUtilization, forKey: .targetUtilization)
  }
}

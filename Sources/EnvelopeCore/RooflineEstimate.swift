/// A serving fleet sized by the roofline method: the parallelism and batch that serve the most
/// output tokens per GPU within the latency targets, the step and latencies they give, and the
/// fleet for the load.
public struct RooflineEstimate: Sendable, Equatable {
  /// One tensor-parallel degree the method considered.
  public struct Candidate: Sendable, Equatable {
    /// GPUs per replica.
    public var tensorParallel: Int
    /// The largest batch the KV cache pool holds at this degree.
    public var maxBatch: Int
    /// The batch chosen at this degree: the cap, the pool or the latency targets limit it.
    public var batch: Int
    /// The step at that batch.
    public var step: ServingStep
    /// Time to first token at that batch.
    public var ttftSeconds: Double
    /// Output tokens per second per GPU at that batch.
    public var outputTokensPerSecondPerGPU: Double
    /// Why the degree cannot serve, when it cannot; `nil` when it can.
    public var refusal: String?
  }

  public var inputs: RooflineInputs
  /// One GPU's dense peak FLOP/s at the compute precision.
  public var peakFLOPS: Double
  /// One GPU's datasheet memory bandwidth, bytes/s.
  public var memoryBandwidth: Double
  /// One GPU's memory, bytes.
  public var memoryBytesPerGPU: Double
  /// One GPU's link to its peers, bytes/s in one direction.
  public var interconnectBytesPerSecond: Double
  /// The efficiencies used and where each comes from.
  public var efficiencies: ServingEfficiencies
  /// Tokens a sequence holds in the KV cache on average.
  public var contextTokens: Double
  /// Precision of the KV cache.
  public var kvCachePrecision: Precision
  /// Bytes of KV cache per token, all KV heads.
  public var kvCacheBytesPerToken: Double
  /// Bytes of all weights (total parameters): what memory holds.
  public var weightBytes: Double
  /// Memory per GPU the engine may use: utilisation × GPU memory.
  public var usableMemoryBytesPerGPU: Double
  /// The fewest GPUs per replica (a power of two) that hold the weights and one sequence.
  public var minGPUsPerReplica: Int
  /// Every degree considered, in increasing order.
  public var candidates: [Candidate]
  /// The degree chosen.
  public var chosen: Candidate
  /// KV cache pool of a replica at the chosen degree.
  public var kvCachePoolBytes: Double
  /// Bytes of KV cache the chosen batch holds.
  public var kvCacheBytes: Double
  /// FLOP to process one prompt.
  public var prefillFLOPs: Double
  /// Seconds to process one prompt alone on a replica.
  public var prefillSeconds: Double
  /// Seconds from a request's arrival to its last token.
  public var inferenceSeconds: Double
  /// Requests one replica completes per second.
  public var replicaRequestsPerSecond: Double
  /// Requests per second per GPU.
  public var queriesPerSecondPerGPU: Double
  /// TRPS: the day's average requests per second.
  public var requestsPerSecond: Double
  /// Requests per second in the busiest hour.
  public var peakRequestsPerSecond: Double
  /// Whole replicas for the busiest hour at the target utilisation.
  public var replicas: Int
  /// Whole GPUs for the fleet.
  public var gpusRequired: Int

  /// GPUs per replica used.
  public var gpusPerReplica: Int { chosen.tensorParallel }
  /// The largest batch that fits at the chosen degree.
  public var maxBatch: Int { chosen.maxBatch }
  /// The batch used.
  public var batch: Int { chosen.batch }
  /// Seconds per output token: one step.
  public var decodeSecondsPerToken: Double { chosen.step.seconds }
  /// Time to first token.
  public var ttftSeconds: Double { chosen.ttftSeconds }
  /// The limit that dominates the step.
  public var bound: RooflineBound { chosen.step.bound }
  /// Output tokens generated per second per GPU.
  public var outputTokensPerSecondPerGPU: Double { chosen.outputTokensPerSecondPerGPU }

  /// Sizes a serving fleet with the formulas of ``RooflineMethod``.
  ///
  /// Tries the given tensor-parallel degree, else 1, 2, 4 and 8 GPUs (more only when the model
  /// does not fit on 8); at each takes the largest batch the cap, the KV cache pool and the
  /// latency targets allow; keeps the degree with the most output tokens per second per GPU
  /// (the fewer GPUs on a tie).
  ///
  /// - Parameter inputs: The deployment's inputs.
  /// - Throws: ``EngineError`` when an input is out of range, the model or GPU lacks a figure
  ///   the method needs, the model does not fit on ``RooflineMethod/maximumTensorParallel``
  ///   GPUs, no degree meets the latency targets, or a figure cannot be represented.
  public init(_ inputs: RooflineInputs) throws {
    try inputs.validate()
    self.inputs = inputs
    let serving = try Self.servingModel(inputs)
    peakFLOPS = serving.peakFLOPS
    memoryBandwidth = serving.bandwidth
    memoryBytesPerGPU = serving.memoryBytes
    interconnectBytesPerSecond = serving.interconnect
    efficiencies = serving.efficiencies
    contextTokens = serving.occupancyTokens
    kvCachePrecision = inputs.resolvedKVCachePrecision
    kvCacheBytesPerToken = RooflineMethod.kvCacheBytesPerToken(
      layers: serving.layers, kvHeads: serving.kvHeads, headDimension: serving.headDimension,
      bytesPerElement: serving.kvBytesPerElement)
    weightBytes = RooflineMethod.weightBytes(
      parameters: serving.parameters, bytesPerParameter: serving.bytesPerParameter)
    usableMemoryBytesPerGPU = inputs.resolvedGPUMemoryUtilization * serving.memoryBytes

    guard let minimum = Self.minimumDegree(serving) else {
      throw EngineError.resultOutOfRange(
        figure: "min_gpus_per_replica",
        reason:
          "\(inputs.model.id) at \(inputs.precision.rawValue) needs \(HumanFormat.bytes(weightBytes))"
          + " of weights plus the KV cache of one sequence, more than"
          + " \(RooflineMethod.maximumTensorParallel) \(inputs.gpu.id) GPUs hold"
          + " (\(HumanFormat.bytes(usableMemoryBytesPerGPU)) usable each); use a lower precision"
          + " or a GPU with more memory")
    }
    minGPUsPerReplica = minimum
    candidates = try Self.degrees(inputs, minimum: minimum).map {
      Self.candidate(serving, inputs: inputs, tensorParallel: $0)
    }
    chosen = try Self.best(of: candidates, inputs: inputs)

    let t = Double(chosen.tensorParallel)
    kvCachePoolBytes = serving.poolBytesPerGPU(chosen.tensorParallel) * t
    kvCacheBytes =
      Double(chosen.batch) * serving.occupancyTokens
      * serving.kvBytesPerTokenPerGPU(chosen.tensorParallel) * t
    prefillFLOPs = serving.prefillFLOPs
    prefillSeconds = serving.prefillSeconds(tensorParallel: chosen.tensorParallel)
    inferenceSeconds = RooflineMethod.inferenceSeconds(
      ttftSeconds: chosen.ttftSeconds, outputTokens: inputs.outputTokens,
      tpotSeconds: chosen.step.seconds)
    replicaRequestsPerSecond = RooflineMethod.replicaRequestsPerSecond(
      batch: Double(chosen.batch), outputTokens: inputs.outputTokens,
      stepSeconds: chosen.step.seconds)
    queriesPerSecondPerGPU = replicaRequestsPerSecond / t
    requestsPerSecond = SeedMethod.requestsPerSecond(
      users: inputs.dailyActiveUsers, requestsPerUserPerDay: inputs.requestsPerUserPerDay)
    peakRequestsPerSecond = requestsPerSecond * inputs.peakFactor
    replicas = try RooflineMethod.replicas(
      requestsPerSecond: requestsPerSecond, peakFactor: inputs.peakFactor,
      replicaRequestsPerSecond: replicaRequestsPerSecond,
      targetUtilization: inputs.targetUtilization)
    gpusRequired = try RooflineMethod.gpusRequired(
      replicas: replicas, gpusPerReplica: chosen.tensorParallel)
    let checked: [(FigureDefinition, Double)] = [
      (.ttftSeconds, chosen.ttftSeconds), (.tpotSeconds, chosen.step.seconds),
      (.prefillFLOPs, prefillFLOPs), (.inferenceSeconds, inferenceSeconds),
      (.replicaRequestsPerSecond, replicaRequestsPerSecond), (.kvCacheBytes, kvCacheBytes),
      (.outputTokensPerSecondPerGPU, chosen.outputTokensPerSecondPerGPU),
    ]
    for (definition, number) in checked where !number.isFinite || abs(number) > 1e300 {
      throw EngineError.resultOutOfRange(
        figure: definition.key, reason: "the inputs give a result too large to represent")
    }
  }

  /// The estimate at each end of the efficiency ranges, figure by figure.
  ///
  /// - Parameter inputs: The deployment's inputs; their efficiencies are the expected end.
  /// - Returns: One ``EstimateRange`` per figure, in report order.
  /// - Throws: ``EngineError`` as ``init(_:)`` does, at any end.
  public static func range(_ inputs: RooflineInputs) throws -> [EstimateRange] {
    EstimateRange.rows(
      pessimistic: try RooflineEstimate(inputs.atEnd(.pessimistic)).figures,
      expected: try RooflineEstimate(inputs).figures,
      optimistic: try RooflineEstimate(inputs.atEnd(.optimistic)).figures)
  }

  // MARK: Resolution and search

  /// The model, GPU and parameters with every figure resolved.
  ///
  /// - Throws: ``EngineError`` naming what the model or GPU lacks.
  static func servingModel(_ inputs: RooflineInputs) throws -> ServingModel {
    let model = inputs.model
    let gpu = inputs.gpu
    guard model.kind.lowercased() != "image" else {
      throw EngineError.outOfRange(
        field: "model", value: model.id,
        reason:
          "the roofline method models token-by-token text generation; this model is an image"
          + " model, use the seed method")
    }
    let shape = try kvShape(of: model)
    guard let memory = gpu.memoryBytes, memory > 0 else {
      throw EngineError.outOfRange(
        field: "gpu", value: gpu.id,
        reason: "the roofline method needs the GPU's memory; the catalogue entry has none")
    }
    guard let bandwidth = gpu.memoryBandwidthBytesPerSecond, bandwidth > 0 else {
      throw EngineError.outOfRange(
        field: "gpu", value: gpu.id,
        reason:
          "the roofline method needs the GPU's memory bandwidth; the catalogue entry has none")
    }
    let hidden = Double(model.hiddenSize ?? Int(shape.attentionWidth))
    let efficiencies = inputs.efficiencies
    return ServingModel(
      layers: shape.layers, hiddenSize: hidden,
      ffnSize: Double(model.ffnSize ?? 4 * Int(hidden)), kvHeads: shape.kvHeads,
      headDimension: shape.headDimension, attentionWidth: shape.attentionWidth,
      parameters: model.parameters, activeParameters: model.computeParameters,
      experts: model.experts.map(Double.init),
      expertsPerToken: model.expertsPerToken.map(Double.init),
      bytesPerParameter: inputs.precision.bytesPerParameter,
      kvBytesPerElement: inputs.resolvedKVCachePrecision.bytesPerParameter,
      inputTokens: inputs.inputTokens, outputTokens: inputs.outputTokens,
      occupancyTokens: inputs.resolvedContextTokens,
      maxBatchedTokens: Double(inputs.resolvedMaxBatchedTokens),
      peakFLOPS: try gpu.peak(at: inputs.computePrecision), bandwidth: bandwidth,
      memoryBytes: memory, utilization: inputs.resolvedGPUMemoryUtilization,
      interconnect: gpu.interconnectBytesPerSecond
        ?? RooflineMethod.fallbackInterconnectBytesPerSecond,
      allReduceLatency: inputs.resolvedAllReduceLatencySeconds,
      allReduceCurve: MeasuredAllReduce(gpu.allReduceBusBandwidth),
      matmulCurve: MeasuredMatmul(gpu.matmulCurve(at: inputs.computePrecision)),
      products: LayerProducts(
        hiddenSize: hidden, ffnSize: Double(model.ffnSize ?? 4 * Int(hidden)),
        attentionWidth: shape.attentionWidth, kvWidth: shape.kvHeads * shape.headDimension,
        experts: model.experts.map(Double.init),
        expertsPerToken: model.expertsPerToken.map(Double.init)),
      stepOverhead: inputs.resolvedStepOverheadSeconds,
      efficiencies: efficiencies, communicationScale: 1 / efficiencies.communication.value)
  }

  /// The fewest GPUs, a power of two up to the maximum, that hold the weights and one sequence.
  static func minimumDegree(_ serving: ServingModel) -> Int? {
    var degree = 1
    while degree <= RooflineMethod.maximumTensorParallel {
      if serving.maximumBatch(degree) >= 1 { return degree }
      degree *= 2
    }
    return nil
  }

  /// The degrees to consider: the given one, else the searched ones that hold a sequence, else
  /// the minimum.
  static func degrees(_ inputs: RooflineInputs, minimum: Int) throws -> [Int] {
    if let given = inputs.tensorParallel { return [given] }
    let searched = RooflineMethod.searchedTensorParallel.filter { $0 >= minimum }
    return searched.isEmpty ? [minimum] : searched
  }

  /// The batch and step at one degree, or why the degree cannot serve.
  static func candidate(_ serving: ServingModel, inputs: RooflineInputs, tensorParallel t: Int)
    -> Candidate
  {
    let fits = serving.maximumBatch(t)
    let prefill = serving.prefillSeconds(tensorParallel: t)
    func evaluate(_ batch: Int) -> Candidate {
      let step = serving.step(tensorParallel: t, batch: batch)
      let decodeOnly = serving.step(tensorParallel: t, batch: batch, carryingPrompts: false)
      return Candidate(
        tensorParallel: t, maxBatch: fits, batch: batch, step: step,
        ttftSeconds: RooflineMethod.timeToFirstTokenSeconds(
          prefillSeconds: prefill, decodeStepSeconds: decodeOnly.seconds),
        outputTokensPerSecondPerGPU: Double(batch) / step.seconds / Double(t), refusal: nil)
    }
    func refuse(_ reason: String) -> Candidate {
      var refused = evaluate(1)
      refused.batch = 0
      refused.outputTokensPerSecondPerGPU = 0
      refused.refusal = reason
      return refused
    }
    if fits < 1 {
      return refuse("the weights leave no room for one sequence's KV cache")
    }
    if let given = inputs.batch {
      guard given <= fits else {
        return refuse("the KV cache pool holds \(fits) sequences, fewer than the batch \(given)")
      }
      let result = evaluate(given)
      let missed = missedTarget(result, inputs)
      return missed.map { refuse($0) } ?? result
    }
    let cap = min(fits, inputs.resolvedMaxBatch)
    let largest = evaluate(cap)
    guard !missesTarget(largest, inputs) else {
      let smallest = evaluate(1)
      if let missed = missedTarget(smallest, inputs) {
        return refuse("even at batch 1, " + missed)
      }
      // Latency grows with the batch: the largest batch that meets the targets, by bisection.
      var low = 1
      var high = cap
      while high - low > 1 {
        let middle = low + (high - low) / 2
        if missesTarget(evaluate(middle), inputs) { high = middle } else { low = middle }
      }
      return evaluate(low)
    }
    return largest
  }

  /// Whether a candidate misses a latency target (the search's test, without a message).
  static func missesTarget(_ candidate: Candidate, _ inputs: RooflineInputs) -> Bool {
    if let limit = inputs.maxTPOTSeconds, candidate.step.seconds > limit { return true }
    if let limit = inputs.maxTTFTSeconds, candidate.ttftSeconds > limit { return true }
    return false
  }

  /// The latency target a candidate misses, described; `nil` when it meets them all.
  static func missedTarget(_ candidate: Candidate, _ inputs: RooflineInputs) -> String? {
    if let limit = inputs.maxTPOTSeconds, candidate.step.seconds > limit {
      return "the time per output token \(HumanFormat.seconds(candidate.step.seconds)) exceeds"
        + " --max-tpot \(HumanFormat.seconds(limit))"
    }
    if let limit = inputs.maxTTFTSeconds, candidate.ttftSeconds > limit {
      return "the time to first token \(HumanFormat.seconds(candidate.ttftSeconds)) exceeds"
        + " --max-ttft \(HumanFormat.seconds(limit))"
    }
    return nil
  }

  /// The candidate with the most output tokens per second per GPU; the fewer GPUs on a tie.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming the latency target, the
  ///   batch or the degree that no candidate can meet.
  static func best(of candidates: [Candidate], inputs: RooflineInputs) throws -> Candidate {
    var best: Candidate?
    for candidate in candidates where candidate.refusal == nil {
      let leader = best?.outputTokensPerSecondPerGPU ?? -1
      if candidate.outputTokensPerSecondPerGPU > leader * (1 + 1e-12) { best = candidate }
    }
    if let best { return best }
    let reasons = candidates.map {
      "\($0.tensorParallel) GPU\($0.tensorParallel == 1 ? "" : "s"): \($0.refusal ?? "")"
    }.joined(separator: "; ")
    let (field, value): (String, String)
    if let limit = inputs.maxTPOTSeconds,
      candidates.contains(where: { $0.refusal?.contains("--max-tpot") == true })
    {
      (field, value) = ("max_tpot_seconds", HumanFormat.significant(limit))
    } else if let limit = inputs.maxTTFTSeconds,
      candidates.contains(where: { $0.refusal?.contains("--max-ttft") == true })
    {
      (field, value) = ("max_ttft_seconds", HumanFormat.significant(limit))
    } else if let batch = inputs.batch {
      (field, value) = ("batch", String(batch))
    } else {
      (field, value) = ("tensor_parallel", String(inputs.tensorParallel ?? 0))
    }
    throw EngineError.outOfRange(
      field: field, value: value, reason: "no tensor-parallel degree can serve it (\(reasons))")
  }

  /// The layers, KV heads, head dimension and attention width the method needs.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming what the model lacks.
  static func kvShape(of model: ModelProfile) throws -> (
    layers: Double, kvHeads: Double, headDimension: Double, attentionWidth: Double
  ) {
    var missing: [String] = []
    if model.layers == nil { missing.append("layers") }
    if model.kvHeads == nil && model.attentionHeads == nil { missing.append("KV heads") }
    if model.resolvedHeadDim == nil { missing.append("head dimension") }
    guard let layers = model.layers, let heads = model.kvHeads ?? model.attentionHeads,
      let headDimension = model.resolvedHeadDim, layers > 0, heads > 0, headDimension > 0
    else {
      throw EngineError.outOfRange(
        field: "model", value: model.id,
        reason:
          "the roofline method needs layers, KV heads and head dimension for the KV cache;"
          + " the catalogue entry lacks "
          + (missing.isEmpty ? "positive values" : missing.joined(separator: ", ")))
    }
    let queryHeads = model.attentionHeads ?? heads
    return (
      Double(layers), Double(heads), Double(headDimension),
      Double(queryHeads) * Double(headDimension)
    )
  }
}

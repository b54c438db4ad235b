/// A serving fleet sized by the roofline method: decode and prefill times, memory fit, fleet.
public struct RooflineEstimate: Sendable, Equatable {
  public var inputs: RooflineInputs
  /// One GPU's dense peak FLOP/s at the serving precision.
  public var peakFLOPS: Double
  /// One GPU's datasheet memory bandwidth, bytes/s.
  public var memoryBandwidth: Double
  /// One GPU's memory, bytes.
  public var memoryBytesPerGPU: Double
  /// Tokens cached per sequence.
  public var contextTokens: Double
  /// Precision of the KV cache.
  public var kvCachePrecision: Precision
  /// Bytes of KV cache per token.
  public var kvCacheBytesPerToken: Double
  /// Bytes of all weights (total parameters): what memory holds.
  public var weightBytes: Double
  /// Bytes of the weights one token uses (active parameters): what a decode step reads.
  public var activeWeightBytes: Double
  /// Memory per GPU left for weights and KV cache after the overhead.
  public var usableMemoryBytesPerGPU: Double
  /// The fewest GPUs per replica (a power of two) that hold the weights and the KV cache of the
  /// given batch, or of one sequence when no batch is given.
  public var minGPUsPerReplica: Int
  /// GPUs per replica used: the given tensor-parallel degree or the minimum.
  public var gpusPerReplica: Int
  /// The largest batch that fits at `gpusPerReplica`.
  public var maxBatch: Int
  /// The batch used: the given one, or the largest that fits capped at the default cap.
  public var batch: Int
  /// Bytes of KV cache the batch holds at the full context.
  public var kvCacheBytes: Double
  /// Bytes one decode step reads, for the replica.
  public var decodeBytesPerStep: Double
  /// Decode step time if memory bandwidth is the limit.
  public var decodeMemorySeconds: Double
  /// Decode step time if compute is the limit.
  public var decodeComputeSeconds: Double
  /// Seconds per output token at the batch.
  public var decodeSecondsPerToken: Double
  /// The limit that sets `decodeSecondsPerToken`.
  public var bound: RooflineBound
  /// FLOP of causal attention over one prompt; 0 when the model's shape is unknown.
  public var attentionPrefillFLOPs: Double
  /// FLOP to process one prompt.
  public var prefillFLOPs: Double
  /// Seconds to process one prompt on a replica.
  public var prefillSeconds: Double
  /// Seconds per request: prefill plus every output token at the batch.
  public var inferenceSeconds: Double
  /// Requests one replica completes per second at the batch.
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

  /// Output tokens generated per second per GPU.
  public var outputTokensPerSecondPerGPU: Double {
    queriesPerSecondPerGPU * inputs.outputTokens
  }

  /// Sizes a serving fleet with the roofline formulas of ``RooflineMethod``.
  ///
  /// - Parameter inputs: The deployment's inputs.
  /// - Throws: ``EngineError`` when an input is out of range, the model or GPU lacks a figure
  ///   the method needs, the model does not fit on ``RooflineMethod/maximumTensorParallel``
  ///   GPUs, or a figure cannot be represented.
  public init(_ inputs: RooflineInputs) throws {
    try inputs.validate()
    self.inputs = inputs
    let model = inputs.model
    let gpu = inputs.gpu
    guard model.kind.lowercased() != "image" else {
      throw EngineError.outOfRange(
        field: "model", value: model.id,
        reason:
          "the roofline method models token-by-token text generation; this model is an image"
          + " model, use the seed method")
    }
    let shape = try Self.kvShape(of: model)
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
    peakFLOPS = try gpu.peak(at: inputs.computePrecision)
    memoryBandwidth = bandwidth
    memoryBytesPerGPU = memory

    contextTokens = inputs.resolvedContextTokens
    kvCachePrecision = inputs.resolvedKVCachePrecision
    kvCacheBytesPerToken = RooflineMethod.kvCacheBytesPerToken(
      layers: shape.layers, kvHeads: shape.kvHeads, headDimension: shape.headDimension,
      bytesPerElement: kvCachePrecision.bytesPerParameter)
    let bytesPerParameter = inputs.precision.bytesPerParameter
    weightBytes = RooflineMethod.weightBytes(
      parameters: model.parameters, bytesPerParameter: bytesPerParameter)
    activeWeightBytes = RooflineMethod.weightBytes(
      parameters: model.computeParameters, bytesPerParameter: bytesPerParameter)
    usableMemoryBytesPerGPU = RooflineMethod.usableMemoryBytes(
      memoryBytes: memory, overheadFraction: inputs.memoryOverheadFraction)

    // Memory fit: the fewest GPUs for one sequence, then for the batch asked for.
    let cap = RooflineMethod.maximumTensorParallel
    guard
      RooflineMethod.minimumTensorParallel(
        weightBytes: weightBytes,
        kvCacheBytes: RooflineMethod.kvCacheBytes(
          batch: 1, contextTokens: contextTokens, kvCacheBytesPerToken: kvCacheBytesPerToken),
        usableMemoryBytesPerGPU: usableMemoryBytesPerGPU) != nil
    else {
      throw EngineError.resultOutOfRange(
        figure: "min_gpus_per_replica",
        reason:
          "\(model.id) at \(inputs.precision.rawValue) needs \(HumanFormat.bytes(weightBytes))"
          + " of weights plus the KV cache of one sequence, more than \(cap) \(gpu.id) GPUs"
          + " hold (\(HumanFormat.bytes(usableMemoryBytesPerGPU)) usable each); use a lower"
          + " precision or a GPU with more memory")
    }
    let fitBatch = inputs.batch ?? 1
    guard
      let minimum = RooflineMethod.minimumTensorParallel(
        weightBytes: weightBytes,
        kvCacheBytes: RooflineMethod.kvCacheBytes(
          batch: Double(fitBatch), contextTokens: contextTokens,
          kvCacheBytesPerToken: kvCacheBytesPerToken),
        usableMemoryBytesPerGPU: usableMemoryBytesPerGPU)
    else {
      let most = RooflineMethod.maximumBatch(
        tensorParallel: cap, usableMemoryBytesPerGPU: usableMemoryBytesPerGPU,
        weightBytes: weightBytes, contextTokens: contextTokens,
        kvCacheBytesPerToken: kvCacheBytesPerToken)
      throw EngineError.outOfRange(
        field: "batch", value: String(fitBatch),
        reason:
          "the KV cache of \(fitBatch) sequences of \(HumanFormat.number(contextTokens)) tokens"
          + " does not fit beside the weights on \(cap) GPUs; at most \(most) fit")
    }
    minGPUsPerReplica = minimum
    gpusPerReplica = inputs.tensorParallel ?? minimum
    maxBatch = RooflineMethod.maximumBatch(
      tensorParallel: gpusPerReplica, usableMemoryBytesPerGPU: usableMemoryBytesPerGPU,
      weightBytes: weightBytes, contextTokens: contextTokens,
      kvCacheBytesPerToken: kvCacheBytesPerToken)
    if let given = inputs.tensorParallel, maxBatch < fitBatch {
      throw EngineError.outOfRange(
        field: "tensor_parallel", value: String(given),
        reason:
          "weights and the KV cache of \(fitBatch) sequence(s) need"
          + " \(HumanFormat.bytes(weightBytes + Double(fitBatch) * contextTokens * kvCacheBytesPerToken))"
          + ", more than \(given) GPU(s) hold (\(HumanFormat.bytes(usableMemoryBytesPerGPU)) usable"
          + " each); at least \(minimum) are needed")
    }
    batch = inputs.batch ?? min(maxBatch, RooflineMethod.defaultBatchCap)
    kvCacheBytes = RooflineMethod.kvCacheBytes(
      batch: Double(batch), contextTokens: contextTokens,
      kvCacheBytesPerToken: kvCacheBytesPerToken)

    // Decode.
    decodeBytesPerStep = RooflineMethod.decodeBytesPerStep(
      activeParameters: model.computeParameters, bytesPerParameter: bytesPerParameter,
      batch: Double(batch), contextTokens: contextTokens,
      kvCacheBytesPerToken: kvCacheBytesPerToken)
    decodeMemorySeconds = RooflineMethod.decodeMemorySeconds(
      bytesPerStep: decodeBytesPerStep, tensorParallel: gpusPerReplica,
      memoryBandwidth: bandwidth, bandwidthEfficiency: inputs.bandwidthEfficiency)
    decodeComputeSeconds = RooflineMethod.decodeComputeSeconds(
      activeParameters: model.computeParameters, batch: Double(batch),
      tensorParallel: gpusPerReplica, peakFLOPS: peakFLOPS,
      computeEfficiency: inputs.computeEfficiency)
    decodeSecondsPerToken = RooflineMethod.decodeSecondsPerToken(
      memorySeconds: decodeMemorySeconds, computeSeconds: decodeComputeSeconds)
    bound = RooflineMethod.decodeBound(
      memorySeconds: decodeMemorySeconds, computeSeconds: decodeComputeSeconds)

    // Prefill.
    if let layers = model.layers, let hidden = model.hiddenSize {
      attentionPrefillFLOPs = RooflineMethod.attentionPrefillFLOPs(
        layers: Double(layers), inputTokens: inputs.inputTokens, hiddenSize: Double(hidden))
    } else {
      attentionPrefillFLOPs = 0
    }
    prefillFLOPs = RooflineMethod.prefillFLOPs(
      activeParameters: model.computeParameters, inputTokens: inputs.inputTokens,
      attentionFLOPs: attentionPrefillFLOPs)
    prefillSeconds = RooflineMethod.prefillSeconds(
      prefillFLOPs: prefillFLOPs, activeWeightBytes: activeWeightBytes,
      tensorParallel: gpusPerReplica, peakFLOPS: peakFLOPS,
      prefillEfficiency: inputs.prefillEfficiency, memoryBandwidth: bandwidth,
      bandwidthEfficiency: inputs.bandwidthEfficiency)

    // Throughput and fleet.
    inferenceSeconds = RooflineMethod.inferenceSeconds(
      prefillSeconds: prefillSeconds, outputTokens: inputs.outputTokens,
      decodeSecondsPerToken: decodeSecondsPerToken)
    replicaRequestsPerSecond = RooflineMethod.replicaRequestsPerSecond(
      batch: Double(batch), prefillSeconds: prefillSeconds, outputTokens: inputs.outputTokens,
      decodeSecondsPerToken: decodeSecondsPerToken)
    queriesPerSecondPerGPU = replicaRequestsPerSecond / Double(gpusPerReplica)
    requestsPerSecond = SeedMethod.requestsPerSecond(
      users: inputs.dailyActiveUsers, requestsPerUserPerDay: inputs.requestsPerUserPerDay)
    peakRequestsPerSecond = requestsPerSecond * inputs.peakFactor
    replicas = try RooflineMethod.replicas(
      requestsPerSecond: requestsPerSecond, peakFactor: inputs.peakFactor,
      replicaRequestsPerSecond: replicaRequestsPerSecond,
      targetUtilization: inputs.targetUtilization)
    gpusRequired = try RooflineMethod.gpusRequired(
      replicas: replicas, gpusPerReplica: gpusPerReplica)
    for figure in figures {
      if let number = figure.value.number, !number.isFinite || abs(number) > 1e300 {
        throw EngineError.resultOutOfRange(
          figure: figure.key, reason: "the inputs give a result too large to represent")
      }
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

  /// The layers, KV heads and head dimension the KV cache needs.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming what the model lacks.
  static func kvShape(of model: ModelProfile) throws -> (
    layers: Double, kvHeads: Double, headDimension: Double
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
    return (Double(layers), Double(heads), Double(headDimension))
  }

  /// The figures in report order, keyed as in JSON output and the ledger.
  public var figures: [Figure] {
    [
      Figure(.decodeSecondsPerToken, decodeSecondsPerToken),
      Figure(.bound, .text(bound.rawValue)),
      Figure(.decodeMemorySecondsPerToken, decodeMemorySeconds),
      Figure(.decodeComputeSecondsPerToken, decodeComputeSeconds),
      Figure(.prefillFLOPs, prefillFLOPs),
      Figure(.prefillSeconds, prefillSeconds),
      Figure(.inferenceSeconds, inferenceSeconds),
      Figure(.replicaRequestsPerSecond, replicaRequestsPerSecond),
      Figure(.queriesPerSecondPerGPU, queriesPerSecondPerGPU),
      Figure(.outputTokensPerSecondPerGPU, outputTokensPerSecondPerGPU),
      Figure(.weightBytes, weightBytes),
      Figure(.kvCacheBytesPerToken, kvCacheBytesPerToken),
      Figure(.contextTokens, contextTokens),
      Figure(.kvCacheBytes, kvCacheBytes),
      Figure(.usableMemoryBytesPerGPU, usableMemoryBytesPerGPU),
      Figure(.minGPUsPerReplica, .integer(minGPUsPerReplica)),
      Figure(.gpusPerReplica, .integer(gpusPerReplica)),
      Figure(.maxBatch, .integer(maxBatch)),
      Figure(.batch, .integer(batch)),
      Figure(.requestsPerSecond, requestsPerSecond),
      Figure(.peakRequestsPerSecond, peakRequestsPerSecond),
      Figure(.replicas, .integer(replicas)),
      Figure(.gpusRequired, .integer(gpusRequired)),
    ]
  }

  /// Each formula with this estimate's numbers and assumptions substituted.
  public var derivations: [Derivation] {
    let i = inputs
    let n = HumanFormat.number
    let s = HumanFormat.seconds
    let b = HumanFormat.bytes
    let shape = try? Self.kvShape(of: i.model)
    let t = gpusPerReplica
    let peak = HumanFormat.flopsPerSecond(peakFLOPS)
    let bandwidth = HumanFormat.bytesPerSecond(memoryBandwidth)
    let batchRule =
      i.batch != nil
      ? "given"
      : "largest that fits, capped at \(RooflineMethod.defaultBatchCap), vLLM's max_num_seqs"
    let parallelRule = i.tensorParallel != nil ? "given" : "the minimum that fits"
    var parameterNote = "\(n(i.model.parameters, 0)) parameters"
    if i.model.activeParameters != nil {
      parameterNote += " total, \(n(i.model.computeParameters, 0)) active per token"
    }
    return [
      Derivation(
        .kvCacheBytesPerToken,
        formula: "KV bytes per token = 2 × layers × KV heads × head dimension × bytes per element",
        working:
          "2 × \(n(shape?.layers ?? 0, 0)) × \(n(shape?.kvHeads ?? 0, 0))"
          + " × \(n(shape?.headDimension ?? 0, 0))"
          + " × \(n(kvCachePrecision.bytesPerParameter, 2)) B (\(kvCachePrecision.rawValue))"
          + " = \(n(kvCacheBytesPerToken, 0)) B per token"),
      Derivation(
        .weightBytes, formula: "Weights = total parameters × bytes per parameter",
        working:
          "\(n(i.model.parameters, 0)) × \(n(i.precision.bytesPerParameter, 2)) B"
          + " (\(i.precision.rawValue)) = \(b(weightBytes)); \(parameterNote)"),
      Derivation(
        .contextTokens,
        formula: "Context = given context tokens, else input + output tokens",
        working:
          i.contextTokens.map { "given: \(n($0, 0)) tokens" }
          ?? "\(n(i.inputTokens, 0)) + \(n(i.outputTokens, 0)) = \(n(contextTokens, 0)) tokens"),
      Derivation(
        .usableMemoryBytesPerGPU,
        formula: "Usable memory = GPU memory × (1 − memory overhead fraction)",
        working:
          "\(b(memoryBytesPerGPU)) × (1 − \(n(i.memoryOverheadFraction, 4)))"
          + " = \(b(usableMemoryBytesPerGPU)) per GPU"),
      Derivation(
        .minGPUsPerReplica,
        formula:
          "min t in 1, 2, 4, … ≤ \(RooflineMethod.maximumTensorParallel):"
          + " (weights + batch × context × KV bytes per token) ÷ t ≤ usable memory",
        working:
          "(\(b(weightBytes)) + \(i.batch ?? 1) × \(n(contextTokens, 0))"
          + " × \(n(kvCacheBytesPerToken, 0)) B) ÷ \(minGPUsPerReplica)"
          + " ≤ \(b(usableMemoryBytesPerGPU)): \(minGPUsPerReplica) GPU(s)"),
      Derivation(
        .gpusPerReplica,
        formula: "GPUs per replica = given tensor-parallel degree, else the minimum that fits",
        working: "\(t) GPU(s) (\(parallelRule))"),
      Derivation(
        .maxBatch,
        formula: "max batch = ⌊(t × usable memory − weights) ÷ (context × KV bytes per token)⌋",
        working:
          "⌊(\(t) × \(b(usableMemoryBytesPerGPU)) − \(b(weightBytes)))"
          + " ÷ (\(n(contextTokens, 0)) × \(n(kvCacheBytesPerToken, 0)) B)⌋ = \(maxBatch)"),
      Derivation(
        .batch,
        formula: "Batch = given, else min(max batch, \(RooflineMethod.defaultBatchCap))",
        working: "\(batch) sequences (\(batchRule))"),
      Derivation(
        .kvCacheBytes, formula: "KV cache = batch × context × KV bytes per token",
        working:
          "\(batch) × \(n(contextTokens, 0)) × \(n(kvCacheBytesPerToken, 0)) B = \(b(kvCacheBytes))"
      ),
      Derivation(
        .decodeMemorySecondsPerToken,
        formula:
          "memory time = (active weights + KV cache) ÷ t ÷ (bandwidth × bandwidth efficiency)",
        working:
          "(\(b(activeWeightBytes)) + \(b(kvCacheBytes))) ÷ \(t) ÷ (\(bandwidth)"
          + " × \(n(i.bandwidthEfficiency, 4))) = \(s(decodeMemorySeconds))"),
      Derivation(
        .decodeComputeSecondsPerToken,
        formula:
          "compute time = 2 × active parameters × batch ÷ t ÷ (peak FLOP/s × compute efficiency)",
        working:
          "2 × \(n(i.model.computeParameters, 0)) × \(batch) ÷ \(t) ÷ (\(peak)"
          + " × \(n(i.computeEfficiency, 4))) = \(s(decodeComputeSeconds))"),
      Derivation(
        .decodeSecondsPerToken,
        formula: "decode time per token = max(memory time, compute time)",
        working:
          "max(\(s(decodeMemorySeconds)), \(s(decodeComputeSeconds)))"
          + " = \(s(decodeSecondsPerToken)): \(bound.rawValue)-bound"),
      Derivation(
        .prefillFLOPs,
        formula:
          "prefill FLOPs = input tokens × 2 × active parameters"
          + " + 2 × layers × input tokens² × hidden size (causal QKᵀ and AV)",
        working:
          "\(n(i.inputTokens, 0)) × 2 × \(n(i.model.computeParameters, 0))"
          + " + \(HumanFormat.flops(attentionPrefillFLOPs)) = \(HumanFormat.flops(prefillFLOPs))"
      ),
      Derivation(
        .prefillSeconds,
        formula:
          "prefill time = max(prefill FLOPs ÷ (t × peak × prefill efficiency),"
          + " active weights ÷ (t × bandwidth × bandwidth efficiency))",
        working:
          "max(\(HumanFormat.flops(prefillFLOPs)) ÷ (\(t) × \(peak) × \(n(i.prefillEfficiency, 4))),"
          + " \(b(activeWeightBytes)) ÷ (\(t) × \(bandwidth) × \(n(i.bandwidthEfficiency, 4))))"
          + " = \(s(prefillSeconds))"),
      Derivation(
        .inferenceSeconds,
        formula: "time per request = prefill time + output tokens × decode time per token",
        working:
          "\(s(prefillSeconds)) + \(n(i.outputTokens, 0)) × \(s(decodeSecondsPerToken))"
          + " = \(s(inferenceSeconds))"),
      Derivation(
        .replicaRequestsPerSecond,
        formula:
          "requests/s per replica = batch ÷ (batch × prefill time"
          + " + output tokens × decode time per token)",
        working:
          "\(batch) ÷ (\(batch) × \(s(prefillSeconds)) + \(n(i.outputTokens, 0))"
          + " × \(s(decodeSecondsPerToken))) = \(n(replicaRequestsPerSecond, 3)) requests/s"),
      Derivation(
        .queriesPerSecondPerGPU, formula: "QPS per GPU = requests/s per replica ÷ GPUs per replica",
        working:
          "\(n(replicaRequestsPerSecond, 3)) ÷ \(t) = \(n(queriesPerSecondPerGPU, 3)) requests/s"
      ),
      Derivation(
        .outputTokensPerSecondPerGPU,
        formula: "output tokens/s per GPU = QPS per GPU × output tokens",
        working:
          "\(n(queriesPerSecondPerGPU, 3)) × \(n(i.outputTokens, 0))"
          + " = \(n(outputTokensPerSecondPerGPU, 1)) tokens/s"),
      Derivation(
        .requestsPerSecond, formula: "TRPS = (users × requests per user per day) ÷ 86,400 s",
        working:
          "(\(n(i.dailyActiveUsers, 2)) × \(n(i.requestsPerUserPerDay, 2))) ÷ 86,400"
          + " = \(n(requestsPerSecond, 2)) requests/s"),
      Derivation(
        .peakRequestsPerSecond, formula: "busiest-hour requests/s = TRPS × peak factor",
        working:
          "\(n(requestsPerSecond, 2)) × \(n(i.peakFactor, 4))"
          + " = \(n(peakRequestsPerSecond, 2)) requests/s"),
      Derivation(
        .replicas,
        formula:
          "replicas = ⌈TRPS × peak factor ÷ (requests/s per replica × target utilisation)⌉",
        working:
          "⌈\(n(requestsPerSecond, 2)) × \(n(i.peakFactor, 4)) ÷ (\(n(replicaRequestsPerSecond, 3))"
          + " × \(n(i.targetUtilization, 4)))⌉ = \(replicas)"),
      Derivation(
        .gpusRequired, formula: "GPUs = replicas × GPUs per replica",
        working: "\(replicas) × \(t) = \(gpusRequired) GPUs"),
    ]
  }
}

extension RooflineEstimate {
  /// The figures in report order, keyed as in JSON output and the ledger.
  public var figures: [Figure] {
    let step = chosen.step
    return [
      Figure(.ttftSeconds, ttftSeconds),
      Figure(.tpotSeconds, step.seconds),
      Figure(.decodeSecondsPerToken, step.seconds),
      Figure(.bound, .text(bound.rawValue)),
      Figure(.decodeMemorySecondsPerToken, step.memorySeconds),
      Figure(.decodeComputeSecondsPerToken, step.computeSeconds),
      Figure(.communicationSecondsPerToken, step.communicationSeconds),
      Figure(.prefillFLOPs, prefillFLOPs),
      Figure(.prefillSeconds, prefillSeconds),
      Figure(.inferenceSeconds, inferenceSeconds),
      Figure(.replicaRequestsPerSecond, replicaRequestsPerSecond),
      Figure(.queriesPerSecondPerGPU, queriesPerSecondPerGPU),
      Figure(.outputTokensPerSecondPerGPU, outputTokensPerSecondPerGPU),
      Figure(.weightBytes, weightBytes),
      Figure(.kvCacheBytesPerToken, kvCacheBytesPerToken),
      Figure(.contextTokens, contextTokens),
      Figure(.kvCachePoolBytes, kvCachePoolBytes),
      Figure(.kvCacheBytes, kvCacheBytes),
      Figure(.usableMemoryBytesPerGPU, usableMemoryBytesPerGPU),
      Figure(.minGPUsPerReplica, .integer(minGPUsPerReplica)),
      Figure(.tensorParallel, .integer(gpusPerReplica)),
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
    let t = gpusPerReplica
    let step = chosen.step
    let e = efficiencies
    let peak = HumanFormat.flopsPerSecond(peakFLOPS)
    let bandwidth = HumanFormat.bytesPerSecond(memoryBandwidth)
    let shape = try? Self.kvShape(of: i.model)
    var parameterNote = "\(n(i.model.parameters, 0)) parameters"
    if let experts = i.model.experts, let perToken = i.model.expertsPerToken {
      parameterNote +=
        " total, \(n(i.model.computeParameters, 0)) active per token (\(perToken) of"
        + " \(experts) experts)"
    }
    let perGPUHeads = RooflineMethod.kvHeadsPerGPU(kvHeads: shape?.kvHeads ?? 1, tensorParallel: t)
    return [
      Derivation(
        .kvCacheBytesPerToken,
        formula: "KV bytes per token = 2 × layers × KV heads × head dimension × bytes per element",
        working:
          "2 × \(n(shape?.layers ?? 0, 0)) × \(n(shape?.kvHeads ?? 0, 0))"
          + " × \(n(shape?.headDimension ?? 0, 0))"
          + " × \(n(kvCachePrecision.bytesPerParameter, 2)) B (\(kvCachePrecision.rawValue))"
          + " = \(n(kvCacheBytesPerToken, 0)) B per token; each of \(t) GPU(s) holds"
          + " ⌈KV heads ÷ t⌉ = \(n(perGPUHeads, 0)) head(s)"),
      Derivation(
        .weightBytes, formula: "Weights = total parameters × bytes per parameter",
        working:
          "\(n(i.model.parameters, 0)) × \(n(i.precision.bytesPerParameter, 2)) B"
          + " (\(i.precision.rawValue)) = \(b(weightBytes)); \(parameterNote)"),
      Derivation(
        .contextTokens,
        formula: "Cached tokens per sequence = input + output ÷ 2 (continuous batching average)",
        working:
          i.contextTokens.map { "given: \(n($0, 0)) tokens" }
          ?? "\(n(i.inputTokens, 0)) + \(n(i.outputTokens, 0)) ÷ 2 = \(n(contextTokens, 0)) tokens"
      ),
      Derivation(
        .usableMemoryBytesPerGPU, formula: "Usable memory = GPU memory utilisation × GPU memory",
        working:
          "\(n(i.resolvedGPUMemoryUtilization, 4)) × \(b(memoryBytesPerGPU))"
          + " = \(b(usableMemoryBytesPerGPU)) per GPU"),
      Derivation(
        .kvCachePoolBytes,
        formula:
          "KV pool = t × (usable memory − weights ÷ t − activation reserve), activation reserve ="
          + " batched tokens × (4 × hidden + 2 × FFN ÷ t) × 2 B",
        working:
          "\(t) × (\(b(usableMemoryBytesPerGPU)) − \(b(weightBytes / Double(t))) − reserve for"
          + " \(i.resolvedMaxBatchedTokens) tokens) = \(b(kvCachePoolBytes))"),
      Derivation(
        .minGPUsPerReplica,
        formula: "min t in 1, 2, 4, …: the KV pool holds one sequence",
        working: "\(minGPUsPerReplica) GPU(s)"),
      Derivation(
        .tensorParallel,
        formula:
          "tensor-parallel degree = given, else the one of 1, 2, 4, 8 with the most output"
          + " tokens/s per GPU within the targets",
        working: parallelismWorking),
      Derivation(
        .maxBatch,
        formula: "max batch = ⌊KV pool per GPU ÷ (cached tokens × KV bytes per token per GPU)⌋",
        working:
          "⌊\(b(kvCachePoolBytes / Double(t))) ÷ (\(n(contextTokens, 0)) × KV bytes per token per"
          + " GPU)⌋ = \(maxBatch)"),
      Derivation(
        .batch, formula: batchFormula,
        working: "\(batch) sequences (\(batchReason))"),
      Derivation(
        .kvCacheBytes, formula: "KV cache = batch × cached tokens × KV bytes per token",
        working: "\(batch) × \(n(contextTokens, 0)) tokens = \(b(kvCacheBytes)) on the replica"),
      Derivation(
        .decodeMemorySecondsPerToken,
        formula:
          "bytes time = weights read ÷ (bandwidth × weight efficiency)"
          + " + KV cache read ÷ (bandwidth × KV efficiency)"
          + " + activation kernels' traffic ÷ (bandwidth × weight efficiency)",
        working:
          "\(b(step.weightBytesReadPerGPU)) ÷ (\(bandwidth) × \(n(e.bandwidth.value, 3)))"
          + " + \(b(step.kvCacheBytesReadPerGPU)) ÷ (\(bandwidth) × \(n(e.kvCacheBandwidth.value, 3)))"
          + " + \(b(step.activationBytesPerGPU)) ÷ (\(bandwidth) × \(n(e.bandwidth.value, 3)))"
          + " = \(s(step.memorySeconds)) per GPU; activation traffic = layers × (8 × hidden"
          + " + 3 × k × FFN ÷ t [+ (k + 1) × hidden for experts]) × 2 B per token (norms,"
          + " residuals, gated activation); weight efficiency \(e.bandwidth.origin), KV"
          + " efficiency \(e.kvCacheBandwidth.origin); \(n(step.passes, 2)) pass(es) over the"
          + " weights for \(batch) decode + \(n(step.prefillTokens, 0)) prompt tokens"),
      Derivation(
        .decodeComputeSecondsPerToken,
        formula:
          "FLOPs time = 2 × active parameters × (decode ÷ compute eff. + prompt tokens ÷ prefill"
          + " eff.) ÷ (t × peak × size factor) + attention",
        working:
          "matmul \(s(step.matmulSeconds)) + decode attention \(s(step.decodeAttentionSeconds))"
          + " + prompt attention \(s(step.prefillAttentionSeconds)) = \(s(step.computeSeconds))"
          + " at \(peak), compute efficiency \(n(e.compute.value, 3)) (\(e.compute.origin)),"
          + " prefill efficiency \(n(e.prefill.value, 3)) (\(e.prefill.origin)), "
          + sizeFactorWorking(step)),
      communicationDerivation(step: step, tensorParallel: t),
      Derivation(
        .decodeSecondsPerToken,
        formula:
          "step = max(weights, matmul) + max(KV cache, decode attention) + prompt attention"
          + " + activation kernels + all-reduces",
        working:
          "max(\(s(step.weightSeconds)), \(s(step.matmulSeconds)))"
          + " + max(\(s(step.kvCacheSeconds)), \(s(step.decodeAttentionSeconds)))"
          + " + \(s(step.prefillAttentionSeconds)) + \(s(step.activationSeconds))"
          + " + \(s(step.communicationSeconds))"
          + (step.overheadSeconds > 0
            ? " + fixed \(s(step.overheadSeconds)) (\(overheadOrigin))" : "")
          + " = \(s(step.seconds)): \(bound.rawValue)-bound"),
      Derivation(
        .prefillFLOPs,
        formula:
          "prefill FLOPs = input tokens × 2 × active parameters"
          + " + 2 × layers × input tokens² × attention width (causal QKᵀ and AV)",
        working:
          "\(n(i.inputTokens, 0)) × 2 × \(n(i.model.computeParameters, 0)) + attention"
          + " = \(HumanFormat.flops(prefillFLOPs))"),
      Derivation(
        .prefillSeconds,
        formula:
          "prefill time = max(prefill FLOPs ÷ (t × peak × prefill efficiency), weight passes ÷"
          + " (t × bandwidth × efficiency)) + its activation kernels + its all-reduces",
        working: "\(s(prefillSeconds)) for one \(n(i.inputTokens, 0))-token prompt on \(t) GPU(s)"),
      Derivation(
        .ttftSeconds,
        formula: "TTFT = the request's own prefill + the batch's decode work in its step",
        working:
          "\(s(prefillSeconds)) + \(s(ttftSeconds - prefillSeconds)) = \(s(ttftSeconds))"
          + (i.maxTTFTSeconds.map { " (target ≤ \(s($0)))" } ?? "")),
      Derivation(
        .tpotSeconds, formula: "TPOT = one step",
        working:
          "\(s(step.seconds))" + (i.maxTPOTSeconds.map { " (target ≤ \(s($0)))" } ?? "")),
      Derivation(
        .inferenceSeconds,
        formula: "time per request = TTFT + (output tokens − 1) × TPOT",
        working:
          "\(s(ttftSeconds)) + \(n(max(0, i.outputTokens - 1), 0)) × \(s(step.seconds))"
          + " = \(s(inferenceSeconds))"),
      Derivation(
        .replicaRequestsPerSecond,
        formula: "requests/s per replica = batch ÷ (output tokens × step)",
        working:
          "\(batch) ÷ (\(n(i.outputTokens, 0)) × \(s(step.seconds)))"
          + " = \(n(replicaRequestsPerSecond, 3)) requests/s"),
      Derivation(
        .queriesPerSecondPerGPU, formula: "QPS per GPU = requests/s per replica ÷ GPUs per replica",
        working:
          "\(n(replicaRequestsPerSecond, 3)) ÷ \(t) = \(n(queriesPerSecondPerGPU, 3)) requests/s"
      ),
      Derivation(
        .outputTokensPerSecondPerGPU,
        formula: "output tokens/s per GPU = batch ÷ step ÷ GPUs per replica",
        working:
          "\(batch) ÷ \(s(step.seconds)) ÷ \(t) = \(n(outputTokensPerSecondPerGPU, 1)) tokens/s"),
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

  /// Each degree considered, its batch and output tokens per second per GPU, and the choice.
  var parallelismWorking: String {
    if inputs.tensorParallel != nil { return "\(gpusPerReplica) GPU(s), given" }
    let tried = candidates.map { candidate -> String in
      let t = candidate.tensorParallel
      if let refusal = candidate.refusal { return "\(t): cannot (\(refusal))" }
      return
        "\(t): batch \(candidate.batch),"
        + " \(HumanFormat.number(candidate.outputTokensPerSecondPerGPU, fractionDigits: 0))"
        + " tokens/s per GPU"
    }
    return tried.joined(separator: "; ") + " → \(gpusPerReplica) GPU(s) per replica"
  }

  /// Where the fixed step overhead comes from.
  var overheadOrigin: String {
    if inputs.stepOverheadSeconds != nil { return "given" }
    return inputs.calibration.map { "calibration \($0.id)" } ?? "none"
  }

  /// The rule the batch follows.
  var batchFormula: String {
    if inputs.batch != nil { return "Batch = given" }
    var rule = "Batch = min(max batch, cap \(inputs.resolvedMaxBatch))"
    if inputs.maxTTFTSeconds != nil || inputs.maxTPOTSeconds != nil {
      rule += ", lowered until TTFT and TPOT meet their targets"
    }
    return rule
  }

  /// What limited the batch.
  var batchReason: String {
    if inputs.batch != nil { return "given" }
    if batch == inputs.resolvedMaxBatch && batch <= maxBatch {
      return "the cap: --max-batch, default vLLM's max_num_seqs"
    }
    if batch == maxBatch { return "the KV cache pool" }
    return "the latency targets"
  }
}

extension RooflineEstimate {
  /// How the step's products fall below the matmul ceiling at their sizes.
  func sizeFactorWorking(_ step: ServingStep) -> String {
    let curve = inputs.gpu.matmulCurve(at: inputs.computePrecision)
    guard let largest = curve.last else {
      return "size factor 1 (no measured matmul curve for this GPU at this precision)"
    }
    return "size factor \(HumanFormat.significant(step.matmulSizeFactor, digits: 3)) (each of the"
      + " pass's products placed by its FLOPs among the squares of the GPU's measured"
      + " \(largest.precision.rawValue) matmul curve, \(curve.count) sizes to"
      + " \(HumanFormat.significant(largest.size, digits: 6)), its throughput interpolated linearly"
      + " in FLOPs relative to the highest; FLOP-weighted)"
  }

  /// The all-reduces' formula: over the GPU's measured all-reduce curve when the catalogue has
  /// one, else a fixed latency plus the bytes over the interconnect at NCCL's share of its rate.
  func communicationDerivation(step: ServingStep, tensorParallel t: Int) -> Derivation {
    let curve = inputs.gpu.allReduceBusBandwidth
    let seconds = HumanFormat.seconds
    let formula: String
    let working: String
    if curve.isEmpty {
      formula =
        "all-reduces = 2 × layers × passes × (latency + 2(t − 1)/t × tokens × hidden × 2 B"
        + " ÷ (bus efficiency × interconnect))"
      working =
        "latency \(seconds(inputs.resolvedAllReduceLatencySeconds)), interconnect"
        + " \(HumanFormat.bytesPerSecond(interconnectBytesPerSecond)), bus efficiency"
        + " \(RooflineMethod.defaultAllReduceBusEfficiency) (NCCL's protocol overhead; no measured"
        + " all-reduce curve for this GPU)"
    } else {
      let message = step.allReduceMessageBytes
      let busBandwidth = RooflineMethod.busBandwidth(bytes: message, curve: curve)
      formula =
        "all-reduces = 2 × layers × passes × 2(t − 1)/t × message ÷ measured bus bandwidth"
        + "(message), message = tokens × hidden × 2 B, the time interpolated linearly between"
        + " measured sizes"
      working =
        "message \(HumanFormat.bytes(message)), bus bandwidth"
        + " \(HumanFormat.bytesPerSecond(busBandwidth)) (the GPU's nccl-tests curve,"
        + " \(curve.count) sizes)"
    }
    let communication = efficiencies.communication
    return Derivation(
      .communicationSecondsPerToken, formula: formula + " ÷ communication efficiency",
      working: t == 1
        ? "one GPU per replica: none"
        : "\(working), communication efficiency"
          + " \(HumanFormat.significant(communication.value, digits: 3)) (\(communication.origin)):"
          + " \(seconds(step.communicationSeconds)) per step")
  }
}

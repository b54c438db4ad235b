/// One continuous-batching step of a replica: what it reads, computes and exchanges, and how
/// long each part takes.
public struct ServingStep: Sendable, Equatable {
  /// Sequences decoded in the step, one token each.
  public var batch: Int
  /// Prompt tokens the step carries alongside.
  public var prefillTokens: Double
  /// Forward passes the step's tokens need.
  public var passes: Double
  /// Bytes of weights each GPU reads over the step's passes.
  public var weightBytesReadPerGPU: Double
  /// Reading the weights, if bandwidth were the limit.
  public var weightSeconds: Double
  /// The matrix products of the decode and prompt tokens, if compute were the limit.
  public var matmulSeconds: Double
  /// Share of the matmul ceiling the pass's products reach at their sizes (1 without a
  /// measured curve).
  public var matmulSizeFactor: Double = 1
  /// Bytes of KV cache each GPU reads.
  public var kvCacheBytesReadPerGPU: Double
  /// Reading the KV cache, if bandwidth were the limit.
  public var kvCacheSeconds: Double
  /// Decode attention's FLOPs, if compute were the limit.
  public var decodeAttentionSeconds: Double
  /// Attention over the carried prompts (compute-bound).
  public var prefillAttentionSeconds: Double
  /// Bytes each GPU moves through the normalisation, residual and activation kernels that run
  /// between the matrix products.
  public var activationBytesPerGPU: Double = 0
  /// Moving them (memory-bound kernels, one after another with the rest).
  public var activationSeconds: Double = 0
  /// Bytes of each all-reduce: the activations of every token in a pass.
  public var allReduceMessageBytes: Double = 0
  /// All-reduces across the replica.
  public var communicationSeconds: Double
  /// The fixed time every step pays (0 unless calibrated or given).
  public var overheadSeconds: Double = 0

  /// The step's time: each part at its own limit, the parts one after another.
  ///
  /// step = max(weights, matmul) + max(KV cache, decode attention) + prompt attention
  ///        + activation kernels + communication + fixed overhead
  public var seconds: Double {
    max(weightSeconds, matmulSeconds) + max(kvCacheSeconds, decodeAttentionSeconds)
      + prefillAttentionSeconds + activationSeconds + communicationSeconds + overheadSeconds
  }

  /// Time the step spends moving bytes: weights, KV cache and the activation kernels' traffic.
  public var memorySeconds: Double { weightSeconds + kvCacheSeconds + activationSeconds }

  /// Time the step spends on FLOPs: matrix products and attention.
  public var computeSeconds: Double {
    matmulSeconds + decodeAttentionSeconds + prefillAttentionSeconds
  }

  /// The limit that dominates the step.
  public var bound: RooflineBound { memorySeconds >= computeSeconds ? .memory : .compute }
}

/// The roofline method's serving model for one model on one GPU, with every constant resolved,
/// so that the search over parallelism and batch evaluates a step in a few operations.
struct ServingModel: Sendable {
  let layers: Double
  let hiddenSize: Double
  let ffnSize: Double
  let kvHeads: Double
  let headDimension: Double
  let attentionWidth: Double
  let parameters: Double
  let activeParameters: Double
  let experts: Double?
  let expertsPerToken: Double?
  let bytesPerParameter: Double
  let kvBytesPerElement: Double
  let inputTokens: Double
  let outputTokens: Double
  let occupancyTokens: Double
  let maxBatchedTokens: Double
  let peakFLOPS: Double
  let bandwidth: Double
  let memoryBytes: Double
  let utilization: Double
  let interconnect: Double
  let allReduceLatency: Double
  let allReduceCurve: MeasuredAllReduce
  let matmulCurve: MeasuredMatmul
  let products: LayerProducts
  let stepOverhead: Double
  let efficiencies: ServingEfficiencies
  /// 1 ÷ the communication efficiency, so that a step multiplies rather than divides.
  let communicationScale: Double

  /// Bytes one GPU of a replica of `t` moves per token through the kernels between the matrix
  /// products.
  func activationBytesPerTokenPerGPU(_ t: Int) -> Double {
    RooflineMethod.activationTrafficBytesPerToken(
      layers: layers, hiddenSize: hiddenSize, ffnSize: ffnSize,
      expertsPerToken: experts == nil ? nil : expertsPerToken, tensorParallel: t)
  }

  /// Bytes one GPU of a replica of `t` holds per cached token.
  func kvBytesPerTokenPerGPU(_ t: Int) -> Double {
    RooflineMethod.kvCacheBytesPerToken(
      layers: layers, kvHeads: RooflineMethod.kvHeadsPerGPU(kvHeads: kvHeads, tensorParallel: t),
      headDimension: headDimension, bytesPerElement: kvBytesPerElement)
  }

  /// Bytes of KV cache pool each GPU of a replica of `t` has.
  func poolBytesPerGPU(_ t: Int) -> Double {
    RooflineMethod.kvCachePoolBytes(
      memoryBytes: memoryBytes, utilization: utilization,
      weightBytes: RooflineMethod.weightBytes(
        parameters: parameters, bytesPerParameter: bytesPerParameter),
      tensorParallel: t,
      activationReserveBytes: RooflineMethod.activationReserveBytes(
        batchedTokens: maxBatchedTokens, hiddenSize: hiddenSize, ffnSize: ffnSize,
        tensorParallel: t))
  }

  /// The largest batch whose cache fits on a replica of `t`.
  func maximumBatch(_ t: Int) -> Int {
    RooflineMethod.maximumBatch(
      poolBytes: poolBytesPerGPU(t), occupancyTokens: occupancyTokens,
      kvCacheBytesPerTokenPerGPU: kvBytesPerTokenPerGPU(t))
  }

  /// One step of `batch` sequences on a replica of `t`, carrying its share of prompts or not.
  func step(tensorParallel t: Int, batch: Int, carryingPrompts: Bool = true) -> ServingStep {
    let gpus = Double(t)
    let decode = Double(batch)
    let prefill =
      carryingPrompts
      ? RooflineMethod.prefillTokensPerStep(
        batch: decode, inputTokens: inputTokens, outputTokens: outputTokens) : 0
    let tokens = decode + prefill
    let passes = RooflineMethod.forwardPasses(tokens: tokens, maxBatchedTokens: maxBatchedTokens)
    let weightsRead =
      RooflineMethod.weightBytesRead(
        parameters: parameters, activeParameters: activeParameters, experts: experts,
        expertsPerToken: expertsPerToken, tokens: tokens / passes,
        bytesPerParameter: bytesPerParameter) * passes / gpus
    let size = products.sizeFactor(tokens: tokens / passes, tensorParallel: t, curve: matmulCurve)
    let matmul =
      (RooflineMethod.matmulFLOPs(activeParameters: activeParameters, tokens: decode)
        / efficiencies.compute.value
        + RooflineMethod.matmulFLOPs(activeParameters: activeParameters, tokens: prefill)
        / efficiencies.prefill.value) / (gpus * peakFLOPS * size)
    let kvRead = decode * occupancyTokens * kvBytesPerTokenPerGPU(t)
    let decodeAttention = RooflineMethod.decodeAttentionFLOPs(
      layers: layers, occupancyTokens: occupancyTokens, attentionWidth: attentionWidth,
      batch: decode)
    let promptAttention =
      RooflineMethod.attentionPrefillFLOPs(
        layers: layers, inputTokens: inputTokens, attentionWidth: attentionWidth)
      * prefill / inputTokens
    let activationTraffic = tokens * activationBytesPerTokenPerGPU(t)
    let message = tokens / passes * hiddenSize * RooflineMethod.activationBytes
    return ServingStep(
      batch: batch, prefillTokens: prefill, passes: passes,
      weightBytesReadPerGPU: weightsRead,
      weightSeconds: weightsRead / (bandwidth * efficiencies.bandwidth.value),
      matmulSeconds: matmul, matmulSizeFactor: size, kvCacheBytesReadPerGPU: kvRead,
      kvCacheSeconds: kvRead / (bandwidth * efficiencies.kvCacheBandwidth.value),
      decodeAttentionSeconds: decodeAttention / (gpus * peakFLOPS * efficiencies.compute.value),
      prefillAttentionSeconds: promptAttention / (gpus * peakFLOPS * efficiencies.prefill.value),
      activationBytesPerGPU: activationTraffic,
      activationSeconds: activationTraffic / (bandwidth * efficiencies.bandwidth.value),
      allReduceMessageBytes: message,
      communicationSeconds: communicationSeconds(passes: passes, messageBytes: message, t),
      overheadSeconds: stepOverhead)
  }

  /// FLOPs of one request's prompt: its matrix products and causal attention.
  var prefillFLOPs: Double {
    RooflineMethod.matmulFLOPs(activeParameters: activeParameters, tokens: inputTokens)
      + RooflineMethod.attentionPrefillFLOPs(
        layers: layers, inputTokens: inputTokens, attentionWidth: attentionWidth)
  }

  /// One request's prompt alone on a replica of `t`: its FLOPs at the prefill efficiency (its
  /// products' times their size factor) or, for a short prompt, its passes over the weights,
  /// plus its activation kernels and all-reduces.
  func prefillSeconds(tensorParallel t: Int) -> Double {
    let gpus = Double(t)
    let passes = RooflineMethod.forwardPasses(
      tokens: inputTokens, maxBatchedTokens: maxBatchedTokens)
    let weights =
      RooflineMethod.weightBytesRead(
        parameters: parameters, activeParameters: activeParameters, experts: experts,
        expertsPerToken: expertsPerToken, tokens: inputTokens / passes,
        bytesPerParameter: bytesPerParameter) * passes.rounded(.up) / gpus
    // The products' FLOPs count at their size factor, the prompt's attention at the ceiling.
    let size = products.sizeFactor(
      tokens: inputTokens / passes.rounded(.up), tensorParallel: t, curve: matmulCurve)
    let flops =
      RooflineMethod.matmulFLOPs(activeParameters: activeParameters, tokens: inputTokens) / size
      + RooflineMethod.attentionPrefillFLOPs(
        layers: layers, inputTokens: inputTokens, attentionWidth: attentionWidth)
    return RooflineMethod.rooflineSeconds(
      bytes: weights, flops: flops / gpus,
      bandwidth: bandwidth, bandwidthEfficiency: efficiencies.bandwidth.value,
      peakFLOPS: peakFLOPS, computeEfficiency: efficiencies.prefill.value)
      + inputTokens * activationBytesPerTokenPerGPU(t)
      / (bandwidth * efficiencies.bandwidth.value)
      + communicationSeconds(
        passes: passes,
        messageBytes: inputTokens / passes.rounded(.up) * hiddenSize
          * RooflineMethod.activationBytes, t)
  }

  /// The all-reduces of `passes` passes of `messageBytes` each on a replica of `t`, at the
  /// communication efficiency: ``RooflineMethod/communicationSeconds(layers:passes:tokensPerPass:hiddenSize:tensorParallel:interconnectBytesPerSecond:latencySeconds:measured:)``
  /// ÷ the efficiency; none on one GPU.
  func communicationSeconds(passes: Double, messageBytes: Double, _ t: Int) -> Double {
    guard t > 1 else { return 0 }
    return RooflineMethod.communicationSeconds(
      layers: layers, passes: passes, messageBytes: messageBytes, tensorParallel: t,
      interconnectBytesPerSecond: interconnect, latencySeconds: allReduceLatency,
      measured: allReduceCurve) * communicationScale
  }
}

/// The roofline method's serving formulas, method `roofline`.
///
/// Decode is bound by memory bandwidth or by compute, whichever is slower; prefill by compute;
/// the KV cache and the weights must fit in GPU memory; the fleet is sized for the busiest hour
/// with headroom. Each function is one formula, taking and returning plain numbers in base
/// units (parameters, tokens, bytes, FLOP, FLOP/s, bytes/s, seconds). ``SeedMethod`` stays as
/// written beside it.
public enum RooflineMethod {
  // MARK: Defaults

  /// Fraction of the datasheet memory bandwidth a decode step achieves: 0.8.
  ///
  /// A reasoned assumption, not a measurement: streaming reads of large weight matrices reach
  /// most but not all of the datasheet bandwidth on HBM GPUs, commonly quoted as 70–90%.
  /// Override it with a figure measured on your stack.
  public static let defaultBandwidthEfficiency = 0.8
  /// The range `--range` takes the bandwidth efficiency over: 0.6 to 0.9.
  public static let bandwidthEfficiencyRange = 0.6...0.9

  /// Fraction of peak FLOP/s decode's batched matrix products achieve: 0.5.
  ///
  /// A reasoned assumption: the skinny matrix products of decode (a batch of rows against the
  /// full weight matrices) run below the large-GEMM efficiency of training, whose published
  /// in-run MFU is 0.38–0.46 (reference/README.md) including the backward pass and
  /// communication.
  public static let defaultComputeEfficiency = 0.5
  /// The range `--range` takes the compute efficiency over: 0.3 to 0.7.
  public static let computeEfficiencyRange = 0.3...0.7

  /// Fraction of peak FLOP/s the prompt's processing (prefill) achieves: 0.5.
  ///
  /// A reasoned assumption: prefill is a large matrix product like a training step's forward
  /// pass, whose in-run MFU is 0.38–0.46 with the backward pass included (reference/README.md);
  /// forward-only kernels run somewhat higher.
  public static let defaultPrefillEfficiency = 0.5
  /// The range `--range` takes the prefill efficiency over: 0.3 to 0.7.
  public static let prefillEfficiencyRange = 0.3...0.7

  /// Busiest-hour request rate as a multiple of the daily average: 2.
  ///
  /// A planning rule of thumb for consumer traffic that follows the waking day: if most of a
  /// day's requests arrive in about twelve hours, the rate in those hours is twice the 24-hour
  /// average. Traffic spread over several time zones is flatter; override it with your own
  /// peak-to-average ratio.
  public static let defaultPeakFactor = 2.0

  /// Fraction of a replica's capacity planned to be busy at the peak: 0.7.
  ///
  /// Headroom for bursts within the hour and for queueing: in a single-server queue the mean
  /// wait grows as u ÷ (1 − u) service times, 2.3 at 0.7 but 9 at 0.9, so capacity plans keep
  /// utilisation well below 1.
  public static let defaultTargetUtilization = 0.7

  /// Fraction of each GPU's memory kept out of the weights and KV cache: 0.1.
  ///
  /// vLLM's default `gpu_memory_utilization` is 0.9: it lets weights and the KV cache use 90%
  /// of GPU memory and leaves 10% for the CUDA context, activations and fragmentation.
  public static let defaultMemoryOverheadFraction = 0.1

  /// The largest batch chosen when none is given: 256 sequences.
  ///
  /// vLLM's default `max_num_seqs`, the number of sequences its scheduler runs together; the
  /// memory fit lowers it when fewer fit.
  public static let defaultBatchCap = 256

  /// The most GPUs one replica may span: 64.
  ///
  /// Tensor parallelism beyond a node (8 GPUs) is rare; 64 leaves room for multi-node
  /// replicas of the largest open models while refusing a plan that no deployment would use.
  public static let maximumTensorParallel = 64

  /// FLOPs per active parameter and token for one forward pass: 2 (one multiply, one add).
  public static let forwardFLOPsPerParameter = 2.0

  // MARK: Memory

  /// Bytes of KV cache one token occupies.
  ///
  /// KV bytes per token = 2 × layers × KV heads × head dimension × bytes per element
  ///
  /// The 2 counts keys and values. Grouped-query attention stores one key and value per KV
  /// head, not per attention head, so `kvHeads` is the KV head count.
  ///
  /// - Parameters:
  ///   - layers: Transformer layers.
  ///   - kvHeads: Key/value heads per layer (the attention heads for multi-head attention).
  ///   - headDimension: Elements per head.
  ///   - bytesPerElement: Bytes per cached element at the cache's precision.
  /// - Returns: Bytes per token.
  public static func kvCacheBytesPerToken(
    layers: Double, kvHeads: Double, headDimension: Double, bytesPerElement: Double
  ) -> Double {
    2 * layers * kvHeads * headDimension * bytesPerElement
  }

  /// Bytes of KV cache a batch of sequences holds.
  ///
  /// KV cache = batch × context tokens × KV bytes per token
  ///
  /// - Parameters:
  ///   - batch: Sequences held together.
  ///   - contextTokens: Tokens cached per sequence.
  ///   - kvCacheBytesPerToken: Bytes per cached token.
  /// - Returns: Bytes.
  public static func kvCacheBytes(
    batch: Double, contextTokens: Double, kvCacheBytesPerToken: Double
  )
    -> Double
  {
    batch * contextTokens * kvCacheBytesPerToken
  }

  /// Bytes of weights.
  ///
  /// Weights = parameters × bytes per parameter
  ///
  /// Total parameters for what memory holds; active parameters for what one token reads.
  ///
  /// - Parameters:
  ///   - parameters: Number of weights.
  ///   - bytesPerParameter: Bytes per weight at the serving precision.
  /// - Returns: Bytes.
  public static func weightBytes(parameters: Double, bytesPerParameter: Double) -> Double {
    parameters * bytesPerParameter
  }

  /// Memory per GPU left for weights and KV cache.
  ///
  /// Usable memory = GPU memory × (1 − overhead fraction)
  ///
  /// - Parameters:
  ///   - memoryBytes: One GPU's memory in bytes.
  ///   - overheadFraction: Fraction kept for activations, runtime and fragmentation.
  /// - Returns: Bytes per GPU.
  public static func usableMemoryBytes(memoryBytes: Double, overheadFraction: Double) -> Double {
    memoryBytes * (1 - overheadFraction)
  }

  /// Whether weights and KV cache fit on a replica of `tensorParallel` GPUs.
  ///
  /// fits ⇔ (weights + KV cache) ÷ t ≤ usable memory per GPU
  ///
  /// - Parameters:
  ///   - weightBytes: Bytes of all weights (total parameters).
  ///   - kvCacheBytes: Bytes of the batch's KV cache.
  ///   - tensorParallel: t, GPUs the replica spreads them over.
  ///   - usableMemoryBytesPerGPU: Usable bytes per GPU.
  /// - Returns: `true` when they fit.
  public static func fits(
    weightBytes: Double, kvCacheBytes: Double, tensorParallel: Int,
    usableMemoryBytesPerGPU: Double
  ) -> Bool {
    (weightBytes + kvCacheBytes) / Double(tensorParallel) <= usableMemoryBytesPerGPU
  }

  /// The fewest GPUs per replica, a power of two, that hold the weights and the KV cache.
  ///
  /// t = min { 1, 2, 4, … ≤ maximum : (weights + KV cache) ÷ t ≤ usable memory per GPU }
  ///
  /// Powers of two because tensor parallelism splits attention heads and matrix dimensions,
  /// which are powers of two in the models served.
  ///
  /// - Parameters:
  ///   - weightBytes: Bytes of all weights (total parameters).
  ///   - kvCacheBytes: Bytes of the KV cache that must fit with them.
  ///   - usableMemoryBytesPerGPU: Usable bytes per GPU.
  ///   - maximum: The largest degree tried.
  /// - Returns: GPUs per replica, or `nil` when even `maximum` GPUs are too few.
  public static func minimumTensorParallel(
    weightBytes: Double, kvCacheBytes: Double, usableMemoryBytesPerGPU: Double,
    maximum: Int = maximumTensorParallel
  ) -> Int? {
    var degree = 1
    while degree <= maximum {
      if fits(
        weightBytes: weightBytes, kvCacheBytes: kvCacheBytes, tensorParallel: degree,
        usableMemoryBytesPerGPU: usableMemoryBytesPerGPU)
      {
        return degree
      }
      degree *= 2
    }
    return nil
  }

  /// The largest batch whose KV cache fits beside the weights on `tensorParallel` GPUs.
  ///
  /// max batch = ⌊(t × usable memory per GPU − weights) ÷ (context tokens × KV bytes per token)⌋
  ///
  /// - Parameters:
  ///   - tensorParallel: t, GPUs per replica.
  ///   - usableMemoryBytesPerGPU: Usable bytes per GPU.
  ///   - weightBytes: Bytes of all weights (total parameters).
  ///   - contextTokens: Tokens cached per sequence.
  ///   - kvCacheBytesPerToken: Bytes per cached token.
  /// - Returns: Sequences; 0 when not even one fits. Capped at 10^15 to stay countable.
  public static func maximumBatch(
    tensorParallel: Int, usableMemoryBytesPerGPU: Double, weightBytes: Double,
    contextTokens: Double, kvCacheBytesPerToken: Double
  ) -> Int {
    let free = Double(tensorParallel) * usableMemoryBytesPerGPU - weightBytes
    let batch = (free / (contextTokens * kvCacheBytesPerToken)).rounded(.down)
    guard batch.isFinite, batch >= 1 else { return 0 }
    return Int(min(batch, 1e15))
  }

  // MARK: Decode

  /// Bytes one decode step reads for the whole batch.
  ///
  /// bytes per step = active parameters × bytes per parameter
  ///                  + batch × context tokens × KV bytes per token
  ///
  /// Each step reads every active weight once for the whole batch, and every sequence's KV
  /// cache. For a mixture of experts the active parameters are those one token uses; a large
  /// batch touches more experts than one token does, so this undercounts its reads.
  ///
  /// - Parameters:
  ///   - activeParameters: Parameters one token uses.
  ///   - bytesPerParameter: Bytes per weight.
  ///   - batch: Sequences decoded together.
  ///   - contextTokens: Tokens cached per sequence.
  ///   - kvCacheBytesPerToken: Bytes per cached token.
  /// - Returns: Bytes per step, for the replica.
  public static func decodeBytesPerStep(
    activeParameters: Double, bytesPerParameter: Double, batch: Double, contextTokens: Double,
    kvCacheBytesPerToken: Double
  ) -> Double {
    weightBytes(parameters: activeParameters, bytesPerParameter: bytesPerParameter)
      + kvCacheBytes(
        batch: batch, contextTokens: contextTokens, kvCacheBytesPerToken: kvCacheBytesPerToken)
  }

  /// Time one decode step takes if memory bandwidth is the limit.
  ///
  /// memory time = (bytes per step ÷ t) ÷ (memory bandwidth × bandwidth efficiency)
  ///
  /// With tensor parallelism each of the t GPUs reads 1/t of the weights and KV cache.
  ///
  /// - Parameters:
  ///   - bytesPerStep: Bytes the replica reads per step.
  ///   - tensorParallel: t, GPUs per replica.
  ///   - memoryBandwidth: One GPU's datasheet bandwidth, bytes/s.
  ///   - bandwidthEfficiency: Fraction of it achieved.
  /// - Returns: Seconds per step.
  public static func decodeMemorySeconds(
    bytesPerStep: Double, tensorParallel: Int, memoryBandwidth: Double,
    bandwidthEfficiency: Double
  ) -> Double {
    bytesPerStep / Double(tensorParallel) / (memoryBandwidth * bandwidthEfficiency)
  }

  /// Time one decode step takes if compute is the limit.
  ///
  /// compute time = (2 × active parameters × batch ÷ t) ÷ (peak FLOP/s × compute efficiency)
  ///
  /// Attention over the cached context adds 4 × layers × context × hidden FLOPs per token,
  /// left out here: at decode it is small beside the weights' product and the KV cache read
  /// it needs is already in the memory time.
  ///
  /// - Parameters:
  ///   - activeParameters: Parameters one token uses.
  ///   - batch: Sequences decoded together, one token each per step.
  ///   - tensorParallel: t, GPUs per replica.
  ///   - peakFLOPS: One GPU's dense peak at the serving precision.
  ///   - computeEfficiency: Fraction of it achieved.
  /// - Returns: Seconds per step.
  public static func decodeComputeSeconds(
    activeParameters: Double, batch: Double, tensorParallel: Int, peakFLOPS: Double,
    computeEfficiency: Double
  ) -> Double {
    forwardFLOPsPerParameter * activeParameters * batch / Double(tensorParallel)
      / (peakFLOPS * computeEfficiency)
  }

  /// Time per output token: the slower of the memory and compute times.
  ///
  /// decode seconds per token = max(memory time, compute time)
  ///
  /// Every sequence in the batch gains one token per step, so this is each sequence's time
  /// per output token.
  ///
  /// - Parameters:
  ///   - memorySeconds: Step time if bandwidth-bound.
  ///   - computeSeconds: Step time if compute-bound.
  /// - Returns: Seconds per step.
  public static func decodeSecondsPerToken(memorySeconds: Double, computeSeconds: Double)
    -> Double
  {
    max(memorySeconds, computeSeconds)
  }

  /// Which limit sets the decode time.
  ///
  /// bound = memory when memory time ≥ compute time, else compute
  ///
  /// - Parameters:
  ///   - memorySeconds: Step time if bandwidth-bound.
  ///   - computeSeconds: Step time if compute-bound.
  /// - Returns: The binding limit.
  public static func decodeBound(memorySeconds: Double, computeSeconds: Double) -> RooflineBound {
    memorySeconds >= computeSeconds ? .memory : .compute
  }

  // MARK: Prefill

  /// FLOPs of causal self-attention over a prompt.
  ///
  /// attention FLOPs = 2 × layers × input tokens² × hidden size
  ///
  /// Per layer, QKᵀ multiplies an n × d matrix by a d × n one (2n²d FLOPs) and AV an n × n by
  /// an n × d one (2n²d); the causal mask leaves half of each, so 2n²d per layer, with d the
  /// model width (attention heads × head dimension, the hidden size in these models).
  ///
  /// - Parameters:
  ///   - layers: Transformer layers.
  ///   - inputTokens: n, prompt tokens.
  ///   - hiddenSize: d, model width.
  /// - Returns: FLOP.
  public static func attentionPrefillFLOPs(layers: Double, inputTokens: Double, hiddenSize: Double)
    -> Double
  {
    2 * layers * inputTokens * inputTokens * hiddenSize
  }

  /// FLOPs to process one request's prompt.
  ///
  /// prefill FLOPs = input tokens × 2 × active parameters + attention FLOPs
  ///
  /// - Parameters:
  ///   - activeParameters: Parameters one token uses.
  ///   - inputTokens: Prompt tokens.
  ///   - attentionFLOPs: ``attentionPrefillFLOPs(layers:inputTokens:hiddenSize:)``, or 0 when
  ///     the model's layers and hidden size are unknown.
  /// - Returns: FLOP.
  public static func prefillFLOPs(
    activeParameters: Double, inputTokens: Double, attentionFLOPs: Double
  ) -> Double {
    inputTokens * forwardFLOPsPerParameter * activeParameters + attentionFLOPs
  }

  /// Time to process one request's prompt on a replica.
  ///
  /// prefill seconds = max(prefill FLOPs ÷ (t × peak FLOP/s × prefill efficiency),
  ///                       active weights ÷ (t × memory bandwidth × bandwidth efficiency))
  ///
  /// Prefill is compute-bound for all but the shortest prompts; the second term, one read of
  /// the active weights, is the floor a short prompt cannot go below.
  ///
  /// - Parameters:
  ///   - prefillFLOPs: FLOP of the prompt.
  ///   - activeWeightBytes: Bytes of the active weights.
  ///   - tensorParallel: t, GPUs per replica.
  ///   - peakFLOPS: One GPU's dense peak at the serving precision.
  ///   - prefillEfficiency: Fraction of peak achieved.
  ///   - memoryBandwidth: One GPU's datasheet bandwidth, bytes/s.
  ///   - bandwidthEfficiency: Fraction of it achieved.
  /// - Returns: Seconds per request.
  public static func prefillSeconds(
    prefillFLOPs: Double, activeWeightBytes: Double, tensorParallel: Int, peakFLOPS: Double,
    prefillEfficiency: Double, memoryBandwidth: Double, bandwidthEfficiency: Double
  ) -> Double {
    let t = Double(tensorParallel)
    return max(
      prefillFLOPs / (t * peakFLOPS * prefillEfficiency),
      activeWeightBytes / (t * memoryBandwidth * bandwidthEfficiency))
  }

  // MARK: Throughput and fleet

  /// Time one request takes from prompt to last token.
  ///
  /// inference seconds = prefill seconds + output tokens × decode seconds per token
  ///
  /// - Parameters:
  ///   - prefillSeconds: Seconds to process the prompt.
  ///   - outputTokens: Tokens generated.
  ///   - decodeSecondsPerToken: Seconds per output token at the batch.
  /// - Returns: Seconds per request.
  public static func inferenceSeconds(
    prefillSeconds: Double, outputTokens: Double, decodeSecondsPerToken: Double
  ) -> Double {
    prefillSeconds + outputTokens * decodeSecondsPerToken
  }

  /// Requests one replica completes per second at a batch.
  ///
  /// requests/s per replica = batch ÷ (batch × prefill seconds
  ///                                   + output tokens × decode seconds per token)
  ///
  /// A batch of B sequences shares each decode step, so B requests finish every
  /// output-tokens × decode-time; but each prompt is processed on its own, compute-bound,
  /// so B prompts cost B prefills. No overlap of prefill with decode is assumed, which makes
  /// this the conservative side of continuous batching.
  ///
  /// - Parameters:
  ///   - batch: Sequences decoded together.
  ///   - prefillSeconds: Seconds to process one prompt.
  ///   - outputTokens: Tokens generated per request.
  ///   - decodeSecondsPerToken: Seconds per decode step at the batch.
  /// - Returns: Requests per second per replica.
  public static func replicaRequestsPerSecond(
    batch: Double, prefillSeconds: Double, outputTokens: Double, decodeSecondsPerToken: Double
  ) -> Double {
    batch / (batch * prefillSeconds + outputTokens * decodeSecondsPerToken)
  }

  /// Replicas needed for the busiest hour, with headroom.
  ///
  /// replicas = ⌈TRPS × peak factor ÷ (requests/s per replica × target utilisation)⌉
  ///
  /// - Parameters:
  ///   - requestsPerSecond: TRPS, the day's average requests per second.
  ///   - peakFactor: Busiest-hour rate ÷ average rate.
  ///   - replicaRequestsPerSecond: Requests one replica completes per second.
  ///   - targetUtilization: Fraction of a replica's capacity planned to be used.
  /// - Returns: Whole replicas.
  /// - Throws: ``EngineError/resultOutOfRange(figure:reason:)`` when the count is not finite or
  ///   too large to count.
  public static func replicas(
    requestsPerSecond: Double, peakFactor: Double, replicaRequestsPerSecond: Double,
    targetUtilization: Double
  ) throws -> Int {
    try SeedMethod.wholeCount(
      requestsPerSecond * peakFactor / (replicaRequestsPerSecond * targetUtilization),
      figure: "replicas")
  }

  /// GPUs for the whole fleet.
  ///
  /// GPUs = replicas × GPUs per replica
  ///
  /// - Parameters:
  ///   - replicas: Whole replicas.
  ///   - gpusPerReplica: Tensor-parallel degree.
  /// - Returns: Whole GPUs.
  /// - Throws: ``EngineError/resultOutOfRange(figure:reason:)`` when the product overflows.
  public static func gpusRequired(replicas: Int, gpusPerReplica: Int) throws -> Int {
    let (product, overflow) = replicas.multipliedReportingOverflow(by: gpusPerReplica)
    guard !overflow, product < 9_000_000_000_000_000 else {
      throw EngineError.resultOutOfRange(
        figure: "gpus_required", reason: "\(replicas) × \(gpusPerReplica) is too large to count")
    }
    return product
  }
}

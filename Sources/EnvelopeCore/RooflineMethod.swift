/// The roofline method's serving formulas, method `roofline`.
///
/// A replica of t GPUs (tensor parallelism) serves a batch of sequences with continuous
/// batching: every step decodes one token for each sequence in the batch and carries, chunked
/// in, the prompts of the requests that replace finished ones. A step reads the weights once per
/// forward pass and every sequence's KV cache, does the matrix products for all its tokens and
/// two all-reduces per layer; each part is bound by memory bandwidth or by compute, whichever is
/// slower, at the GPU's measured achievable fraction of its datasheet figures. Memory holds the
/// weights, a working reserve for activations and the KV cache pool, which sets the largest
/// batch. Each function is one formula, taking and returning plain numbers in base units
/// (parameters, tokens, bytes, FLOP, FLOP/s, bytes/s, seconds). ``SeedMethod`` stays as written
/// beside it.
public enum RooflineMethod {
  // MARK: Defaults

  /// Fraction of each GPU's memory the serving engine may use for weights, activations and the
  /// KV cache: 0.9.
  ///
  /// vLLM's default `gpu_memory_utilization` is 0.9; TensorRT-LLM gives the KV cache 0.9 of
  /// the memory left after the weights (`free_gpu_memory_fraction`). The remaining tenth holds
  /// the CUDA context, CUDA graphs and fragmentation.
  public static let defaultGPUMemoryUtilization = 0.9

  /// The most sequences a replica decodes together when no cap is given: 1,024.
  ///
  /// vLLM V1's default `max_num_seqs` on data-centre GPUs (TensorRT-LLM's `max_batch_size` is
  /// 2,048); the KV cache pool lowers it when fewer fit.
  public static let defaultMaxBatch = 1_024

  /// Tokens one forward pass processes at most: 8,192.
  ///
  /// vLLM V1's default `max_num_batched_tokens` for online serving and TensorRT-LLM's default
  /// `max_num_tokens`: prompts longer than this are prefilled in chunks of it, and a step whose
  /// decode and prefill tokens exceed it takes several passes over the weights.
  public static let defaultMaxBatchedTokens = 8_192

  /// Time of one all-reduce of a small message: 25 µs.
  ///
  /// nccl-tests all-reduce of 1 KB on 8 H100 SXM with NVLink reaches a bus bandwidth of
  /// 0.07 GB/s (Azure/AI-benchmarking-guide, ND H100 v5 results): 1,024 B × 2 × 7/8 ÷ 0.07 GB/s
  /// ≈ 25.6 µs of launch and synchronisation, which every all-reduce pays whatever its size.
  public static let defaultAllReduceLatencySeconds = 25e-6

  /// Fraction of a GPU's dense peak assumed for matrix products when the catalogue has no
  /// measurement: 0.7.
  ///
  /// Below every maximum-achievable-matmul fraction measured on the catalogue's NVIDIA GPUs
  /// (0.71 for H100 at FP8 to 0.87 for A100 at 16 bits; stas00/ml-engineering); MI300X measures
  /// lower (0.54) and carries its own figure.
  public static let fallbackMatmulEfficiency = 0.7

  /// Fraction of the datasheet memory bandwidth assumed when the catalogue has no measurement:
  /// 0.8.
  ///
  /// Below every BabelStream Triad fraction measured on the catalogue's GPUs (0.83 for A100 to
  /// 0.89 for H100; Azure/AI-benchmarking-guide).
  public static let fallbackBandwidthEfficiency = 0.8

  /// Fraction of a link's datasheet rate that an all-reduce's bus bandwidth reaches when the GPU
  /// has no measured all-reduce curve: 0.8.
  ///
  /// NCCL's protocol costs about a fifth of the line rate: on H100's 450 GB/s NVLink its ring
  /// reaches 370 GB/s of bus bandwidth (NCCL's maintainer, NVIDIA/nccl-tests issue #212), and
  /// the A100 curve the catalogue ships peaks at 231.6 GB/s of bus bandwidth on 300 GB/s links
  /// (0.77, Azure/AI-benchmarking-guide). Messages of a few MB reach less still; a measured
  /// curve, when the catalogue has one, replaces this.
  public static let defaultAllReduceBusEfficiency = 0.8

  /// Bytes per second between GPUs assumed when the catalogue has no interconnect figure:
  /// 32 GB/s, PCIe 4.0 ×16 in one direction, the slowest path between GPUs in one server.
  public static let fallbackInterconnectBytesPerSecond = 32e9

  /// Bytes per activation element exchanged by all-reduces and held in the working reserve: 2
  /// (16-bit activations, as serving engines keep them whatever the weights' precision).
  public static let activationBytes = 2.0

  /// The tensor-parallel degrees searched within one server: 1, 2, 4 and 8 GPUs.
  ///
  /// An 8-GPU server is the unit NVLink and Infinity Fabric join; larger degrees (16 to
  /// ``maximumTensorParallel``) are tried only when the model does not fit on 8.
  public static let searchedTensorParallel = [1, 2, 4, 8]

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
  /// head, not per attention head, so `kvHeads` is the KV head count (per GPU, for the bytes one
  /// GPU holds).
  ///
  /// - Parameters:
  ///   - layers: Transformer layers.
  ///   - kvHeads: Key/value heads per layer.
  ///   - headDimension: Elements per head.
  ///   - bytesPerElement: Bytes per cached element at the cache's precision.
  /// - Returns: Bytes per token.
  public static func kvCacheBytesPerToken(
    layers: Double, kvHeads: Double, headDimension: Double, bytesPerElement: Double
  ) -> Double {
    2 * layers * kvHeads * headDimension * bytesPerElement
  }

  /// KV heads each GPU of a replica holds.
  ///
  /// KV heads per GPU = ⌈KV heads ÷ t⌉
  ///
  /// Tensor parallelism splits the heads across GPUs; when t exceeds the KV heads, each GPU
  /// still holds one, so the heads are replicated rather than split further.
  ///
  /// - Parameters:
  ///   - kvHeads: The model's key/value heads per layer.
  ///   - tensorParallel: t, GPUs per replica.
  /// - Returns: Heads per GPU, at least 1.
  public static func kvHeadsPerGPU(kvHeads: Double, tensorParallel: Int) -> Double {
    max(1, (kvHeads / Double(tensorParallel)).rounded(.up))
  }

  /// Bytes of weights.
  ///
  /// Weights = parameters × bytes per parameter
  ///
  /// Total parameters for what memory holds; the weights a step reads are
  /// ``weightBytesRead(parameters:activeParameters:experts:expertsPerToken:tokens:bytesPerParameter:)``.
  ///
  /// - Parameters:
  ///   - parameters: Number of weights.
  ///   - bytesPerParameter: Bytes per weight at the serving precision.
  /// - Returns: Bytes.
  public static func weightBytes(parameters: Double, bytesPerParameter: Double) -> Double {
    parameters * bytesPerParameter
  }

  /// Bytes each GPU keeps for the activations of one forward pass.
  ///
  /// activation reserve = batched tokens × (4 × hidden size + 2 × FFN size ÷ t) × 2 B
  ///
  /// The largest live activations of a layer for a full pass: the residual stream, its norm,
  /// the attention output and the query (4 × hidden, 16-bit) and the feed-forward layer's gate
  /// and up projections (2 × FFN width, split over t). Engines size this reserve by running one
  /// pass of `max_num_batched_tokens` tokens before they allocate the KV cache.
  ///
  /// - Parameters:
  ///   - batchedTokens: Tokens one pass processes at most.
  ///   - hiddenSize: The model's width.
  ///   - ffnSize: The feed-forward width (per expert for a mixture of experts).
  ///   - tensorParallel: t, GPUs per replica.
  /// - Returns: Bytes per GPU.
  public static func activationReserveBytes(
    batchedTokens: Double, hiddenSize: Double, ffnSize: Double, tensorParallel: Int
  ) -> Double {
    batchedTokens * (4 * hiddenSize + 2 * ffnSize / Double(tensorParallel)) * activationBytes
  }

  /// Bytes one GPU moves per token through the kernels that run between the matrix products.
  ///
  /// activation traffic = layers × (8 × hidden + 3 × k × FFN ÷ t [+ (k + 1) × hidden]) × 2 B
  ///
  /// The normalisations, residual additions and the gated activation are separate kernels
  /// that read and write the 16-bit activations in memory, one after another with the matrix
  /// products. Counted as vLLM runs a Llama-style layer (`vllm/model_executor/models/llama.py`):
  /// two fused residual-add + RMSNorm kernels, each reading the input and the residual and
  /// writing both (4 × hidden each, replicated on every GPU), and `SiluAndMul`, reading the gate
  /// and up halves and writing their product (3 × FFN ÷ t). A mixture of experts runs the
  /// activation on each of the k experts' outputs and adds `moe_sum`, reading the k expert
  /// outputs and writing one (`fused_moe.py`: `silu_and_mul`, `moe_sum`).
  ///
  /// - Parameters:
  ///   - layers: Transformer layers.
  ///   - hiddenSize: The model's width.
  ///   - ffnSize: The feed-forward width (per expert for a mixture of experts).
  ///   - expertsPerToken: k, experts each token runs; `nil` for a dense model.
  ///   - tensorParallel: t, GPUs per replica.
  /// - Returns: Bytes per token per GPU.
  public static func activationTrafficBytesPerToken(
    layers: Double, hiddenSize: Double, ffnSize: Double, expertsPerToken: Double?,
    tensorParallel: Int
  ) -> Double {
    let k = expertsPerToken ?? 1
    let combine = expertsPerToken.map { ($0 + 1) * hiddenSize } ?? 0
    return layers * (8 * hiddenSize + 3 * k * ffnSize / Double(tensorParallel) + combine)
      * activationBytes
  }

  /// Bytes each GPU gives the KV cache.
  ///
  /// KV pool = GPU memory utilisation × GPU memory − weights ÷ t − activation reserve
  ///
  /// - Parameters:
  ///   - memoryBytes: One GPU's memory.
  ///   - utilization: Fraction of it the engine may use.
  ///   - weightBytes: Bytes of all weights (total parameters), split over t.
  ///   - tensorParallel: t, GPUs per replica.
  ///   - activationReserveBytes: Bytes kept for one pass's activations.
  /// - Returns: Bytes per GPU; negative when the weights do not fit.
  public static func kvCachePoolBytes(
    memoryBytes: Double, utilization: Double, weightBytes: Double, tensorParallel: Int,
    activationReserveBytes: Double
  ) -> Double {
    utilization * memoryBytes - weightBytes / Double(tensorParallel) - activationReserveBytes
  }

  /// Tokens a sequence holds in the KV cache on average under continuous batching.
  ///
  /// occupancy = input tokens + output tokens ÷ 2
  ///
  /// A sequence enters with its prompt cached and grows by one token a step until it leaves;
  /// with sequences at every stage of their generation, the average holds the prompt and half
  /// the output. Both the memory a sequence takes and the KV cache a step reads use it.
  ///
  /// - Parameters:
  ///   - inputTokens: Prompt tokens.
  ///   - outputTokens: Generated tokens.
  /// - Returns: Tokens.
  public static func occupancyTokens(inputTokens: Double, outputTokens: Double) -> Double {
    inputTokens + outputTokens / 2
  }

  /// The largest batch whose KV cache fits in the pool.
  ///
  /// max batch = ⌊KV pool per GPU ÷ (occupancy × KV bytes per token per GPU)⌋
  ///
  /// - Parameters:
  ///   - poolBytes: KV pool per GPU.
  ///   - occupancyTokens: Tokens cached per sequence on average.
  ///   - kvCacheBytesPerTokenPerGPU: Bytes one GPU holds per cached token.
  /// - Returns: Sequences; 0 when not even one fits. Capped at 10^15 to stay countable.
  public static func maximumBatch(
    poolBytes: Double, occupancyTokens: Double, kvCacheBytesPerTokenPerGPU: Double
  ) -> Int {
    let batch = (poolBytes / (occupancyTokens * kvCacheBytesPerTokenPerGPU)).rounded(.down)
    guard batch.isFinite, batch >= 1 else { return 0 }
    return Int(min(batch, 1e15))
  }

  // MARK: One step

  /// Prompt tokens a step carries alongside its decode tokens.
  ///
  /// prefill tokens per step = batch × input tokens ÷ output tokens
  ///
  /// In steady state a request leaves every output-tokens ÷ batch steps per sequence and one
  /// enters in its place, so each step prefills, on average, that share of a prompt for every
  /// sequence it decodes.
  ///
  /// - Parameters:
  ///   - batch: Sequences decoded per step.
  ///   - inputTokens: Prompt tokens per request.
  ///   - outputTokens: Generated tokens per request.
  /// - Returns: Tokens.
  public static func prefillTokensPerStep(batch: Double, inputTokens: Double, outputTokens: Double)
    -> Double
  {
    batch * inputTokens / outputTokens
  }

  /// Forward passes a step needs for its tokens.
  ///
  /// passes = max(1, tokens ÷ batched-token limit)
  ///
  /// - Parameters:
  ///   - tokens: Decode and prefill tokens of the step.
  ///   - maxBatchedTokens: Tokens one pass processes at most.
  /// - Returns: Passes, fractional when the last is partly filled.
  public static func forwardPasses(tokens: Double, maxBatchedTokens: Double) -> Double {
    max(1, tokens / maxBatchedTokens)
  }

  /// Experts a pass of tokens routes to, on average.
  ///
  /// experts touched = E × (1 − (1 − k ÷ E)^tokens)
  ///
  /// Each token picks k of E experts; with routing spread evenly, an expert is missed by all n
  /// tokens with probability (1 − k/E)^n. One token touches k; a batch of hundreds touches all.
  ///
  /// - Parameters:
  ///   - experts: E, routed experts per layer.
  ///   - expertsPerToken: k, experts each token uses.
  ///   - tokens: n, tokens in the pass.
  /// - Returns: Experts per layer.
  public static func expertsTouched(experts: Double, expertsPerToken: Double, tokens: Double)
    -> Double
  {
    experts * (1 - Arithmetic.power(1 - expertsPerToken / experts, tokens))
  }

  /// Bytes of weights one forward pass reads.
  ///
  /// dense: weights read = parameters × bytes per parameter
  /// mixture of experts: weights read = (shared + expert parameters × touched ÷ E) × bytes,
  ///   with expert parameters = (total − active) × E ÷ (E − k) and shared = total − expert
  ///
  /// A dense pass reads every weight once, whatever the batch. A mixture-of-experts pass reads
  /// the shared weights (attention, embeddings, norms) and the experts its tokens route to.
  ///
  /// - Parameters:
  ///   - parameters: Total parameters.
  ///   - activeParameters: Parameters one token uses.
  ///   - experts: E, or `nil` for a dense model.
  ///   - expertsPerToken: k, or `nil` for a dense model.
  ///   - tokens: Tokens in the pass.
  ///   - bytesPerParameter: Bytes per weight.
  /// - Returns: Bytes, for the whole replica.
  public static func weightBytesRead(
    parameters: Double, activeParameters: Double, experts: Double?, expertsPerToken: Double?,
    tokens: Double, bytesPerParameter: Double
  ) -> Double {
    guard let experts, let expertsPerToken, experts > expertsPerToken,
      activeParameters < parameters
    else { return parameters * bytesPerParameter }
    let expertParameters = (parameters - activeParameters) * experts / (experts - expertsPerToken)
    let shared = parameters - expertParameters
    let touched = expertsTouched(
      experts: experts, expertsPerToken: expertsPerToken, tokens: tokens)
    return (shared + expertParameters * touched / experts) * bytesPerParameter
  }

  /// FLOPs of the matrix products for a number of tokens.
  ///
  /// matmul FLOPs = 2 × active parameters × tokens
  ///
  /// - Parameters:
  ///   - activeParameters: Parameters one token uses.
  ///   - tokens: Tokens processed.
  /// - Returns: FLOP, for the whole replica.
  public static func matmulFLOPs(activeParameters: Double, tokens: Double) -> Double {
    forwardFLOPsPerParameter * activeParameters * tokens
  }

  /// FLOPs of attention over the cache for one decode step.
  ///
  /// decode attention FLOPs = 4 × layers × occupancy × attention width × batch
  ///
  /// Each new token's query meets every cached key (2 FLOPs a multiply-add) and weighs every
  /// cached value (2 more), per attention head dimension.
  ///
  /// - Parameters:
  ///   - layers: Transformer layers.
  ///   - occupancyTokens: Cached tokens per sequence.
  ///   - attentionWidth: Attention heads × head dimension.
  ///   - batch: Sequences decoded.
  /// - Returns: FLOP, for the whole replica.
  public static func decodeAttentionFLOPs(
    layers: Double, occupancyTokens: Double, attentionWidth: Double, batch: Double
  ) -> Double {
    4 * layers * occupancyTokens * attentionWidth * batch
  }

  /// FLOPs of causal self-attention over a prompt.
  ///
  /// attention FLOPs = 2 × layers × input tokens² × attention width
  ///
  /// Per layer, QKᵀ multiplies an n × d matrix by a d × n one (2n²d FLOPs) and AV an n × n by
  /// an n × d one (2n²d); the causal mask leaves half of each, so 2n²d per layer, with d the
  /// attention width (attention heads × head dimension).
  ///
  /// - Parameters:
  ///   - layers: Transformer layers.
  ///   - inputTokens: n, prompt tokens.
  ///   - attentionWidth: d, attention heads × head dimension.
  /// - Returns: FLOP.
  public static func attentionPrefillFLOPs(
    layers: Double, inputTokens: Double, attentionWidth: Double
  ) -> Double {
    2 * layers * inputTokens * inputTokens * attentionWidth
  }

  /// Time of one part of a step: the slower of moving its bytes and doing its FLOPs.
  ///
  /// time = max(bytes ÷ (bandwidth × bandwidth efficiency), FLOPs ÷ (peak × compute efficiency))
  ///
  /// - Parameters:
  ///   - bytes: Bytes one GPU reads.
  ///   - flops: FLOP one GPU does.
  ///   - bandwidth: One GPU's datasheet memory bandwidth, bytes/s.
  ///   - bandwidthEfficiency: Fraction of it achieved.
  ///   - peakFLOPS: One GPU's dense peak.
  ///   - computeEfficiency: Fraction of it achieved.
  /// - Returns: Seconds.
  public static func rooflineSeconds(
    bytes: Double, flops: Double, bandwidth: Double, bandwidthEfficiency: Double,
    peakFLOPS: Double, computeEfficiency: Double
  ) -> Double {
    max(bytes / (bandwidth * bandwidthEfficiency), flops / (peakFLOPS * computeEfficiency))
  }

  /// Time of one all-reduce across a replica's GPUs.
  ///
  /// all-reduce time = latency + 2 × (t − 1) ÷ t × bytes ÷ (bus efficiency × interconnect)
  ///
  /// A ring all-reduce sends and receives 2(t − 1)/t of the message on every GPU's link, at the
  /// share of the link's rate NCCL's protocol leaves (``defaultAllReduceBusEfficiency``).
  ///
  /// - Parameters:
  ///   - bytes: The message: activations of every token in the pass.
  ///   - tensorParallel: t, GPUs per replica.
  ///   - interconnectBytesPerSecond: One GPU's link bandwidth in one direction.
  ///   - latencySeconds: Fixed cost of one all-reduce.
  ///   - busEfficiency: Share of the link's rate the all-reduce's bus bandwidth reaches.
  /// - Returns: Seconds; 0 for one GPU.
  public static func allReduceSeconds(
    bytes: Double, tensorParallel: Int, interconnectBytesPerSecond: Double,
    latencySeconds: Double, busEfficiency: Double = defaultAllReduceBusEfficiency
  ) -> Double {
    guard tensorParallel > 1 else { return 0 }
    let t = Double(tensorParallel)
    return latencySeconds + 2 * (t - 1) / t * bytes / (busEfficiency * interconnectBytesPerSecond)
  }

  /// Time a step spends in tensor-parallel all-reduces.
  ///
  /// communication = 2 × layers × passes × all-reduce(tokens per pass × hidden size × 2 B)
  ///
  /// Megatron-style tensor parallelism all-reduces the activations twice per layer, after the
  /// attention and after the feed-forward block.
  ///
  /// - Parameters:
  ///   - layers: Transformer layers.
  ///   - passes: Forward passes in the step.
  ///   - tokensPerPass: Tokens in each pass.
  ///   - hiddenSize: The model's width.
  ///   - tensorParallel: t, GPUs per replica.
  ///   - interconnectBytesPerSecond: One GPU's link bandwidth in one direction.
  ///   - latencySeconds: Fixed cost of one all-reduce.
  ///   - curve: The GPU's measured all-reduce bus bandwidth by message size; when given, each
  ///     all-reduce takes ``allReduceSeconds(bytes:tensorParallel:measured:)`` instead of
  ///     ``allReduceSeconds(bytes:tensorParallel:interconnectBytesPerSecond:latencySeconds:busEfficiency:)``.
  /// - Returns: Seconds; 0 for one GPU.
  public static func communicationSeconds(
    layers: Double, passes: Double, tokensPerPass: Double, hiddenSize: Double,
    tensorParallel: Int, interconnectBytesPerSecond: Double, latencySeconds: Double,
    measured curve: [AllReduceBandwidthPoint] = []
  ) -> Double {
    communicationSeconds(
      layers: layers, passes: passes, messageBytes: tokensPerPass * hiddenSize * activationBytes,
      tensorParallel: tensorParallel, interconnectBytesPerSecond: interconnectBytesPerSecond,
      latencySeconds: latencySeconds, measured: MeasuredAllReduce(curve))
  }

  /// ``communicationSeconds(layers:passes:tokensPerPass:hiddenSize:tensorParallel:interconnectBytesPerSecond:latencySeconds:measured:)``
  /// with the message (tokens per pass × hidden size × 2 B) already computed and the curve
  /// already in its flat form.
  static func communicationSeconds(
    layers: Double, passes: Double, messageBytes bytes: Double,
    tensorParallel: Int, interconnectBytesPerSecond: Double, latencySeconds: Double,
    measured curve: MeasuredAllReduce
  ) -> Double {
    let each =
      curve.isEmpty
      ? allReduceSeconds(
        bytes: bytes, tensorParallel: tensorParallel,
        interconnectBytesPerSecond: interconnectBytesPerSecond, latencySeconds: latencySeconds)
      : curve.seconds(bytes: bytes, tensorParallel: tensorParallel)
    return 2 * layers * passes.rounded(.up) * each
  }

  // MARK: Throughput and fleet

  /// Time to the first token of a request.
  ///
  /// TTFT = the request's own prefill + one decode step at the batch
  ///
  /// The scheduler runs a new prompt inside a step the decoding batch shares, so the stated
  /// scheduling overhead is the batch's decode work in that step (its weight reads, KV cache
  /// reads and all-reduces); at batch 1 it is the one pass over the weights that samples the
  /// first token.
  ///
  /// - Parameters:
  ///   - prefillSeconds: The request's prompt alone on the replica.
  ///   - decodeStepSeconds: One step of the batch's decode tokens, without prompts.
  /// - Returns: Seconds.
  public static func timeToFirstTokenSeconds(prefillSeconds: Double, decodeStepSeconds: Double)
    -> Double
  {
    prefillSeconds + decodeStepSeconds
  }

  /// Time one request takes from arrival to last token.
  ///
  /// inference seconds = TTFT + (output tokens − 1) × time per output token
  ///
  /// - Parameters:
  ///   - ttftSeconds: Time to the first token.
  ///   - outputTokens: Tokens generated.
  ///   - tpotSeconds: Seconds between output tokens.
  /// - Returns: Seconds per request.
  public static func inferenceSeconds(
    ttftSeconds: Double, outputTokens: Double, tpotSeconds: Double
  ) -> Double {
    ttftSeconds + max(0, outputTokens - 1) * tpotSeconds
  }

  /// Requests one replica completes per second at a batch.
  ///
  /// requests/s per replica = batch ÷ (output tokens × step time)
  ///
  /// Each step gives every sequence one token, prompts included in the step, so a replica
  /// finishes a batch's worth of requests every output-tokens steps.
  ///
  /// - Parameters:
  ///   - batch: Sequences decoded together.
  ///   - outputTokens: Tokens generated per request.
  ///   - stepSeconds: Seconds per step at the batch.
  /// - Returns: Requests per second per replica.
  public static func replicaRequestsPerSecond(
    batch: Double, outputTokens: Double, stepSeconds: Double
  ) -> Double {
    batch / (outputTokens * stepSeconds)
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

import Foundation
import Testing

@testable import EnvelopeCore

/// Worked examples of the roofline method, one formula at a time, with the hand arithmetic.
struct RooflineMethodTests {
  typealias R = ReferenceData

  /// Serving inputs with the defaults, 1M users × 10 requests a day.
  static func inputs(
    _ model: ModelProfile, on gpu: GPUProfile, _ precision: Precision = .fp16,
    input: Double = 512, output: Double = 512, batch: Int? = nil, context: Double? = nil,
    tensorParallel: Int? = nil, overhead: Double = RooflineMethod.defaultMemoryOverheadFraction
  ) -> RooflineInputs {
    RooflineInputs(
      model: model, gpu: gpu, precision: precision, dailyActiveUsers: 1e6,
      requestsPerUserPerDay: 10, inputTokens: input, outputTokens: output, batch: batch,
      contextTokens: context, tensorParallel: tensorParallel, memoryOverheadFraction: overhead)
  }

  static func close(_ value: Double, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
    abs(value - expected) <= tolerance * abs(expected)
  }

  // MARK: KV cache

  struct KVCacheExample: CustomTestStringConvertible, Sendable {
    var name: String
    var model: ModelProfile
    var precision: Precision
    var expectedBytes: Double
    var testDescription: String { name }
  }

  @Test(arguments: [
    // 2 × 32 layers × 8 KV heads × 128 × 2 B = 131,072 B.
    KVCacheExample(
      name: "Llama 3.1 8B fp16 = 131,072 B", model: R.llama31With8B, precision: .fp16,
      expectedBytes: 131_072),
    // GQA: 2 × 80 × 8 KV heads × 128 × 2 = 327,680 B, not 2 × 80 × 64 × 128 × 2 = 2,621,440.
    KVCacheExample(
      name: "Llama 2 70B fp16 (GQA, 8 of 64 heads) = 327,680 B", model: R.llama2With70B,
      precision: .fp16, expectedBytes: 327_680),
    // MHA: 2 × 32 × 32 KV heads × 128 × 2 = 524,288 B.
    KVCacheExample(
      name: "Llama 2 7B fp16 (MHA) = 524,288 B", model: R.llama2With7B, precision: .fp16,
      expectedBytes: 524_288),
    // 2 × 126 × 8 × 128 × 1 = 258,048 B.
    KVCacheExample(
      name: "Llama 3.1 405B fp8 = 258,048 B", model: R.llama31With405B, precision: .fp8,
      expectedBytes: 258_048),
    // int4 weights keep a 16-bit cache: 2 × 32 × 8 × 128 × 2 = 131,072 B.
    KVCacheExample(
      name: "Llama 3.1 8B at int4 keeps a 16-bit cache", model: R.llama31With8B,
      precision: .int4, expectedBytes: 131_072),
  ])
  func kvCachePerToken(_ example: KVCacheExample) throws {
    // int4 computes at the fp16 peak: no GPU in the catalogue is rated for int4.
    let inputs = Self.inputs(example.model, on: R.h200, example.precision)
    let estimate = try RooflineEstimate(inputs)
    #expect(estimate.kvCacheBytesPerToken == example.expectedBytes)
    let figure = try #require(estimate.figures.first { $0.key == "kv_cache_bytes_per_token" })
    #expect(figure.value.number == example.expectedBytes)
  }

  @Test func groupedQueryAttentionCountsKVHeadsNotAttentionHeads() {
    let gqa = RooflineMethod.kvCacheBytesPerToken(
      layers: 80, kvHeads: 8, headDimension: 128, bytesPerElement: 2)
    let ifMultiHead = RooflineMethod.kvCacheBytesPerToken(
      layers: 80, kvHeads: 64, headDimension: 128, bytesPerElement: 2)
    #expect(gqa == 327_680)
    #expect(ifMultiHead == 8 * gqa)
  }

  // MARK: Decode

  struct DecodeExample: CustomTestStringConvertible, Sendable {
    var name: String
    var inputs: RooflineInputs
    var expectedSeconds: Double
    var bound: RooflineBound
    var testDescription: String { name }
  }

  @Test(arguments: [
    // Weights 8,030,261,248 × 2 = 16,060,522,496 B; KV 1 × 1,024 × 131,072 = 134,217,728 B.
    // (16,060,522,496 + 134,217,728) ÷ (3.35e12 × 0.8) = 6.0428 ms; compute
    // 2 × 8.03e9 × 1 ÷ (989.4e12 × 0.5) = 32.5 µs. Memory-bound: ≈ 16 GB ÷ 2.68 TB/s.
    DecodeExample(
      name: "Llama 3.1 8B fp16 on H100, batch 1: memory-bound, 6.04 ms",
      inputs: inputs(R.llama31With8B, on: R.h100, batch: 1),
      expectedSeconds: 16_194_740_224 / 2.68e12, bound: .memory),
    // Batch 512 at 128 tokens of context: memory (16.06e9 + 512 × 128 × 131,072 = 24.65e9 B)
    // ÷ 2.68e12 = 9.20 ms; compute 2 × 8,030,261,248 × 512 ÷ 494.7e12 = 16.62 ms. Compute-bound.
    DecodeExample(
      name: "Llama 3.1 8B fp16 on H100, batch 512 at 128 tokens: compute-bound, 16.6 ms",
      inputs: inputs(R.llama31With8B, on: R.h100, batch: 512, context: 128),
      expectedSeconds: 2 * 8_030_261_248 * 512 / 494.7e12, bound: .compute),
    // Mixtral: 93.4 GB of weights need 2 GPUs (72 GB usable each), but a step reads only the
    // active 12,879,925,248 × 2 = 25,759,850,496 B + 134,217,728 B of KV, split over 2 GPUs:
    // 25,894,068,224 ÷ 2 ÷ 2.68e12 = 4.83 ms (a dense 46.7B would take 17.5 ms).
    DecodeExample(
      name: "Mixtral 8x7B fp16 on 2 H100s reads active parameters only: 4.83 ms",
      inputs: inputs(R.mixtral, on: R.h100, batch: 1),
      expectedSeconds: 25_894_068_224 / 2 / 2.68e12, bound: .memory),
  ])
  func decode(_ example: DecodeExample) throws {
    let estimate = try RooflineEstimate(example.inputs)
    #expect(Self.close(estimate.decodeSecondsPerToken, example.expectedSeconds))
    #expect(estimate.bound == example.bound)
    let bound = try #require(estimate.figures.first { $0.key == "bound" })
    #expect(bound.value == .text(example.bound.rawValue))
  }

  @Test func decodeBecomesComputeBoundAsTheBatchGrows() throws {
    let small = try RooflineEstimate(
      Self.inputs(R.llama31With8B, on: R.h100, batch: 1, context: 128))
    let large = try RooflineEstimate(
      Self.inputs(R.llama31With8B, on: R.h100, batch: 512, context: 128))
    #expect(small.bound == .memory)
    #expect(large.bound == .compute)
    // The per-token time grows far less than the batch: batching is what decode needs.
    #expect(large.decodeSecondsPerToken < 512 * small.decodeSecondsPerToken / 100)
  }

  @Test func mixtureOfExpertsUsesActiveParametersForComputeAndTotalForMemory() throws {
    let estimate = try RooflineEstimate(Self.inputs(R.mixtral, on: R.h100, batch: 1))
    // Memory: 46,702,792,704 × 2 = 93,405,585,408 B > 72 GB usable, so 2 GPUs.
    #expect(estimate.weightBytes == 93_405_585_408)
    #expect(estimate.minGPUsPerReplica == 2)
    // Compute: 2 × 12,879,925,248 × 1 ÷ 2 GPUs ÷ 494.7e12.
    #expect(Self.close(estimate.decodeComputeSeconds, 12_879_925_248 / 494.7e12))
    // Prefill: 512 × 2 × 12,879,925,248 + 2 × 32 × 512² × 4,096
    // = 13,189,043,453,952 + 68,719,476,736 = 13,257,762,930,688 FLOP.
    #expect(estimate.prefillFLOPs == 13_257_762_930_688)
  }

  // MARK: Prefill

  struct PrefillExample: CustomTestStringConvertible, Sendable {
    var name: String
    var inputs: RooflineInputs
    var expectedFLOPs: Double
    var expectedSeconds: Double
    var testDescription: String { name }
  }

  @Test(arguments: [
    // 128 × 2 × 6,738,415,616 = 1,725,034,397,696 plus attention 2 × 32 × 128² × 4,096 =
    // 4,294,967,296: 1,729,329,364,992 FLOP ÷ (312e12 × 0.5) = 11.08 ms, above the weight-read
    // floor 13,476,831,232 B ÷ (2.039e12 × 0.8) = 8.26 ms.
    PrefillExample(
      name: "Llama 2 7B fp16 on A100, 128 tokens: 11.08 ms",
      inputs: inputs(R.llama2With7B, on: R.a100With80GB, input: 128, output: 1),
      expectedFLOPs: 1_729_329_364_992, expectedSeconds: 1_729_329_364_992 / 156e12),
    // 8 tokens: 8 × 2 × 6,738,415,616 + 2 × 32 × 64 × 4,096 = 107,831,427,072 FLOP ÷ 156e12 =
    // 0.69 ms, below the floor: one read of the weights, 13,476,831,232 ÷ 1.6312e12 = 8.26 ms.
    PrefillExample(
      name: "Llama 2 7B fp16 on A100, 8 tokens: the weight read, 8.26 ms",
      inputs: inputs(R.llama2With7B, on: R.a100With80GB, input: 8, output: 1),
      expectedFLOPs: 107_831_427_072, expectedSeconds: 13_476_831_232 / 1.6312e12),
    // 70B fp16 needs 2 H100s: 1,024 × 2 × 70,553,706,496 = 144,493,990,903,808 plus
    // 2 × 80 × 1,024² × 8,192 = 1,374,389,534,720: 145,868,380,438,528 FLOP ÷ (2 × 494.7e12).
    PrefillExample(
      name: "Llama 3.1 70B fp16 on 2 H100s, 1,024 tokens: split over both GPUs",
      inputs: inputs(R.llama31With70B, on: R.h100, input: 1_024, output: 1_024),
      expectedFLOPs: 145_868_380_438_528, expectedSeconds: 145_868_380_438_528 / (2 * 494.7e12)),
  ])
  func prefill(_ example: PrefillExample) throws {
    let estimate = try RooflineEstimate(example.inputs)
    #expect(estimate.prefillFLOPs == example.expectedFLOPs)
    #expect(Self.close(estimate.prefillSeconds, example.expectedSeconds))
  }

  @Test func attentionFLOPsAreCausalQKAndAV() {
    // Per layer QKᵀ 2n²d + AV 2n²d = 4n²d, halved by the causal mask: 2n²d.
    // 2 × 1 layer × 1,000² × 100 = 2e8.
    #expect(
      RooflineMethod.attentionPrefillFLOPs(layers: 1, inputTokens: 1_000, hiddenSize: 100) == 2e8)
  }

  // MARK: Memory fit

  struct FitExample: CustomTestStringConvertible, Sendable {
    var name: String
    var inputs: RooflineInputs
    var minGPUs: Int
    var maxBatch: Int
    var testDescription: String { name }
  }

  @Test(arguments: [
    // Weights 70,553,706,496 × 2 = 141,107,412,992 B. Context 1,024 + 1,024 = 2,048 tokens,
    // 2,048 × 327,680 = 671,088,640 B per sequence. 10% overhead: 72 GB usable per GPU.
    // 1 GPU: 72 GB < 141.8 GB. 2 GPUs: 144 GB ≥ 141.8 GB. Max batch
    // ⌊(144e9 − 141,107,412,992) ÷ 671,088,640⌋ = ⌊4.31⌋ = 4.
    FitExample(
      name: "Llama 3.1 70B fp16 on 80 GB, 10% overhead: 2 GPUs, batch ≤ 4",
      inputs: inputs(R.llama31With70B, on: R.h100, input: 1_024, output: 1_024), minGPUs: 2,
      maxBatch: 4),
    // 20% overhead: 64 GB usable. 2 GPUs: 128 GB < 141.8 GB. 4 GPUs: 256 GB. Max batch
    // ⌊(256e9 − 141,107,412,992) ÷ 671,088,640⌋ = ⌊171.2⌋ = 171.
    FitExample(
      name: "Llama 3.1 70B fp16 on 80 GB, 20% overhead: 4 GPUs, batch ≤ 171",
      inputs: inputs(R.llama31With70B, on: R.h100, input: 1_024, output: 1_024, overhead: 0.2),
      minGPUs: 4, maxBatch: 171),
    // 405,853,388,800 × 2 = 811,706,777,600 B. 8 GPUs hold 576 GB, 16 hold 1,152 GB.
    // KV 2,048 × 2 × 126 × 8 × 128 × 2 = 1,056,964,608 B per sequence:
    // ⌊(1,152e9 − 811,706,777,600) ÷ 1,056,964,608⌋ = ⌊321.95⌋ = 321.
    FitExample(
      name: "Llama 3.1 405B fp16 on 80 GB: 16 GPUs",
      inputs: inputs(R.llama31With405B, on: R.h100, input: 1_024, output: 1_024), minGPUs: 16,
      maxBatch: 321),
    // 8B fp16 on one 80 GB GPU: ⌊(72e9 − 16,060,522,496) ÷ (1,024 × 131,072)⌋ = ⌊416.78⌋ = 416.
    FitExample(
      name: "Llama 3.1 8B fp16 on 80 GB: 1 GPU, batch ≤ 416",
      inputs: inputs(R.llama31With8B, on: R.h100), minGPUs: 1, maxBatch: 416),
  ])
  func memoryFit(_ example: FitExample) throws {
    let estimate = try RooflineEstimate(example.inputs)
    #expect(estimate.minGPUsPerReplica == example.minGPUs)
    #expect(estimate.gpusPerReplica == example.minGPUs)
    #expect(estimate.maxBatch == example.maxBatch)
    // With no batch given: the largest that fits, capped at 256.
    #expect(estimate.batch == min(example.maxBatch, RooflineMethod.defaultBatchCap))
    let keys = estimate.figures.map(\.key)
    #expect(keys.contains("min_gpus_per_replica") && keys.contains("max_batch"))
  }

  @Test func aModelThatFitsNowhereIsAClearError() throws {
    // 405B at fp32 = 1,623,413,555,200 B; 64 T4s hold 64 × 14.4 GB = 921.6 GB.
    let error = #expect(throws: EngineError.self) {
      try RooflineEstimate(Self.inputs(R.llama31With405B, on: R.t4, .fp32))
    }
    guard case .resultOutOfRange(let figure, let reason) = try #require(error) else {
      Issue.record("expected resultOutOfRange, got \(String(describing: error))")
      return
    }
    #expect(figure == "min_gpus_per_replica")
    #expect(reason.contains("64 t4 GPUs"))
  }

  @Test func aBatchThatDoesNotFitNamesTheBatch() throws {
    // 70B fp16 at 2 GPUs holds 4 sequences of 2,048 tokens; 64 GPUs hold
    // ⌊(64 × 72e9 − 141,107,412,992) ÷ 671,088,640⌋ = 6,656.
    let error = #expect(throws: EngineError.self) {
      try RooflineEstimate(
        Self.inputs(R.llama31With70B, on: R.h100, input: 1_024, output: 1_024, batch: 100_000))
    }
    #expect(
      error
        == .outOfRange(
          field: "batch", value: "100000",
          reason:
            "the KV cache of 100000 sequences of 2,048 tokens does not fit beside the weights on"
            + " 64 GPUs; at most 6656 fit"))
  }

  @Test func aGivenBatchRaisesTheMinimumDegree() throws {
    // Batch 64 of 2,048 tokens: 141.1 GB + 64 × 0.671 GB = 184.1 GB > 144 GB, so 4 GPUs.
    let estimate = try RooflineEstimate(
      Self.inputs(R.llama31With70B, on: R.h100, input: 1_024, output: 1_024, batch: 64))
    #expect(estimate.minGPUsPerReplica == 4)
    #expect(estimate.batch == 64)
  }

  @Test func aTensorParallelDegreeTooSmallIsRefused() {
    #expect(
      throws: EngineError.outOfRange(
        field: "tensor_parallel", value: "1",
        reason:
          "weights and the KV cache of 1 sequence(s) need 141.78 GB, more than 1 GPU(s) hold"
          + " (72 GB usable each); at least 2 are needed")
    ) {
      try RooflineEstimate(
        Self.inputs(R.llama31With70B, on: R.h100, input: 1_024, output: 1_024, tensorParallel: 1))
    }
  }

  @Test func aLargerTensorParallelDegreeIsUsedAsGiven() throws {
    let estimate = try RooflineEstimate(
      Self.inputs(R.llama31With70B, on: R.h100, input: 1_024, output: 1_024, tensorParallel: 8))
    #expect(estimate.minGPUsPerReplica == 2)
    #expect(estimate.gpusPerReplica == 8)
    // ⌊(8 × 72e9 − 141,107,412,992) ÷ 671,088,640⌋ = ⌊648.05⌋ = 648, capped at 256.
    #expect(estimate.maxBatch == 648)
    #expect(estimate.batch == 256)
  }

  // MARK: Throughput and fleet

  @Test func fleetArithmetic() throws {
    // 10 replicas' worth: ⌈1,000 × 2 ÷ (10 × 0.7)⌉ = ⌈285.71⌉ = 286 replicas; × 2 = 572 GPUs.
    let replicas = try RooflineMethod.replicas(
      requestsPerSecond: 1_000, peakFactor: 2, replicaRequestsPerSecond: 10,
      targetUtilization: 0.7)
    #expect(replicas == 286)
    #expect(try RooflineMethod.gpusRequired(replicas: replicas, gpusPerReplica: 2) == 572)
    // 64 ÷ (64 × 0.05 s + 500 × 0.02 s) = 64 ÷ 13.2 = 4.8485 requests/s.
    #expect(
      Self.close(
        RooflineMethod.replicaRequestsPerSecond(
          batch: 64, prefillSeconds: 0.05, outputTokens: 500, decodeSecondsPerToken: 0.02),
        64 / 13.2))
    // 0.05 + 500 × 0.02 = 10.05 s per request.
    #expect(
      RooflineMethod.inferenceSeconds(
        prefillSeconds: 0.05, outputTokens: 500, decodeSecondsPerToken: 0.02) == 10.05)
  }

  @Test func estimateFleetFiguresAreConsistent() throws {
    let estimate = try RooflineEstimate(Self.inputs(R.llama31With70B, on: R.h100, .fp8))
    let e = estimate
    // TRPS = 1e6 × 10 ÷ 86,400 = 115.74 requests/s.
    #expect(Self.close(e.requestsPerSecond, 1e7 / 86_400))
    #expect(
      Self.close(
        e.inferenceSeconds, e.prefillSeconds + 512 * e.decodeSecondsPerToken))
    #expect(
      Self.close(
        e.replicaRequestsPerSecond,
        Double(e.batch) / (Double(e.batch) * e.prefillSeconds + 512 * e.decodeSecondsPerToken)))
    #expect(
      Self.close(e.queriesPerSecondPerGPU, e.replicaRequestsPerSecond / Double(e.gpusPerReplica)))
    let exact = e.requestsPerSecond * 2 / (e.replicaRequestsPerSecond * 0.7)
    #expect(e.replicas == Int(exact.rounded(.up)))
    #expect(e.gpusRequired == e.replicas * e.gpusPerReplica)
  }

  @Test func pinnedFigureKeysAreReported() throws {
    let estimate = try RooflineEstimate(Self.inputs(R.llama31With8B, on: R.h100))
    let keys = Set(estimate.figures.map(\.key))
    for key in [
      "decode_seconds_per_token", "prefill_seconds", "kv_cache_bytes_per_token", "bound",
      "min_gpus_per_replica", "max_batch", "replicas", "trps", "gpus_required",
      "inference_seconds", "qps_per_gpu",
    ] {
      #expect(keys.contains(key), "missing \(key)")
    }
    #expect(Set(estimate.figures.map(\.group)) == [.compute, .memory, .fleet])
    // Every number has its derivation; the bound is stated in decode_seconds_per_token's.
    let derived = Set(estimate.derivations.map(\.key))
    let numeric = estimate.figures.filter { $0.value.number != nil }.map(\.key)
    #expect(numeric.filter { !derived.contains($0) } == [])
  }

  @Test func derivationsStateEveryEfficiencyAndDefault() throws {
    let estimate = try RooflineEstimate(Self.inputs(R.llama31With8B, on: R.h100))
    let text = estimate.derivations.map { $0.formula + " " + $0.working }.joined(separator: "\n")
    #expect(text.contains("bandwidth efficiency"))
    #expect(text.contains("× 0.8)"))  // bandwidth efficiency
    #expect(text.contains("× 0.5)"))  // compute and prefill efficiency
    #expect(text.contains("(1 − 0.1)"))  // memory overhead
    #expect(text.contains("× 2 ÷"))  // peak factor
    #expect(text.contains("× 0.7)"))  // target utilisation
    #expect(text.contains("capped at 256"))  // batch rule
    #expect(text.contains("512 + 512 = 1,024 tokens"))  // context rule
  }

  // MARK: Defaults, validation, range

  @Test func defaultsAreAsDocumented() {
    let inputs = Self.inputs(R.llama31With8B, on: R.h100)
    #expect(inputs.bandwidthEfficiency == 0.8)
    #expect(inputs.computeEfficiency == 0.5)
    #expect(inputs.prefillEfficiency == 0.5)
    #expect(inputs.peakFactor == 2)
    #expect(inputs.targetUtilization == 0.7)
    #expect(inputs.memoryOverheadFraction == 0.1)
    #expect(inputs.resolvedContextTokens == 1_024)
    #expect(RooflineMethod.defaultBatchCap == 256)
    #expect(RooflineMethod.bandwidthEfficiencyRange.contains(inputs.bandwidthEfficiency))
    #expect(RooflineMethod.computeEfficiencyRange.contains(inputs.computeEfficiency))
    #expect(RooflineMethod.prefillEfficiencyRange.contains(inputs.prefillEfficiency))
  }

  struct InvalidExample: CustomTestStringConvertible, Sendable {
    var name: String
    var inputs: RooflineInputs
    var field: String
    var testDescription: String { name }
  }

  static func modified(_ change: (inout RooflineInputs) -> Void) -> RooflineInputs {
    var inputs = Self.inputs(R.llama31With8B, on: R.h100)
    change(&inputs)
    return inputs
  }

  @Test(arguments: [
    InvalidExample(
      name: "zero bandwidth efficiency", inputs: modified { $0.bandwidthEfficiency = 0 },
      field: "bandwidth_efficiency"),
    InvalidExample(
      name: "compute efficiency above 1", inputs: modified { $0.computeEfficiency = 1.5 },
      field: "compute_efficiency"),
    InvalidExample(
      name: "peak factor below 1", inputs: modified { $0.peakFactor = 0.5 },
      field: "peak_factor"),
    InvalidExample(
      name: "all memory as overhead", inputs: modified { $0.memoryOverheadFraction = 1 },
      field: "memory_overhead_fraction"),
    InvalidExample(
      name: "zero batch", inputs: modified { $0.batch = 0 }, field: "batch"),
    InvalidExample(
      name: "tensor parallel above 64", inputs: modified { $0.tensorParallel = 128 },
      field: "tensor_parallel"),
    InvalidExample(
      name: "no output tokens", inputs: modified { $0.outputTokens = 0 },
      field: "output_tokens"),
    InvalidExample(
      name: "an image model", inputs: modified { $0.model = R.sd35 }, field: "model"),
    InvalidExample(
      name: "a model without its shape",
      inputs: modified { $0.model = ModelProfile(id: "bare", name: "Bare", parameters: 1e9) },
      field: "model"),
    InvalidExample(
      name: "a GPU without bandwidth",
      inputs: modified { $0.gpu.memoryBandwidthBytesPerSecond = nil }, field: "gpu"),
    InvalidExample(
      name: "a precision the GPU has no peak for", inputs: modified { $0.precision = .fp64 },
      field: "precision"),
  ])
  func invalidInputsNameTheField(_ example: InvalidExample) throws {
    let error = #expect(throws: EngineError.self) { try RooflineEstimate(example.inputs) }
    guard case .outOfRange(let field, _, _) = try #require(error) else {
      Issue.record("expected outOfRange, got \(String(describing: error))")
      return
    }
    #expect(field == example.field)
  }

  @Test func rangeOrdersPessimisticExpectedOptimistic() throws {
    let rows = try RooflineEstimate.range(Self.inputs(R.llama31With70B, on: R.h100, .fp8))
    func row(_ key: String) throws -> (Double, Double, Double) {
      let row = try #require(rows.first { $0.key == key })
      return (
        try #require(row.pessimistic.number), try #require(row.expected.number),
        try #require(row.optimistic.number)
      )
    }
    let gpus = try row("gpus_required")
    #expect(gpus.0 >= gpus.1 && gpus.1 >= gpus.2)
    #expect(gpus.0 > gpus.2)
    let decode = try row("decode_seconds_per_token")
    #expect(decode.0 > decode.1 && decode.1 > decode.2)
    // Memory fit does not depend on efficiencies.
    let fit = try row("max_batch")
    #expect(fit.0 == fit.1 && fit.1 == fit.2)
  }

  @Test func rangeEndsUseTheDocumentedBounds() {
    let inputs = Self.inputs(R.llama31With8B, on: R.h100)
    let low = inputs.atEnd(.pessimistic)
    let high = inputs.atEnd(.optimistic)
    #expect(low.bandwidthEfficiency == 0.6 && high.bandwidthEfficiency == 0.9)
    #expect(low.computeEfficiency == 0.3 && high.computeEfficiency == 0.7)
    #expect(low.prefillEfficiency == 0.3 && high.prefillEfficiency == 0.7)
    #expect(inputs.atEnd(.expected) == inputs)
    // A value outside the band is kept at its end.
    var measured = inputs
    measured.bandwidthEfficiency = 0.95
    #expect(measured.atEnd(.optimistic).bandwidthEfficiency == 0.95)
  }

  @Test func parametersEncodeWithSnakeCaseKeysAndWithoutTheModel() throws {
    let inputs = Self.inputs(R.llama31With8B, on: R.h100, batch: 32).parameters
    let data = try JSONEncoder().encode(inputs)
    let json = String(decoding: data, as: UTF8.self)
    for key in [
      "\"bandwidth_efficiency\"", "\"compute_efficiency\"", "\"prefill_efficiency\"",
      "\"peak_factor\"", "\"target_utilization\"", "\"memory_overhead_fraction\"",
      "\"daily_active_users\"", "\"input_tokens\"", "\"output_tokens\"",
    ] {
      #expect(json.contains(key), "missing \(key)")
    }
    #expect(!json.contains("\"model\"") && !json.contains("\"gpu\""))
    #expect(try JSONDecoder().decode(RooflineParameters.self, from: data) == inputs)
  }

  // MARK: Training

  struct TrainingExample: CustomTestStringConvertible, Sendable {
    var name: String
    var inputs: RooflineTrainingInputs
    var flops: Double
    var seconds: Double
    var gpuHours: Double
    var cost: Double?
    var testDescription: String { name }
  }

  @Test(arguments: [
    // 6 × 1e9 × 1e10 = 6e19 FLOP ÷ (312e12 × 8 × 0.4 = 9.984e14) = 60,096.15 s;
    // × 8 ÷ 3,600 = 133.55 GPU-hours.
    TrainingExample(
      name: "1B on 10B tokens, 8 A100s at the default MFU 0.4",
      inputs: RooflineTrainingInputs(
        parameters: 1e9, tokens: 1e10, peakFLOPSPerGPU: 312e12, gpuCount: 8),
      flops: 6e19, seconds: 6e19 / 9.984e14, gpuHours: 6e19 / 9.984e14 * 8 / 3_600),
    // Recompute: the model FLOPs stay 6e19 and so does the time (MFU is a share of model
    // FLOPs); the GPUs perform 8e19 (RooflineTrainingTests). 133.55 GPU-hours × 2 = 267.09.
    TrainingExample(
      name: "same with activation recomputation: same time, priced at 2 per GPU-hour",
      inputs: RooflineTrainingInputs(
        parameters: 1e9, tokens: 1e10, peakFLOPSPerGPU: 312e12, gpuCount: 8, recompute: true,
        pricePerGPUHour: 2),
      flops: 6e19, seconds: 6e19 / 9.984e14, gpuHours: 6e19 / 9.984e14 * 8 / 3_600,
      cost: 6e19 / 9.984e14 * 8 / 3_600 * 2),
    // Two epochs at MFU 0.5: 6 × 1e9 × 1e10 × 2 = 1.2e20 ÷ (312e12 × 8 × 0.5 = 1.248e15).
    TrainingExample(
      name: "two epochs at MFU 0.5",
      inputs: RooflineTrainingInputs(
        parameters: 1e9, tokens: 1e10, epochs: 2, peakFLOPSPerGPU: 312e12, gpuCount: 8,
        utilization: 0.5),
      flops: 1.2e20, seconds: 1.2e20 / 1.248e15, gpuHours: 1.2e20 / 1.248e15 * 8 / 3_600),
  ])
  func training(_ example: TrainingExample) throws {
    let estimate = try RooflineTrainingEstimate(example.inputs)
    #expect(Self.close(estimate.trainingFLOPs, example.flops))
    #expect(Self.close(estimate.trainingSeconds, example.seconds))
    #expect(Self.close(estimate.gpuHours, example.gpuHours))
    let keys = estimate.figures.map(\.key)
    #expect(
      keys.starts(with: ["training_flops", "training_seconds", "training_days", "gpu_hours"]))
    if let cost = example.cost {
      #expect(Self.close(try #require(estimate.trainingCost), cost))
      #expect(keys.contains("training_cost"))
    } else {
      #expect(!keys.contains("training_cost"))
    }
  }

  @Test func trainingDefaultUtilizationIsTheDocumentedMFU() {
    let inputs = RooflineTrainingInputs(
      parameters: 1e9, tokens: 1e10, peakFLOPSPerGPU: 312e12, gpuCount: 8)
    #expect(inputs.utilization == 0.4)
    #expect(inputs.atEnd(.pessimistic).utilization == 0.3)
    #expect(inputs.atEnd(.optimistic).utilization == 0.5)
    #expect(!inputs.recompute)
  }
}

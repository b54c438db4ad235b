import Foundation
import Testing

@testable import EnvelopeCore

/// Worked examples of the roofline serving model, one formula at a time, with the hand
/// arithmetic in the comments.
struct RooflineMethodTests {
  typealias R = ReferenceData

  /// An H100 SXM with round efficiencies, so the arithmetic below is easy to follow: 80 GiB,
  /// 3.35 TB/s at 0.9, 989.4 TFLOP/s 16-bit at 0.8 (1,978.9 FP8 at 0.7), 450 GB/s links.
  static let gpu = GPUProfile(
    id: "h100-test", name: "H100 for tests",
    peakFLOPS: [.fp16: 989.4e12, .bf16: 989.4e12, .fp8: 1_978.9e12],
    memoryBytes: 80 * 1_073_741_824, memoryBandwidthBytesPerSecond: 3.35e12,
    matmulEfficiency: 0.8, fp8MatmulEfficiency: 0.7, bandwidthEfficiency: 0.9,
    interconnectBytesPerSecond: 450e9)

  /// Serving inputs with the defaults, 1M users × 10 requests a day.
  static func inputs(
    _ model: ModelProfile, on gpu: GPUProfile = gpu, _ precision: Precision = .fp16,
    input: Double = 512, output: Double = 512, change: (inout RooflineParameters) -> Void = { _ in }
  ) -> RooflineInputs {
    var parameters = RooflineParameters(
      precision: precision, dailyActiveUsers: 1e6, requestsPerUserPerDay: 10,
      inputTokens: input, outputTokens: output)
    change(&parameters)
    return RooflineInputs(model: model, gpu: gpu, parameters: parameters)
  }

  static func close(_ value: Double, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
    abs(value - expected) <= tolerance * abs(expected)
  }

  // MARK: Memory

  struct KVCacheExample: CustomTestStringConvertible, Sendable {
    var name: String
    var model: ModelProfile
    var precision: Precision
    var kvPrecision: Precision?
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
    // FP8 weights keep a 16-bit cache unless told: 2 × 126 × 8 × 128 × 2 = 516,096 B.
    KVCacheExample(
      name: "Llama 3.1 405B fp8 weights, 16-bit cache = 516,096 B", model: R.llama31With405B,
      precision: .fp8, expectedBytes: 516_096),
    // With --kv-precision fp8: 2 × 126 × 8 × 128 × 1 = 258,048 B.
    KVCacheExample(
      name: "Llama 3.1 405B with an fp8 cache = 258,048 B", model: R.llama31With405B,
      precision: .fp8, kvPrecision: .fp8, expectedBytes: 258_048),
    KVCacheExample(
      name: "Llama 3.1 8B at int4 keeps a 16-bit cache", model: R.llama31With8B,
      precision: .int4, expectedBytes: 131_072),
  ])
  func kvCachePerToken(_ example: KVCacheExample) throws {
    let inputs = Self.inputs(example.model, example.precision) {
      $0.kvCachePrecision = example.kvPrecision
      $0.tensorParallel = 8
    }
    let estimate = try RooflineEstimate(inputs)
    #expect(estimate.kvCacheBytesPerToken == example.expectedBytes)
    #expect(estimate.figures[.kvCacheBytesPerToken]?.number == example.expectedBytes)
  }

  @Test func kvHeadsAreSplitAcrossGPUsButNeverBelowOne() {
    #expect(RooflineMethod.kvHeadsPerGPU(kvHeads: 8, tensorParallel: 2) == 4)
    #expect(RooflineMethod.kvHeadsPerGPU(kvHeads: 8, tensorParallel: 8) == 1)
    // 16 GPUs, 8 KV heads: each GPU still holds one (the heads are replicated).
    #expect(RooflineMethod.kvHeadsPerGPU(kvHeads: 8, tensorParallel: 16) == 1)
    #expect(RooflineMethod.kvHeadsPerGPU(kvHeads: 4, tensorParallel: 8) == 1)
  }

  @Test func poolAndLargestBatch() throws {
    // Activation reserve: 8,192 × (4 × 4,096 + 2 × 14,336) × 2 B = 738,197,504 B.
    #expect(
      RooflineMethod.activationReserveBytes(
        batchedTokens: 8_192, hiddenSize: 4_096, ffnSize: 14_336, tensorParallel: 1)
        == 738_197_504)
    // Pool: 0.9 × 85,899,345,920 − 16,060,522,496 − 738,197,504 = 60,510,691,328 B.
    // Occupancy 512 + 512 ÷ 2 = 768 tokens × 131,072 B: ⌊60,510,691,328 ÷ 100,663,296⌋ = 601.
    var model = R.llama31With8B
    model.ffnSize = 14_336
    let estimate = try RooflineEstimate(Self.inputs(model) { $0.tensorParallel = 1 })
    #expect(estimate.contextTokens == 768)
    #expect(Self.close(estimate.kvCachePoolBytes, 60_510_691_328))
    #expect(estimate.maxBatch == 601)
    #expect(estimate.batch == 601)  // below the cap of 1,024
    #expect(Self.close(estimate.usableMemoryBytesPerGPU, 0.9 * 85_899_345_920))
  }

  @Test func aModelThatFitsNowhereIsAClearError() throws {
    // 405B at fp32 = 1,623,413,555,200 B; 64 T4s hold 64 × 0.9 × 16 GB = 921.6 GB.
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

  // MARK: Mixture of experts

  @Test func expertsTouchedGrowWithTheTokens() {
    #expect(RooflineMethod.expertsTouched(experts: 8, expertsPerToken: 2, tokens: 1) == 2)
    // 8 × (1 − 0.75⁴) = 8 × 0.68359375 = 5.46875.
    #expect(
      Self.close(RooflineMethod.expertsTouched(experts: 8, expertsPerToken: 2, tokens: 4), 5.46875))
    #expect(RooflineMethod.expertsTouched(experts: 8, expertsPerToken: 2, tokens: 256) > 7.999)
  }

  @Test func mixtureOfExpertsReadsTheExpertsItsTokensTouch() {
    let total = 46_702_792_704.0
    let active = 12_879_925_248.0
    func read(_ tokens: Double) -> Double {
      RooflineMethod.weightBytesRead(
        parameters: total, activeParameters: active, experts: 8, expertsPerToken: 2,
        tokens: tokens, bytesPerParameter: 2)
    }
    // Experts (46.70B − 12.88B) × 8 ÷ 6 = 45,097,156,608; shared 1,605,636,096. One token
    // reads shared + 2 of 8 experts = the active parameters: 25,759,850,496 B at 2 B.
    #expect(Self.close(read(1), active * 2))
    // A batch of 256 reads nearly all 93.4 GB (the issue's "not 26 GB").
    #expect(read(256) > 0.999 * total * 2)
    // A dense model reads every weight whatever the batch.
    #expect(
      RooflineMethod.weightBytesRead(
        parameters: 8e9, activeParameters: 8e9, experts: nil, expertsPerToken: nil, tokens: 1,
        bytesPerParameter: 2) == 16e9)
  }

  // MARK: One step

  @Test func aStepAtBatch64() throws {
    // Llama 3.1 8B fp16, 512 in / 512 out, batch 64, one GPU. The step carries 64 × 512 ÷ 512
    // = 64 prompt tokens: 128 tokens, one pass.
    // Weights 16,060,522,496 B ÷ (3.35e12 × 0.9) = 5.32687 ms; matmul 2 × 8,030,261,248 × 128 ÷
    // (989.4e12 × 0.8) = 2.59721 ms: the weights bind.
    // KV 64 × 768 × 131,072 = 6,442,450,944 B ÷ 3.015e12 = 2.13680 ms; decode attention
    // 4 × 32 × 768 × 4,096 × 64 ÷ 791.52e12 = 32.6 µs: the cache binds.
    // Prompt attention 2 × 32 × 512² × 4,096 × 64/512 ÷ 791.52e12 = 10.9 µs.
    // Activation kernels: 32 × (8 × 4,096 + 3 × 16,384) × 2 B = 5,242,880 B a token (the
    // fixture's FFN is the 4 × hidden default); × 128 tokens ÷ 3.015e12 = 222.6 µs.
    // Step = 5.32687 + 2.13680 + 0.01085 + 0.22258 = 7.69711 ms; 64 ÷ it = 8,315 tokens/s.
    let estimate = try RooflineEstimate(
      Self.inputs(R.llama31With8B) {
        $0.batch = 64
        $0.tensorParallel = 1
      })
    let step = estimate.chosen.step
    #expect(step.prefillTokens == 64)
    #expect(step.passes == 1)
    #expect(Self.close(step.weightSeconds, 16_060_522_496 / (3.35e12 * 0.9)))
    #expect(Self.close(step.matmulSeconds, 2 * 8_030_261_248 * 128 / (989.4e12 * 0.8)))
    #expect(Self.close(step.kvCacheSeconds, 6_442_450_944 / (3.35e12 * 0.9)))
    #expect(step.activationBytesPerGPU == 128 * 5_242_880)
    #expect(Self.close(step.activationSeconds, 128 * 5_242_880 / (3.35e12 * 0.9)))
    #expect(Self.close(estimate.decodeSecondsPerToken, 0.007_697_108_534, tolerance: 1e-8))
    #expect(estimate.bound == .memory)
    #expect(step.communicationSeconds == 0)
    #expect(
      Self.close(estimate.outputTokensPerSecondPerGPU, 64 / 0.007_697_108_534, tolerance: 1e-8))
    #expect(estimate.figures[.tpotSeconds] == estimate.figures[.decodeSecondsPerToken])
  }

  @Test func timeToFirstToken() throws {
    // Prompt: 2 × 8,030,261,248 × 512 + 2 × 32 × 512² × 4,096 = 8,291,706,994,688 FLOP ÷
    // 791.52e12 = 10.4757 ms, above its one pass over the weights (5.3269 ms), plus its
    // activation kernels, 512 × 5,242,880 B ÷ 3.015e12 = 0.8903 ms: 11.3660 ms.
    // The batch's decode work in the step that carries it: 5.32687 + 2.13680 + 64 × 5,242,880
    // B ÷ 3.015e12 (0.11129) = 7.57496 ms. TTFT = 11.3660 + 7.57496 = 18.9410 ms.
    let estimate = try RooflineEstimate(
      Self.inputs(R.llama31With8B) {
        $0.batch = 64
        $0.tensorParallel = 1
      })
    #expect(estimate.prefillFLOPs == 8_291_706_994_688)
    let promptFLOPsSeconds: Double = 8_291_706_994_688 / (989.4e12 * 0.8)
    let promptActivationSeconds: Double = 512 * 5_242_880 / (3.35e12 * 0.9)
    #expect(Self.close(estimate.prefillSeconds, promptFLOPsSeconds + promptActivationSeconds))
    #expect(Self.close(estimate.ttftSeconds, 0.018_940_973_527, tolerance: 1e-8))
    // inference = TTFT + 511 × TPOT.
    #expect(
      Self.close(
        estimate.inferenceSeconds, estimate.ttftSeconds + 511 * estimate.decodeSecondsPerToken))
  }

  @Test func allReduceArithmetic() {
    // 8 GPUs, 1 MiB: 25 µs + 2 × 7/8 × 1,048,576 B ÷ (0.8 × 450e9) = 25 µs + 5.0972 µs.
    #expect(
      Self.close(
        RooflineMethod.allReduceSeconds(
          bytes: 1_048_576, tensorParallel: 8, interconnectBytesPerSecond: 450e9,
          latencySeconds: 25e-6), 25e-6 + 5.097_24e-6, tolerance: 1e-6))
    // At the full line rate: 25 µs + 4.0777 µs.
    #expect(
      Self.close(
        RooflineMethod.allReduceSeconds(
          bytes: 1_048_576, tensorParallel: 8, interconnectBytesPerSecond: 450e9,
          latencySeconds: 25e-6, busEfficiency: 1), 25e-6 + 1.75 * 1_048_576 / 450e9))
    #expect(RooflineMethod.defaultAllReduceBusEfficiency == 0.8)
    #expect(
      RooflineMethod.allReduceSeconds(
        bytes: 1e9, tensorParallel: 1, interconnectBytesPerSecond: 1, latencySeconds: 1) == 0)
    // Per step: 2 all-reduces × 80 layers × 1 pass, of 64 tokens × 8,192 × 2 B each.
    let perAllReduce: Double = 25e-6 + 1.75 * 1_048_576 / (0.8 * 450e9)
    let step = RooflineMethod.communicationSeconds(
      layers: 80, passes: 1, tokensPerPass: 64, hiddenSize: 8_192, tensorParallel: 8,
      interconnectBytesPerSecond: 450e9, latencySeconds: 25e-6)
    #expect(Self.close(step, 160 * perAllReduce))
  }

  /// The kernels between the matrix products: dense Llama 3.1 8B on one GPU, Mixtral 8x7B's
  /// two experts a token on two.
  @Test(
    arguments: [
      (32.0, 4_096.0, 14_336.0, nil, 1, 32 * (8 * 4_096 + 3 * 14_336) * 2.0),
      (32.0, 4_096.0, 14_336.0, 2.0, 2, 32 * (8 * 4_096 + 3 * 2 * 14_336 / 2 + 3 * 4_096) * 2.0),
      (80.0, 8_192.0, 28_672.0, nil, 4, 80 * (8 * 8_192 + 3 * 28_672 / 4) * 2.0),
    ] as [(Double, Double, Double, Double?, Int, Double)])
  func activationTraffic(
    layers: Double, hidden: Double, ffn: Double, experts: Double?, t: Int, expected: Double
  ) {
    #expect(
      RooflineMethod.activationTrafficBytesPerToken(
        layers: layers, hiddenSize: hidden, ffnSize: ffn, expertsPerToken: experts,
        tensorParallel: t) == expected)
  }

  /// Azure's H100 curve at three sizes: 1 KiB 0.07 GB/s, 1 MiB 43.70, 2 MiB 81.93; 8 GiB 478.87.
  static let h100Curve = [
    (1_024.0, 0.07e9), (1_048_576.0, 43.70e9), (2_097_152.0, 81.93e9), (8_589_934_592.0, 478.87e9),
  ].map { AllReduceBandwidthPoint(messageBytes: $0.0, busBytesPerSecond: $0.1) }

  @Test func busBandwidthIsReadOffTheCurve() {
    let curve = Self.h100Curve
    // At a measured size, the measurement.
    #expect(RooflineMethod.busBandwidth(bytes: 1_048_576, curve: curve) == 43.70e9)
    // At 1.5 MiB the time lies on the line through the 1 and 2 MiB measurements: halfway
    // between 1,048,576 B ÷ 43.70e9 and 2,097,152 B ÷ 81.93e9.
    let (oneMiB, twoMiB) = (1_048_576 / 43.70e9, 2_097_152 / 81.93e9)
    #expect(
      Self.close(
        RooflineMethod.busSeconds(bytes: 1_572_864, curve: curve), (oneMiB + twoMiB) / 2))
    #expect(
      Self.close(
        RooflineMethod.busBandwidth(bytes: 1_572_864, curve: curve),
        1_572_864 / ((oneMiB + twoMiB) / 2)))
    // Below the smallest size the time stays the smallest message's: a latency.
    #expect(Self.close(RooflineMethod.busBandwidth(bytes: 512, curve: curve), 0.035e9))
    #expect(
      Self.close(
        RooflineMethod.allReduceSeconds(bytes: 512, tensorParallel: 8, measured: curve),
        RooflineMethod.allReduceSeconds(bytes: 1_024, tensorParallel: 8, measured: curve)))
    // Above the largest, the largest's bandwidth.
    #expect(Self.close(RooflineMethod.busBandwidth(bytes: 1e12, curve: curve), 478.87e9))
    // nccl-tests' definition solved for the time: 2(t − 1)/t × bytes ÷ bus bandwidth.
    #expect(
      Self.close(
        RooflineMethod.allReduceSeconds(bytes: 1_048_576, tensorParallel: 4, measured: curve),
        1.5 * 1_048_576 / 43.70e9))
    #expect(RooflineMethod.allReduceSeconds(bytes: 1e9, tensorParallel: 1, measured: curve) == 0)
    // A step's all-reduces use the curve when there is one: 160 of 64 × 8,192 × 2 B = 1 MiB.
    let step = RooflineMethod.communicationSeconds(
      layers: 80, passes: 1, tokensPerPass: 64, hiddenSize: 8_192, tensorParallel: 8,
      interconnectBytesPerSecond: 450e9, latencySeconds: 25e-6, measured: curve)
    #expect(Self.close(step, 160 * 1.75 * 1_048_576 / 43.70e9))
  }

  @Test func aGPUsCurveIsCheckedSortedAndRoundTrips() throws {
    var gpu = GPUProfile(
      id: "g", name: "G", peakFLOPS: [.fp16: 1e15],
      allReduceBusBandwidth: Self.h100Curve.reversed())
    #expect(gpu.allReduceBusBandwidth == Self.h100Curve)
    try gpu.validate()
    let json = try JSONEncoder().encode(gpu)
    #expect(try JSONDecoder().decode(GPUProfile.self, from: json) == gpu)
    // A GPU without one writes no key, as GPUs did before the curve.
    let plain = GPUProfile(id: "p", name: "P", peakFLOPS: [.fp16: 1e15])
    #expect(
      !String(decoding: try JSONEncoder().encode(plain), as: UTF8.self).contains("all_reduce"))
    gpu.allReduceBusBandwidth.append(
      AllReduceBandwidthPoint(messageBytes: 4_096, busBytesPerSecond: -1))
    #expect(throws: EngineError.self) { try gpu.validate() }
    let repeated = GPUProfile(
      id: "r", name: "R", peakFLOPS: [.fp16: 1e15],
      allReduceBusBandwidth: Self.h100Curve + [Self.h100Curve[0]])
    let error = #expect(throws: EngineError.self) { try repeated.validate() }
    #expect(error?.description.contains("message size 1024") == true)
    // A curve set after the GPU was made, out of order, is still checked and read in order.
    var unordered = GPUProfile(id: "u", name: "U", peakFLOPS: [.fp16: 1e15])
    unordered.allReduceBusBandwidth = Self.h100Curve.reversed() + [Self.h100Curve[2]]
    #expect(throws: EngineError.self) { try unordered.validate() }
    #expect(
      RooflineMethod.busSeconds(bytes: 1_048_576, curve: Self.h100Curve.reversed())
        == RooflineMethod.busSeconds(bytes: 1_048_576, curve: Self.h100Curve))
  }

  @Test func forwardPassesAndCarriedPrompts() {
    #expect(
      RooflineMethod.prefillTokensPerStep(batch: 256, inputTokens: 1_500, outputTokens: 400) == 960)
    #expect(RooflineMethod.forwardPasses(tokens: 1_000, maxBatchedTokens: 8_192) == 1)
    #expect(RooflineMethod.forwardPasses(tokens: 16_384, maxBatchedTokens: 8_192) == 2)
    #expect(RooflineMethod.occupancyTokens(inputTokens: 1_500, outputTokens: 400) == 1_700)
  }

  // MARK: Choosing parallelism and batch

  /// The issue's deployment: Llama 3.1 70B fp8 on H100s, 5M users × 12 requests, 1,500 in and
  /// 400 out.
  static func issueCase(_ change: (inout RooflineParameters) -> Void = { _ in }) -> RooflineInputs {
    var inputs = Self.inputs(R.llama31With70B, .fp8, input: 1_500, output: 400, change: change)
    inputs.dailyActiveUsers = 5e6
    inputs.requestsPerUserPerDay = 12
    return inputs
  }

  @Test func theChosenDegreeServesTheMostTokensPerGPU() throws {
    let estimate = try RooflineEstimate(Self.issueCase())
    #expect(estimate.candidates.map(\.tensorParallel) == [1, 2, 4, 8])
    let best = estimate.candidates.map(\.outputTokensPerSecondPerGPU).max() ?? 0
    #expect(estimate.outputTokensPerSecondPerGPU == best)
    for candidate in estimate.candidates where candidate.refusal == nil {
      #expect(candidate.batch <= min(candidate.maxBatch, RooflineMethod.defaultMaxBatch))
    }
    // A fleet a measured deployment would recognise: published measurements of this class
    // reach about 2,000–3,000 output tokens/s per H100, so a few hundred GPUs, not 5,746.
    #expect(estimate.outputTokensPerSecondPerGPU > 1_000)
    #expect(estimate.gpusRequired < 1_000)
    #expect(estimate.figures[.tensorParallel] == .integer(estimate.gpusPerReplica))
  }

  @Test func aPinnedDegreeIsUsed() throws {
    let estimate = try RooflineEstimate(Self.issueCase { $0.tensorParallel = 8 })
    #expect(estimate.candidates.map(\.tensorParallel) == [8])
    #expect(estimate.gpusPerReplica == 8)
    #expect(estimate.chosen.step.communicationSeconds > 0)
  }

  @Test func aLatencyTargetLowersTheBatchToTheLargestThatMeetsIt() throws {
    let free = try RooflineEstimate(Self.issueCase { $0.tensorParallel = 2 })
    let limit = free.decodeSecondsPerToken / 2
    let bound = try RooflineEstimate(
      Self.issueCase {
        $0.tensorParallel = 2
        $0.maxTPOTSeconds = limit
      })
    #expect(bound.batch < free.batch)
    #expect(bound.decodeSecondsPerToken <= limit)
    let next = try RooflineEstimate(
      Self.issueCase {
        $0.tensorParallel = 2
        $0.batch = bound.batch + 1
      })
    #expect(next.decodeSecondsPerToken > limit)
  }

  @Test func anUnmeetableTargetNamesTheTarget() throws {
    let error = #expect(throws: EngineError.self) {
      try RooflineEstimate(Self.issueCase { $0.maxTPOTSeconds = 1e-4 })
    }
    guard case .outOfRange(let field, let value, let reason) = try #require(error) else {
      Issue.record("expected outOfRange, got \(String(describing: error))")
      return
    }
    #expect(field == "max_tpot_seconds")
    #expect(value == "0.0001")
    #expect(reason.contains("even at batch 1"))
    #expect(reason.contains("--max-tpot"))
  }

  @Test func aBatchThatDoesNotFitNamesTheBatch() throws {
    let error = #expect(throws: EngineError.self) {
      try RooflineEstimate(
        Self.inputs(R.llama31With70B) {
          $0.tensorParallel = 2
          $0.batch = 100_000
        })
    }
    guard case .outOfRange(let field, _, let reason) = try #require(error) else {
      Issue.record("expected outOfRange, got \(String(describing: error))")
      return
    }
    #expect(field == "batch")
    #expect(reason.contains("fewer than the batch 100000"))
  }

  @Test func aDegreeTooSmallForTheWeightsIsRefused() throws {
    // 70B fp16 is 141 GB: one 80 GiB GPU cannot hold it.
    let error = #expect(throws: EngineError.self) {
      try RooflineEstimate(Self.inputs(R.llama31With70B) { $0.tensorParallel = 1 })
    }
    guard case .outOfRange(let field, let value, let reason) = try #require(error) else {
      Issue.record("expected outOfRange, got \(String(describing: error))")
      return
    }
    #expect(field == "tensor_parallel")
    #expect(value == "1")
    #expect(reason.contains("no room for one sequence"))
  }

  // MARK: Efficiencies, range, fleet

  @Test func efficienciesComeFromTheGPUUnlessGiven() throws {
    let fp16 = try RooflineEstimate(Self.inputs(R.llama31With8B))
    #expect(fp16.efficiencies.compute.value == 0.8)
    #expect(fp16.efficiencies.bandwidth.value == 0.9)
    #expect(fp16.efficiencies.kvCacheBandwidth.value == 0.9)
    #expect(fp16.efficiencies.prefill.value == 0.8)
    let fp8 = try RooflineEstimate(Self.inputs(R.llama31With8B, .fp8))
    #expect(fp8.efficiencies.compute.value == 0.7)
    let given = try RooflineEstimate(
      Self.inputs(R.llama31With8B) {
        $0.computeEfficiency = 0.5
        $0.prefillEfficiency = 0.6
      })
    #expect(given.efficiencies.compute == .init(value: 0.5, origin: .given))
    #expect(given.efficiencies.prefill.value == 0.6)
    var bare = Self.gpu
    bare.matmulEfficiency = nil
    bare.fp8MatmulEfficiency = nil
    bare.bandwidthEfficiency = nil
    let fallback = try RooflineEstimate(Self.inputs(R.llama31With8B, on: bare))
    #expect(fallback.efficiencies.compute.value == RooflineMethod.fallbackMatmulEfficiency)
    #expect(fallback.efficiencies.bandwidth.value == RooflineMethod.fallbackBandwidthEfficiency)
  }

  @Test func theRangeIsOrdered() throws {
    let rows = try RooflineEstimate.range(Self.issueCase())
    let gpus = try #require(rows.first { $0.key == "gpus_required" })
    let slow = try #require(gpus.pessimistic.number)
    let expected = try #require(gpus.expected.number)
    let fast = try #require(gpus.optimistic.number)
    #expect(slow >= expected && expected >= fast)
  }

  @Test func fleetArithmetic() throws {
    // ⌈1,000 × 2 ÷ (10 × 0.7)⌉ = ⌈285.71⌉ = 286 replicas; × 2 = 572 GPUs.
    let replicas = try RooflineMethod.replicas(
      requestsPerSecond: 1_000, peakFactor: 2, replicaRequestsPerSecond: 10,
      targetUtilization: 0.7)
    #expect(replicas == 286)
    #expect(try RooflineMethod.gpusRequired(replicas: replicas, gpusPerReplica: 2) == 572)
    // 64 sequences, 500 tokens each, 20 ms a step: 64 ÷ (500 × 0.02) = 6.4 requests/s.
    #expect(
      RooflineMethod.replicaRequestsPerSecond(batch: 64, outputTokens: 500, stepSeconds: 0.02)
        == 6.4)
    // 0.05 + 499 × 0.02 = 10.03 s per request.
    #expect(
      Self.close(
        RooflineMethod.inferenceSeconds(ttftSeconds: 0.05, outputTokens: 500, tpotSeconds: 0.02),
        10.03))
  }

  @Test func pinnedFigureKeysAreReported() throws {
    let estimate = try RooflineEstimate(Self.issueCase())
    let keys = Set(estimate.figures.map(\.key))
    for key in [
      "tensor_parallel", "ttft_seconds", "tpot_seconds", "output_tokens_per_second_per_gpu",
      "kv_cache_pool_bytes", "communication_seconds_per_token", "gpus_required",
      "decode_seconds_per_token", "max_batch", "min_gpus_per_replica", "prefill_seconds",
      "kv_cache_bytes_per_token", "bound", "replicas", "trps", "inference_seconds",
      "qps_per_gpu",
    ] {
      #expect(keys.contains(key), "missing \(key)")
    }
    let derived = Set(estimate.derivations.map(\.key))
    let numeric = estimate.figures.filter { $0.value.number != nil }.map(\.key)
    #expect(numeric.filter { !derived.contains($0) } == ["gpus_per_replica"])
  }

  @Test func explainWritesOutTheChoiceOfParallelism() throws {
    let estimate = try RooflineEstimate(Self.issueCase())
    let choice = try #require(estimate.derivations.first { $0.key == "tensor_parallel" })
    for degree in [1, 2, 4, 8] { #expect(choice.working.contains("\(degree): ")) }
    #expect(choice.working.contains("→ \(estimate.gpusPerReplica) GPU(s) per replica"))
    let text = estimate.derivations.map(\.working).joined(separator: "\n")
    #expect(text.contains("the GPU's maximum achievable fp8 matmul"))
    #expect(text.contains("the GPU's measured streaming bandwidth"))
  }

  // MARK: Snapshots and validation

  @Test func snapshotsWrittenBeforeReadTheSame() throws {
    // What 0.1.0 and the first snapshots wrote: every efficiency and a memory overhead.
    let old = """
      {"bandwidth_efficiency":0.8,"compute_efficiency":0.5,"prefill_efficiency":0.5,\
      "daily_active_users":2000000,"requests_per_user_per_day":6,"input_tokens":800,\
      "output_tokens":300,"memory_overhead_fraction":0.1,"peak_factor":2,"precision":"fp8",\
      "target_utilization":0.7}
      """
    let parameters = try JSONDecoder().decode(RooflineParameters.self, from: Data(old.utf8))
    #expect(parameters.memoryOverheadFraction == 0.1)
    #expect(parameters.gpuMemoryUtilization == nil)
    #expect(parameters.resolvedGPUMemoryUtilization == 0.9)
    #expect(parameters.bandwidthEfficiency == 0.8)
    #expect(parameters.computeEfficiency == 0.5)
    #expect(parameters.maxBatchedTokens == nil)
    #expect(parameters.resolvedMaxBatchedTokens == RooflineMethod.defaultMaxBatchedTokens)
    // Written back, it has the keys it was read with and no others, so `show` of an old entry
    // shows the inputs it was recorded with.
    let written = try JSONEncoder().encode(parameters)
    let keys = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any]).keys
    let oldKeys = try #require(
      try JSONSerialization.jsonObject(with: Data(old.utf8)) as? [String: Any]
    ).keys
    #expect(Set(keys) == Set(oldKeys))
    #expect(try JSONDecoder().decode(RooflineParameters.self, from: written) == parameters)
  }

  struct InvalidExample: CustomTestStringConvertible, Sendable {
    var name: String
    var inputs: RooflineInputs
    var field: String
    var testDescription: String { name }
  }

  static func modified(_ change: (inout RooflineInputs) -> Void) -> RooflineInputs {
    var inputs = Self.inputs(R.llama31With8B)
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
      name: "prefill efficiency above 1", inputs: modified { $0.prefillEfficiency = 2 },
      field: "prefill_efficiency"),
    InvalidExample(
      name: "peak factor below 1", inputs: modified { $0.peakFactor = 0.5 },
      field: "peak_factor"),
    InvalidExample(
      name: "memory utilisation above 1", inputs: modified { $0.gpuMemoryUtilization = 1.2 },
      field: "gpu_memory_utilization"),
    InvalidExample(name: "zero batch", inputs: modified { $0.batch = 0 }, field: "batch"),
    InvalidExample(
      name: "zero max batch", inputs: modified { $0.maxBatch = 0 }, field: "max_batch"),
    InvalidExample(
      name: "a batch above the cap",
      inputs: modified {
        $0.batch = 10
        $0.maxBatch = 5
      }, field: "batch"),
    InvalidExample(
      name: "tensor parallel above 64", inputs: modified { $0.tensorParallel = 128 },
      field: "tensor_parallel"),
    InvalidExample(
      name: "a negative TTFT target", inputs: modified { $0.maxTTFTSeconds = -1 },
      field: "max_ttft_seconds"),
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
  ])
  func invalidInputsAreRefused(_ example: InvalidExample) throws {
    let error = #expect(throws: EngineError.self) { try RooflineEstimate(example.inputs) }
    switch try #require(error) {
    case .outOfRange(let field, _, _), .invalidQuantity(let field, _, _):
      #expect(field == example.field)
    default:
      Issue.record("unexpected error \(String(describing: error))")
    }
  }
}

import EnvelopeCore
import Foundation
import Testing

/// A GPU's measured matmul curve and the size factor the roofline method reads off it.
struct MatmulThroughputTests {
  /// Azure's H100 FP8 cuBLASLt curve, TFLOPS at m = n = k (reference/matmul-throughput.csv).
  static let h100 = [
    (1_024.0, 274.1), (2_048.0, 1_011.3), (4_096.0, 1_216.9), (8_192.0, 1_290.1),
    (16_384.0, 1_377.3), (32_768.0, 1_382.2),
  ].map { MatmulThroughputPoint(precision: .fp8, size: $0.0, flopsPerSecond: $0.1 * 1e12) }

  static func factor(_ m: Double, _ n: Double, _ k: Double) -> Double {
    RooflineMethod.matmulSizeFactor(m: m, n: n, k: k, curve: h100)
  }

  static func close(_ value: Double, _ expected: Double) -> Bool {
    abs(value - expected) <= 1e-12 * abs(expected)
  }

  @Test func aProductIsLookedUpAtTheSquareOfItsFLOPs() {
    // At a measured size, its throughput over the curve's highest (1,382.2 at 32,768).
    #expect(Self.close(Self.factor(4_096, 4_096, 4_096), 1_216.9 / 1_382.2))
    // 2,048 × 8,192 × 4,096 has the FLOPs of 4,096³.
    #expect(Self.close(Self.factor(2_048, 8_192, 4_096), 1_216.9 / 1_382.2))
    // 6,144³ lies between 4,096³ and 8,192³: the throughput is interpolated linearly in the
    // FLOPs, (6,144³ − 4,096³) ÷ (8,192³ − 4,096³) = 0.339 of the way.
    let (low, middle, high) = (
      4_096.0 * 4_096 * 4_096, 6_144.0 * 6_144 * 6_144, 8_192.0 * 8_192 * 8_192
    )
    let between = (middle - low) / (high - low)
    #expect(
      Self.close(
        Self.factor(6_144, 6_144, 6_144), (1_216.9 + between * (1_290.1 - 1_216.9)) / 1_382.2))
    // Below the smallest size the smallest's; above the largest the largest's.
    #expect(Self.close(Self.factor(1, 4_096, 4_096), 274.1 / 1_382.2))
    #expect(Self.factor(65_536, 65_536, 65_536) == 1)
    // Without a curve every product reaches the ceiling.
    #expect(RooflineMethod.matmulSizeFactor(m: 16, n: 16, k: 16, curve: []) == 1)
    // The curve's order does not matter.
    #expect(
      RooflineMethod.matmulSizeFactor(m: 6_144, n: 6_144, k: 6_144, curve: Self.h100.reversed())
        == Self.factor(6_144, 6_144, 6_144))
  }

  /// Llama 3.1 8B (hidden 4,096, FFN 14,336, 32 × 128 attention, 8 × 128 KV) and Mixtral 8x7B
  /// (the same widths, 8 experts, 2 a token).
  @Test(
    arguments: [
      (nil, nil, 1, 2_048.0), (nil, nil, 2, 2_048.0), (8.0, 2.0, 2, 2_048.0), (nil, nil, 1, 128.0),
    ] as [(Double?, Double?, Int, Double)])
  func aPassWeighsItsProductsByFLOPs(
    experts: Double?, perToken: Double?, t: Int, tokens: Double
  ) {
    let (h, f, t1) = (4_096.0, 14_336.0, Double(t))
    // QKV and up split n over t, the attention output and down split k; an expert's products
    // carry tokens × k ÷ E rows, k of them a token.
    let rows = experts.map { tokens * (perToken ?? 1) / $0 } ?? tokens
    let k = perToken ?? 1
    let products: [(m: Double, n: Double, k: Double, weight: Double)] = [
      (tokens, 6_144 / t1, h, 6_144 * h), (tokens, h, h / t1, h * h),
      (rows, 2 * f / t1, h, k * 2 * f * h), (rows, h, f / t1, k * h * f),
    ]
    let flops = products.map(\.weight).reduce(0, +)
    let time = products.map { $0.weight / Self.factor($0.m, $0.n, $0.k) }.reduce(0, +)
    let factor = RooflineMethod.passMatmulSizeFactor(
      tokens: tokens, hiddenSize: h, ffnSize: f, attentionWidth: 4_096, kvWidth: 1_024,
      experts: experts, expertsPerToken: perToken, tensorParallel: t, curve: Self.h100)
    #expect(Self.close(factor, flops / time))
    #expect(factor > 0 && factor < 1)
  }

  @Test func smallerProductsFallFurtherBelowTheCeiling() {
    func pass(_ tokens: Double, t: Int = 1, experts: Double? = nil) -> Double {
      RooflineMethod.passMatmulSizeFactor(
        tokens: tokens, hiddenSize: 4_096, ffnSize: 14_336, attentionWidth: 4_096,
        kvWidth: 1_024, experts: experts, expertsPerToken: experts == nil ? nil : 2,
        tensorParallel: t, curve: Self.h100)
    }
    #expect(pass(512) < pass(2_048))
    #expect(pass(2_048, t: 4) < pass(2_048))
    // Eight experts, two a token: each expert's products carry a quarter of the tokens.
    #expect(pass(2_048, experts: 8) < pass(2_048))
  }

  /// A step's products take their time at the ceiling ÷ the pass's size factor.
  ///
  /// Without a curve the factor is 1. Llama 3.1 8B (FFN 4 × hidden in the fixture) at FP8,
  /// TP 2, batch 256.
  @Test func aStepsProductsRunAtTheirSizeFactor() throws {
    var gpu = RooflineMethodTests.gpu
    let pin: (inout RooflineParameters) -> Void = {
      $0.tensorParallel = 2
      $0.batch = 256
    }
    let plain = try RooflineEstimate(
      RooflineMethodTests.inputs(ReferenceData.llama31With8B, on: gpu, .fp8, change: pin)
    ).chosen.step
    gpu.matmulThroughput = Self.h100
    let sized = try RooflineEstimate(
      RooflineMethodTests.inputs(ReferenceData.llama31With8B, on: gpu, .fp8, change: pin)
    ).chosen.step
    let factor = RooflineMethod.passMatmulSizeFactor(
      tokens: (Double(sized.batch) + sized.prefillTokens) / sized.passes, hiddenSize: 4_096,
      ffnSize: 16_384, attentionWidth: 4_096, kvWidth: 1_024, experts: nil,
      expertsPerToken: nil, tensorParallel: 2, curve: Self.h100)
    #expect(plain.matmulSizeFactor == 1)
    #expect(Self.close(sized.matmulSizeFactor, factor))
    #expect(Self.close(sized.matmulSeconds, plain.matmulSeconds / factor))
    #expect(sized.weightSeconds == plain.weightSeconds)
  }

  @Test func aGPUsMatmulCurveIsCheckedSortedAndRoundTrips() throws {
    let fp16 = MatmulThroughputPoint(precision: .fp16, size: 4_096, flopsPerSecond: 228e12)
    var gpu = GPUProfile(
      id: "g", name: "G", peakFLOPS: [.fp16: 312e12, .fp8: 1e15],
      matmulThroughput: Self.h100.reversed() + [fp16])
    #expect(gpu.matmulThroughput == [fp16] + Self.h100)
    try gpu.validate()
    let json = try JSONEncoder().encode(gpu)
    #expect(try JSONDecoder().decode(GPUProfile.self, from: json) == gpu)
    // fp8 reads its own points; bf16 reads fp16's (the same tensor-core rate); int8 none.
    #expect(gpu.matmulCurve(at: .fp8) == Self.h100)
    #expect(gpu.matmulCurve(at: .bf16) == [fp16])
    #expect(gpu.matmulCurve(at: .int8).isEmpty)
    // A GPU without one writes no key.
    let plain = GPUProfile(id: "p", name: "P", peakFLOPS: [.fp16: 1e15])
    #expect(
      !String(decoding: try JSONEncoder().encode(plain), as: UTF8.self).contains("matmul_thr"))
    gpu.matmulThroughput.append(
      MatmulThroughputPoint(precision: .fp8, size: 512, flopsPerSecond: -1))
    let negative = #expect(throws: EngineError.self) { try gpu.validate() }
    #expect(negative?.description.contains("matmul_throughput.flops_per_second") == true)
    let repeated = GPUProfile(
      id: "r", name: "R", peakFLOPS: [.fp8: 1e15], matmulThroughput: Self.h100 + [Self.h100[1]])
    let error = #expect(throws: EngineError.self) { try repeated.validate() }
    #expect(error?.description.contains("fp8 size 2,048") == true)
  }
}

import Testing

@testable import EnvelopeCore

/// One row per worked example of `shared/seed/envelope-estimates.md`.
struct SeedMethodTests {
  struct StorageExample: CustomTestStringConvertible, Sendable {
    var name: String
    var parameters: Double
    var precision: Precision
    var expectedBytes: Double
    var testDescription: String { name }
  }

  @Test(arguments: [
    StorageExample(
      name: "3B at FP16 = 6 GB", parameters: 3e9, precision: .fp16, expectedBytes: 6e9),
    StorageExample(
      name: "Llama 3.2 (3B) FP16 = 6 GB", parameters: 3e9, precision: .fp16, expectedBytes: 6e9),
    StorageExample(
      name: "Llama 3.2 (3B) FP32 = 12 GB", parameters: 3e9, precision: .fp32, expectedBytes: 12e9
    ),
    StorageExample(
      name: "SD 3.5 Large (8.1B) FP16 = 16.2 GB", parameters: 8.1e9, precision: .fp16,
      expectedBytes: 16.2e9),
    // The seed prints 64.82 GB: its slip. 8.1e9 × 8 = 64.8e9 exactly.
    StorageExample(
      name: "SD 3.5 Large (8.1B) FP64 = 64.8 GB, not the seed's 64.82", parameters: 8.1e9,
      precision: .fp64, expectedBytes: 64.8e9),
  ])
  func modelStorage(_ example: StorageExample) {
    let bytes = SeedMethod.modelStorageBytes(
      parameters: example.parameters, bytesPerParameter: example.precision.bytesPerParameter)
    #expect(abs(bytes - example.expectedBytes) < 1e-6 * example.expectedBytes)
    #expect(abs(bytes - 64.82e9) > 1e6, "never the seed's slip")
  }

  @Test func seedsFP64SlipIsPrintedCorrectly() {
    let bytes = SeedMethod.modelStorageBytes(parameters: 8.1e9, bytesPerParameter: 8)
    #expect(HumanFormat.bytes(bytes) == "64.8 GB")
  }

  struct FigureExample: CustomTestStringConvertible, Sendable {
    var name: String
    var key: String
    var expected: Double
    /// Relative tolerance: 0 for exact figures, larger where the seed prints a rounded value.
    var tolerance: Double
    var human: String
    var testDescription: String { name }
  }

  @Test(arguments: [
    FigureExample(
      name: "100M users × 10 KB = 1 TB", key: "user_data_bytes", expected: 1e12, tolerance: 0,
      human: "1 TB"),
    FigureExample(
      name: "100M × 10 × 2 KB = 2 TB/day", key: "interaction_bytes_per_day", expected: 2e12,
      tolerance: 0, human: "2 TB"),
    FigureExample(
      name: "indexing 2 TB × 25% = 0.5 TB/day", key: "index_bytes_per_day", expected: 0.5e12,
      tolerance: 0, human: "500 GB"),
    FigureExample(
      name: "2 TB + 0.5 TB = 2.5 TB/day", key: "storage_bytes_per_day", expected: 2.5e12,
      tolerance: 0, human: "2.5 TB"),
    FigureExample(
      name: "2.5 TB × 30 = 75 TB/month", key: "storage_bytes_per_month", expected: 75e12,
      tolerance: 0, human: "75 TB"),
    // 1e9 requests ÷ 86,400 s = 11,574.074…; the seed prints ≈ 11,574.
    FigureExample(
      name: "TRPS ≈ 11,574", key: "trps", expected: 1e9 / 86_400, tolerance: 0,
      human: "11,574.07 requests/s"),
    // 3e9 × 2 × 500 = 3e12 FLOP (the seed writes "30B / 312": a slip for 3T ÷ 312T);
    // 3e12 ÷ 312e12 = 0.0096153… s, which the seed rounds to 9.6 ms.
    FigureExample(
      name: "3B × 2 × 500 ÷ 312 TFLOPS = 9.6 ms", key: "inference_seconds",
      expected: 3e12 / 312e12, tolerance: 0, human: "9.615 ms"),
    FigureExample(
      name: "FLOPs per request = 3 TFLOP, not the seed's 30B", key: "inference_flops",
      expected: 3e12, tolerance: 0, human: "3 TFLOP"),
    // 1 ÷ 0.0096153… = 104 exactly.
    FigureExample(
      name: "QPS ≈ 104", key: "qps_per_gpu", expected: 104, tolerance: 1e-12,
      human: "104 requests/s"),
    // ⌈11,574.07 ÷ 104⌉ = ⌈111.29⌉ = 112.
    FigureExample(
      name: "GPUs = 112", key: "gpus_required", expected: 112, tolerance: 0, human: "112"),
    // 11,574.07 × 2 KB = 23,148,148 B/s ≈ 23.15 MB/s.
    FigureExample(
      name: "ingress 23.15 MB/s", key: "ingress_bytes_per_second", expected: 2e12 / 86_400,
      tolerance: 0, human: "23.15 MB/s"),
    // 23.148 MB/s × 8 = 185.19 Mbit/s: the seed prints ≈ 186, its slip (23.15 × 8 = 185.2).
    FigureExample(
      name: "ingress 185.19 Mbit/s, not the seed's 186", key: "ingress_bits_per_second",
      expected: 16e12 / 86_400, tolerance: 0, human: "185.19 Mbit/s"),
    FigureExample(
      name: "egress 115.74 MB/s", key: "egress_bytes_per_second", expected: 1e13 / 86_400,
      tolerance: 0, human: "115.74 MB/s"),
    // 115.74 MB/s × 8 = 925.93 Mbit/s ≈ 926.
    FigureExample(
      name: "egress ≈ 926 Mbit/s", key: "egress_bits_per_second", expected: 8e13 / 86_400,
      tolerance: 0, human: "925.93 Mbit/s"),
  ])
  func seedScenario(_ example: FigureExample) throws {
    let estimate = try ServingEstimate(seed: .seedExample)
    let figure = try #require(estimate.figures.first { $0.key == example.key })
    let value = try #require(figure.value.number)
    #expect(abs(value - example.expected) <= example.tolerance * example.expected)
    #expect(figure.humanValue == example.human)
  }

  @Test func seedsRoundedFiguresAgreeWithExactOnes() throws {
    let estimate = try ServingEstimate(seed: .seedExample)
    #expect(Int(estimate.requestsPerSecond.rounded()) == 11_574)
    #expect((estimate.inferenceSeconds * 1e4).rounded() / 10 == 9.6)
    #expect(estimate.queriesPerSecondPerGPU.rounded() == 104)
    #expect((estimate.ingressBytesPerSecond / 1e4).rounded() / 100 == 23.15)
    #expect((estimate.egressBytesPerSecond / 1e4).rounded() / 100 == 115.74)
    #expect((estimate.egressBytesPerSecond * 8 / 1e6).rounded() == 926)
    #expect((estimate.ingressBytesPerSecond * 8 / 1e6).rounded() == 185)
  }

  @Test func profileUsersDefaultToDailyActiveUsers() throws {
    var inputs = ServingInputs.seedExample
    inputs.profileUsers = 250e6
    let estimate = try ServingEstimate(seed: inputs)
    #expect(estimate.userDataBytes == 2.5e12)
    #expect(try ServingEstimate(seed: .seedExample).userDataBytes == 1e12)
  }

  struct TrainingExample: CustomTestStringConvertible, Sendable {
    var name: String
    var inputs: TrainingInputs
    var flops: Double
    var seconds: Double
    var gpuHours: Double
    var testDescription: String { name }
  }

  @Test(arguments: [
    // 6 × 1e9 × 512 × 1e6 × 2 = 6.144e18 FLOP. 8 A100s at 312e12: 2.496e15 FLOP/s.
    // 6.144e18 ÷ 2.496e15 = 2,461.538… s; × 8 GPUs ÷ 3,600 = 5.4701 GPU-hours.
    TrainingExample(
      name: "1B params, 512 tokens × 1M items × 2 epochs on 8 A100s",
      inputs: TrainingInputs(
        parameters: 1e9, architectureConstant: 512, dataItems: 1e6, epochs: 2,
        peakFLOPSPerGPU: 312e12, gpuCount: 8),
      flops: 6.144e18, seconds: 6.144e18 / 2.496e15, gpuHours: 6.144e18 / 2.496e15 * 8 / 3_600),
    // Same run at 40% utilisation: 2,461.538 ÷ 0.4 = 6,153.846 s.
    TrainingExample(
      name: "same at 40% utilisation",
      inputs: TrainingInputs(
        parameters: 1e9, architectureConstant: 512, dataItems: 1e6, epochs: 2,
        peakFLOPSPerGPU: 312e12, gpuCount: 8, utilization: 0.4),
      flops: 6.144e18, seconds: 6.144e18 / 2.496e15 / 0.4,
      gpuHours: 6.144e18 / 2.496e15 / 0.4 * 8 / 3_600),
    // Diffusion: C = 28 steps. 6 × 8.1e9 × 28 × 1e8 images = 1.3608e20 FLOP.
    // 64 H100s at 989.4e12: 6.33216e16 FLOP/s → 2,149.03 s.
    TrainingExample(
      name: "8.1B diffusion, 28 steps × 100M images on 64 H100s",
      inputs: TrainingInputs(
        parameters: 8.1e9, architectureConstant: 28, dataItems: 1e8, peakFLOPSPerGPU: 989.4e12,
        gpuCount: 64),
      flops: 1.3608e20, seconds: 1.3608e20 / 6.33216e16,
      gpuHours: 1.3608e20 / 6.33216e16 * 64 / 3_600),
  ])
  func training(_ example: TrainingExample) throws {
    let estimate = try TrainingEstimate(seed: example.inputs)
    #expect(abs(estimate.trainingFLOPs - example.flops) <= 1e-9 * example.flops)
    #expect(abs(estimate.trainingSeconds - example.seconds) <= 1e-9 * example.seconds)
    #expect(abs(estimate.gpuHours - example.gpuHours) <= 1e-9 * example.gpuHours)
  }

  @Test func trainingHandWorkedNumbers() throws {
    let estimate = try TrainingEstimate(
      seed: TrainingInputs(
        parameters: 1e9, architectureConstant: 512, dataItems: 1e6, epochs: 2,
        peakFLOPSPerGPU: 312e12, gpuCount: 8))
    #expect((estimate.trainingSeconds * 1_000).rounded() == 2_461_538)
    #expect((estimate.gpuHours * 1e4).rounded() == 54_701)
  }

  @Test func hugeButValidInputsGiveAClearError() {
    var inputs = ServingInputs.seedExample
    inputs.dailyActiveUsers = 1e30
    inputs.requestsPerUserPerDay = 1e30
    #expect(throws: EngineError.self) { try ServingEstimate(seed: inputs) }
  }

  @Test func zeroPeakIsRefusedNotDividedBy() {
    var inputs = ServingInputs.seedExample
    inputs.peakFLOPS = 0
    #expect(
      throws: EngineError.outOfRange(
        field: "peak_flops", value: "0", reason: "must be greater than 0")
    ) { try ServingEstimate(seed: inputs) }
  }
}

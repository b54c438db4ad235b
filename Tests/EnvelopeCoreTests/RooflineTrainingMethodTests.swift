import Testing

@testable import EnvelopeCore

/// Worked examples of the roofline method's training formulas.
struct RooflineTrainingMethodTests {
  static func close(_ value: Double, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
    abs(value - expected) <= tolerance * abs(expected)
  }

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

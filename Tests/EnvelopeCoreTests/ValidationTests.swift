import Foundation
import Testing

@testable import EnvelopeCore

/// Rows of `reference/*.csv` as Swift values.
enum ReferenceData {
  // MARK: GPUs (reference/gpus.csv; dense peaks, GB = 1e9 bytes, TB/s = 1e12 bytes/s)

  static let a100With80GB = GPUProfile(
    id: "a100-80gb", name: "NVIDIA A100 SXM4 80GB",
    peakFLOPS: [.fp32: 19.5e12, .tf32: 156e12, .fp16: 312e12, .bf16: 312e12, .int8: 624e12],
    memoryBytes: 80e9, memoryBandwidthBytesPerSecond: 2.039e12)
  static let a100With40GB = GPUProfile(
    id: "a100-40gb", name: "NVIDIA A100 SXM4 40GB",
    peakFLOPS: [.fp32: 19.5e12, .tf32: 156e12, .fp16: 312e12, .bf16: 312e12, .int8: 624e12],
    memoryBytes: 40e9, memoryBandwidthBytesPerSecond: 1.555e12)
  static let h100 = GPUProfile(
    id: "h100-sxm", name: "NVIDIA H100 SXM5 80GB",
    peakFLOPS: [
      .fp32: 67e12, .tf32: 494.7e12, .fp16: 989.4e12, .bf16: 989.4e12, .fp8: 1_978.9e12,
      .int8: 1_978.9e12,
    ],
    memoryBytes: 80e9, memoryBandwidthBytesPerSecond: 3.35e12)
  static let h200 = GPUProfile(
    id: "h200", name: "NVIDIA H200 SXM 141GB",
    peakFLOPS: [
      .fp32: 67e12, .tf32: 494.7e12, .fp16: 989.4e12, .bf16: 989.4e12, .fp8: 1_978.9e12,
      .int8: 1_978.9e12,
    ],
    memoryBytes: 141e9, memoryBandwidthBytesPerSecond: 4.8e12)
  static let mi300x = GPUProfile(
    id: "mi300x", name: "AMD Instinct MI300X",
    peakFLOPS: [
      .fp32: 163.4e12, .tf32: 653.7e12, .fp16: 1_307.4e12, .bf16: 1_307.4e12,
      .fp8: 2_614.9e12, .int8: 2_614.9e12,
    ],
    memoryBytes: 192e9, memoryBandwidthBytesPerSecond: 5.3e12)
  static let t4 = GPUProfile(
    id: "t4", name: "NVIDIA T4", peakFLOPS: [.fp32: 8.1e12, .fp16: 65e12, .int8: 130e12],
    memoryBytes: 16e9, memoryBandwidthBytesPerSecond: 0.32e12)
  static let v100 = GPUProfile(
    id: "v100-sxm2", name: "NVIDIA V100 SXM2 32GB", peakFLOPS: [.fp32: 15.7e12, .fp16: 125e12],
    memoryBytes: 32e9, memoryBandwidthBytesPerSecond: 0.9e12)

  static let gpus = [a100With80GB, a100With40GB, h100, h200, mi300x, t4, v100]

  // MARK: Models (reference/models.csv)

  static let llama31With8B = ModelProfile(
    id: "llama-3.1-8b", name: "Llama 3.1 8B", parameters: 8_030_261_248, layers: 32,
    hiddenSize: 4_096, attentionHeads: 32, kvHeads: 8, headDim: 128, contextLength: 131_072)
  static let llama31With70B = ModelProfile(
    id: "llama-3.1-70b", name: "Llama 3.1 70B", parameters: 70_553_706_496, layers: 80,
    hiddenSize: 8_192, attentionHeads: 64, kvHeads: 8, headDim: 128, contextLength: 131_072)
  static let llama31With405B = ModelProfile(
    id: "llama-3.1-405b", name: "Llama 3.1 405B", parameters: 405_853_388_800, layers: 126,
    hiddenSize: 16_384, attentionHeads: 128, kvHeads: 8, headDim: 128, contextLength: 131_072)
  static let llama2With7B = ModelProfile(
    id: "llama-2-7b", name: "Llama 2 7B", parameters: 6_738_415_616, layers: 32,
    hiddenSize: 4_096, attentionHeads: 32, kvHeads: 32, headDim: 128, contextLength: 4_096)
  static let llama2With13B = ModelProfile(
    id: "llama-2-13b", name: "Llama 2 13B", parameters: 13_015_864_320, layers: 40,
    hiddenSize: 5_120, attentionHeads: 40, kvHeads: 40, headDim: 128, contextLength: 4_096)
  static let llama2With70B = ModelProfile(
    id: "llama-2-70b", name: "Llama 2 70B", parameters: 68_976_648_192, layers: 80,
    hiddenSize: 8_192, attentionHeads: 64, kvHeads: 8, headDim: 128, contextLength: 4_096)
  static let mixtral = ModelProfile(
    id: "mixtral-8x7b", name: "Mixtral 8x7B", parameters: 46_702_792_704,
    activeParameters: 12_879_925_248, layers: 32, hiddenSize: 4_096, attentionHeads: 32,
    kvHeads: 8, headDim: 128, contextLength: 32_768)
  static let sd35 = ModelProfile(
    id: "sd-3.5-large", name: "Stable Diffusion 3.5 Large", kind: "image",
    parameters: 8.1e9, architectureConstant: 28, layers: 38, hiddenSize: 2_432,
    attentionHeads: 38, headDim: 64)

  static let models = [
    llama31With8B, llama31With70B, llama31With405B, llama2With7B, llama2With13B, llama2With70B,
    mixtral,
  ]

  static func gpu(_ id: String) -> GPUProfile? { gpus.first { $0.id == id } }
  static func model(_ id: String) -> ModelProfile? { models.first { $0.id == id } }

  // MARK: Training runs (reference/training-runs.csv)

  struct TrainingRun: CustomTestStringConvertible, Sendable {
    var run: String
    var parameters: Double
    var tokens: Double
    var hardwareID: String
    var peakFLOPS: Double
    var publishedGPUHours: Double?
    var publishedTotalFLOPs: Double?
    var testDescription: String { run }

    /// The utilisation the published GPU-hours imply: 6ND ÷ (GPU-hours × 3,600 × peak).
    ///
    /// Shown in the table for reading, not checked: it is computed from the figure it would be
    /// checked against.
    var impliedUtilization: Double? {
      publishedGPUHours.map { 6 * parameters * tokens / ($0 * 3_600 * peakFLOPS) }
    }
  }

  static let trainingRuns = [
    TrainingRun(
      run: "GPT-3 175B", parameters: 174_600_000_000, tokens: 300e9, hardwareID: "v100-sxm2",
      peakFLOPS: 125e12, publishedGPUHours: nil, publishedTotalFLOPs: 3.14e23),
    TrainingRun(
      run: "Llama 2 7B", parameters: 6_738_415_616, tokens: 2e12, hardwareID: "a100-80gb",
      peakFLOPS: 312e12, publishedGPUHours: 184_320),
    TrainingRun(
      run: "Llama 2 13B", parameters: 13_015_864_320, tokens: 2e12, hardwareID: "a100-80gb",
      peakFLOPS: 312e12, publishedGPUHours: 368_640),
    TrainingRun(
      run: "Llama 2 70B", parameters: 68_976_648_192, tokens: 2e12, hardwareID: "a100-80gb",
      peakFLOPS: 312e12, publishedGPUHours: 1_720_320),
    TrainingRun(
      run: "Llama 3.1 405B", parameters: 405_853_388_800, tokens: 15.6e12,
      hardwareID: "h100-sxm", peakFLOPS: 989.4e12, publishedGPUHours: 30_840_000,
      publishedTotalFLOPs: 3.8e25),
    TrainingRun(
      run: "MPT-7B", parameters: 6.7e9, tokens: 1e12, hardwareID: "a100-40gb", peakFLOPS: 312e12,
      publishedGPUHours: 100_320),
  ]

  static var runsWithGPUHours: [TrainingRun] {
    trainingRuns.filter { $0.publishedGPUHours != nil }
  }

  static var runsWithFLOPs: [TrainingRun] {
    trainingRuns.filter { $0.publishedTotalFLOPs != nil }
  }

}

/// Envelope's estimates against published training runs and serving measurements.
///
/// Training: with each run's own implied utilisation the GPU-hours must reproduce the
/// published figure within 2%, and 6ND the published FLOP counts within 2%. Serving: the
/// roofline with its defaults must land within a factor of 4 of each measurement; the defaults
/// are not tuned to these rows.
struct ValidationTests {
  static func trainingInputs(_ run: ReferenceData.TrainingRun, utilization: Double)
    -> RooflineTrainingInputs
  {
    // GPU-hours do not depend on the GPU count (it cancels); 1,000 is arbitrary.
    RooflineTrainingInputs(
      parameters: run.parameters, tokens: run.tokens, peakFLOPSPerGPU: run.peakFLOPS,
      gpuCount: 1_000, utilization: utilization)
  }

  @Test(arguments: ReferenceData.runsWithFLOPs)
  func sixNDMatchesPublishedFLOPs(_ run: ReferenceData.TrainingRun) throws {
    let published = try #require(run.publishedTotalFLOPs)
    let estimate = try RooflineTrainingEstimate(
      Self.trainingInputs(run, utilization: RooflineMethod.defaultUtilization))
    // GPT-3: 6 × 174.6e9 × 300e9 = 3.1428e23 vs 3.14e23 published (+0.09%).
    // Llama 3.1 405B: 6 × 405.85e9 × 15.6e12 = 3.7988e25 vs 3.8e25 published (−0.03%).
    #expect(abs(estimate.trainingFLOPs / published - 1) < 0.02)
  }

  /// The utilisation range of `--range` brackets every published GPU-hour figure.
  @Test(arguments: ReferenceData.runsWithGPUHours)
  func utilizationRangeBracketsPublishedGPUHours(_ run: ReferenceData.TrainingRun) throws {
    let published = try #require(run.publishedGPUHours)
    let inputs = Self.trainingInputs(run, utilization: RooflineMethod.defaultUtilization)
    let rows = try RooflineTrainingEstimate.range(inputs)
    let gpuHours = try #require(rows.first { $0.key == "gpu_hours" })
    let slowest = try #require(gpuHours.pessimistic.number)
    let fastest = try #require(gpuHours.optimistic.number)
    #expect(fastest <= published && published <= slowest)
  }

  /// With the default MFU 0.4 every run lands within 15% of its published GPU-hours.
  @Test(arguments: ReferenceData.runsWithGPUHours)
  func gpuHoursAtDefaultUtilizationWithinFifteenPercent(_ run: ReferenceData.TrainingRun)
    throws
  {
    let published = try #require(run.publishedGPUHours)
    let estimate = try RooflineTrainingEstimate(
      Self.trainingInputs(run, utilization: RooflineMethod.defaultUtilization))
    #expect(abs(estimate.gpuHours / published - 1) < 0.15)
  }

  /// A positive number as mantissa and power of ten: `3.1428e23`.
  static func scientific(_ value: Double, digits: Int) -> String {
    var mantissa = value
    var exponent = 0
    while mantissa >= 10 {
      mantissa /= 10
      exponent += 1
    }
    return "\(HumanFormat.significant(mantissa, digits: digits))e\(exponent)"
  }

  /// The tables of BENCHMARKS.md, "Validation against published figures", from the estimates.
  static func validationTables() throws -> String {
    var lines = [
      "| Run | Published GPU-hours | Envelope (MFU 0.4) | Difference | Implied MFU |",
      "|---|---:|---:|---:|---:|",
    ]
    for run in ReferenceData.runsWithGPUHours {
      let published = try #require(run.publishedGPUHours)
      let estimate = try RooflineTrainingEstimate(
        Self.trainingInputs(run, utilization: RooflineMethod.defaultUtilization))
      let difference = (estimate.gpuHours / published - 1) * 100
      lines.append(
        "| \(run.run) | \(HumanFormat.number(published, fractionDigits: 0))"
          + " | \(HumanFormat.number(estimate.gpuHours, fractionDigits: 0))"
          + " | \(difference >= 0 ? "+" : "")\(HumanFormat.number(difference, fractionDigits: 1))%"
          + " | \(HumanFormat.number(run.impliedUtilization ?? 0, fractionDigits: 3)) |")
    }
    lines += [
      "",
      "| Run | Published FLOPs | Envelope 6ND | Difference |",
      "|---|---:|---:|---:|",
    ]
    for run in ReferenceData.runsWithFLOPs {
      let published = try #require(run.publishedTotalFLOPs)
      let estimate = try RooflineTrainingEstimate(
        Self.trainingInputs(run, utilization: RooflineMethod.defaultUtilization))
      let difference = (estimate.trainingFLOPs / published - 1) * 100
      lines.append(
        "| \(run.run) | \(Self.scientific(published, digits: 3))"
          + " | \(Self.scientific(estimate.trainingFLOPs, digits: 5))"
          + " | \(difference >= 0 ? "+" : "")\(HumanFormat.number(difference, fractionDigits: 2))% |"
      )
    }
    return lines.joined(separator: "\n")
  }

  /// BENCHMARKS.md shows what the engine computes now: a change to a formula, a default or a
  /// reference row fails here until the published tables are regenerated.
  @Test func benchmarksShowTheseTables() throws {
    let benchmarks = URL(filePath: #filePath).deletingLastPathComponent()
      .appending(path: "../../BENCHMARKS.md").standardized
    let published = try String(contentsOf: benchmarks, encoding: .utf8)
    let tables = try Self.validationTables()
    for table in tables.components(separatedBy: "\n\n") {
      let shown = published.contains(table)
      #expect(
        shown,
        "BENCHMARKS.md no longer shows the engine's figures; replace its table with:\n\(table)")
    }
  }
}

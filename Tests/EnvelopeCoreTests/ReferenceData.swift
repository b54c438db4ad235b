import Foundation
import Testing

@testable import EnvelopeCore

/// GPUs and models of `reference/*.csv` as Swift values, for worked examples.
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

}

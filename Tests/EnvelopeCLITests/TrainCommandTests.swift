import Foundation
import Testing

/// `envelope train`: a mixture of experts' active parameters, the attention term of
/// `--sequence-length`, model against hardware FLOPs, and the input it refuses.
struct TrainCommandTests {
  static let llama2With7B = 6_738_415_616.0
  /// 12 × 32 layers × 32 heads × 128 × 4,096 tokens.
  static let llama2AttentionPerTokenAt4096 = 6_442_450_944.0

  static func close(_ value: Any?, _ expected: Double) -> Bool {
    guard let value = value as? Double else { return false }
    return abs(value - expected) <= 1e-9 * abs(expected)
  }

  @Test(arguments: Backend.available) func sequenceLengthAddsTheAttentionTermAndIsRecorded(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    let arguments = [
      "train", "--model", "llama-2-7b", "--gpu", "a100-80gb", "--gpus", "1024", "--tokens", "2T",
      "--method", "roofline", "--format", "json",
    ]
    let without = try sandbox.succeed(arguments + ["--dry-run"]).object()
    #expect(Self.close(without["model_flops"], 6 * Self.llama2With7B * 2e12))
    #expect(without["attention_flops"] == nil)
    let with = try sandbox.succeed(arguments + ["--sequence-length", "4096"]).object()
    let attention = Self.llama2AttentionPerTokenAt4096 * 2e12
    #expect(Self.close(with["attention_flops"], attention))
    #expect(Self.close(with["model_flops"], 6 * Self.llama2With7B * 2e12 + attention))
    #expect(with["training_flops"] as? Double == with["model_flops"] as? Double)
    // GPU-hours grow with the model FLOPs: (40.43 + 6.44) ÷ 40.43 = 1.159.
    let longer = try #require(with["gpu_hours"] as? Double)
    let shorter = try #require(without["gpu_hours"] as? Double)
    let growth =
      (6 * Self.llama2With7B + Self.llama2AttentionPerTokenAt4096) / (6 * Self.llama2With7B)
    #expect(abs(longer / shorter - growth) < 1e-12)

    let id = try #require(with["entry_id"] as? Int)
    let shown = try sandbox.succeed(["show", String(id), "--format", "json"]).object()
    let snapshot = try #require(shown["inputs"] as? [String: Any])
    let inputs = try #require(snapshot["inputs"] as? [String: Any])
    #expect(inputs["sequence_length"] as? Double == 4_096)
    #expect(inputs["layers"] as? Int == 32)
    #expect(inputs["attention_heads"] as? Int == 32)
    #expect(inputs["head_dim"] as? Int == 128)
    #expect(inputs["total_parameters"] == nil)
    let results = try #require(shown["results"] as? [String: Any])
    #expect(results["model_flops"] as? Double == with["model_flops"] as? Double)
    #expect(results["hardware_flops_utilization"] as? Double == 0.4)
  }

  @Test(arguments: Backend.available) func explainNamesTheAttentionTermAndItsSource(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    let output = try sandbox.succeed([
      "train", "--model", "llama-2-7b", "--gpu", "a100-80gb", "--gpus", "1024", "--tokens", "2T",
      "--method", "roofline", "--sequence-length", "4096", "--dry-run", "--explain",
    ]).stdout
    #expect(output.contains("12 × layers × attention heads × head dim × sequence length"))
    #expect(output.contains("arXiv 2204.02311"))
    #expect(output.contains("12 × 32 × 32 × 128 × 4,096 = 6.44 GFLOP per token"))
    #expect(output.contains("Attention FLOPs (in model FLOPs)"))
  }

  /// Mixtral 8x7B: 12,879,925,248 active of 46,702,792,704: FLOPs 3.63 times fewer than on
  /// the total, with either method.
  @Test(arguments: Backend.available, ["seed", "roofline"])
  func aMixtureOfExpertsTrainsOnItsActiveParameters(backend: Backend, _ method: String) throws {
    let sandbox = try Sandbox(backend: backend)
    let arguments = [
      "train", "--model", "mixtral-8x7b", "--gpu", "h100-sxm", "--gpus", "512", "--tokens", "1T",
      "--method", method, "--dry-run",
    ]
    let json = try sandbox.succeed(arguments + ["--format", "json"]).object()
    #expect(json["training_flops"] as? Double == 6 * 12_879_925_248 * 1e12)
    let explained = try sandbox.succeed(arguments + ["--explain"]).stdout
    #expect(explained.contains("(active of 46,702,792,704 total"), "\(explained)")
  }

  @Test(arguments: Backend.available) func aMixtureOfExpertsRecordsBothCounts(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    let json = try sandbox.succeed([
      "train", "--model", "mixtral-8x7b", "--gpu", "h100-sxm", "--gpus", "512", "--tokens", "1T",
      "--method", "roofline", "--format", "json",
    ]).object()
    let id = try #require(json["entry_id"] as? Int)
    let shown = try sandbox.succeed(["show", String(id), "--format", "json"]).object()
    let snapshot = try #require(shown["inputs"] as? [String: Any])
    let inputs = try #require(snapshot["inputs"] as? [String: Any])
    #expect(inputs["parameters"] as? Double == 12_879_925_248)
    #expect(inputs["total_parameters"] as? Double == 46_702_792_704)
  }

  struct Refused: CustomTestStringConvertible, Sendable {
    var extra: [String]
    var message: String
    var testDescription: String { extra.joined(separator: " ") }
  }

  static let refusals = [
    Refused(
      extra: ["--method", "roofline", "--sequence-length", "0"],
      message:
        "error: the value '0' is invalid for '--sequence-length <n>': must be a whole number"
        + " of at least 1"),
    Refused(
      extra: ["--method", "roofline", "--sequence-length", "1.5"],
      message: "'1.5' is invalid for '--sequence-length <n>': must be a whole number"),
    Refused(
      extra: ["--method", "roofline", "--sequence-length", "-4096"],
      message: "--sequence-length"),
    Refused(
      extra: ["--method", "roofline", "--sequence-length", "long"],
      message: "'long' is invalid for '--sequence-length <n>'"),
    Refused(
      extra: ["--sequence-length", "4096"],
      message:
        "error: --sequence-length needs --method roofline: the seed's formula has no attention"
        + " term"),
    Refused(
      extra: ["--method", "roofline", "--recompute", "--utilization", "0.8"],
      message:
        "error: value '0.8' for utilization is out of range: with recomputation the GPUs also"
        + " run the forward pass again"),
  ]

  @Test(arguments: Backend.available, refusals)
  func refusedBeforeAnythingIsRecorded(backend: Backend, _ refused: Refused) throws {
    let sandbox = try Sandbox(backend: backend)
    let before = try sandbox.dump()
    let result = try sandbox.run(
      ["train", "--model", "llama-2-7b", "--gpu", "a100-80gb", "--gpus", "8", "--tokens", "1B"]
        + refused.extra)
    #expect(result.status == 64)
    #expect(result.stderr.contains(refused.message), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(try sandbox.dump() == before)
  }

  @Test(arguments: Backend.available) func theAttentionTermNeedsTheModelsShape(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["model", "add", "bare-1b", "--name", "Bare", "--params", "1B"])
    let before = try sandbox.dump()
    let bare = try sandbox.run([
      "train", "--model", "bare-1b", "--gpu", "a100-80gb", "--gpus", "8", "--tokens", "1B",
      "--method", "roofline", "--sequence-length", "2048",
    ])
    #expect(bare.status == 64)
    #expect(
      bare.stderr
        == "error: --sequence-length needs the model's layers, attention heads and head"
        + " dimension for the attention term; model 'bare-1b' has no layers, attention_heads,"
        + " head_dim (add them with 'envelope model update bare-1b')\n")
    let params = try sandbox.run([
      "train", "--params", "1B", "--gpu", "a100-80gb", "--gpus", "8", "--tokens", "1B",
      "--method", "roofline", "--sequence-length", "2048",
    ])
    #expect(params.status == 64)
    #expect(params.stderr.hasPrefix("error: --sequence-length needs --model"))
    #expect(try sandbox.dump() == before)
    // With its shape, the same model is estimated: 12 × 4 × 8 × 64 × 2,048 per token.
    try sandbox.succeed([
      "model", "update", "bare-1b", "--layers", "4", "--attention-heads", "8", "--head-dim", "64",
    ])
    let json = try sandbox.succeed([
      "train", "--model", "bare-1b", "--gpu", "a100-80gb", "--gpus", "8", "--tokens", "1B",
      "--method", "roofline", "--sequence-length", "2048", "--dry-run", "--format", "json",
    ]).object()
    #expect(Self.close(json["attention_flops"], 12 * 4 * 8 * 64 * 2_048 * 1e9))
  }
}

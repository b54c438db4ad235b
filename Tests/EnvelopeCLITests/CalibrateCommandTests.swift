import Foundation
import Testing

/// The loop end to end: measurements recorded, a calibration fitted and recorded, estimates
/// using it, history, diff and the report showing it.
struct CalibrateCommandTests {
  /// Records a measurement of Llama 3.1 70B fp8 on 2 H100s that runs at 60% of what the shipped
  /// model predicts (as an untuned stack would).
  static func record(
    _ sandbox: Sandbox, throughput: String = "1800", ttft: String? = nil, tpot: String? = nil,
    input: String = "1000", output: String = "1000", concurrency: String = "128"
  ) throws {
    var arguments = [
      "measurement", "record", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--precision",
      "fp8", "--tensor-parallel", "2", "--input-tokens", input, "--output-tokens", output,
      "--concurrency", concurrency, "--output-tokens-per-second", throughput, "--date",
      "2026-11-20", "--source", "our vLLM run",
    ]
    if let ttft { arguments += ["--ttft", ttft] }
    if let tpot { arguments += ["--tpot", tpot] }
    try sandbox.succeed(arguments)
  }

  static let scenario = [
    "scenario", "add", "chat-70b", "--model", "llama-3.1-70b", "--gpu", "h100-sxm",
    "--precision", "fp8", "--method", "roofline", "--dau", "5M", "--requests-per-user", "12",
    "--request-size", "2KB", "--response-size", "10KB", "--profile-size", "10KB",
    "--interaction-size", "2KB", "--input-tokens", "1000", "--output-tokens", "1000",
    "--tensor-parallel", "2",
  ]

  @Test(arguments: Backend.available) func withNoMeasurementsCalibrateRefusesAndSaysHowToRecordOne(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    let result = try sandbox.run(["calibrate", "--gpu", "h100-sxm"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("envelope measurement record"))
    let tables = try sandbox.succeed([
      "sql", "SELECT count(*) AS n FROM calibrations", "--format", "csv",
    ])
    #expect(tables.stdout == "n\n0\n")
  }

  @Test(arguments: Backend.available) func oneMeasurementMovesOnlyTheFactorItConstrains(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    try Self.record(sandbox)
    let json = try sandbox.succeed([
      "calibrate", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--format", "json",
    ]).object()
    #expect(json["calibration_id"] as? Int == 1)
    let moved = try #require(json["moved"] as? [String])
    #expect(moved.count == 1, "\(moved)")
    let before = try #require(json["error_before"] as? Double)
    let after = try #require(json["error_after"] as? Double)
    #expect(after < before)
    let factors = try #require(json["factors"] as? [String: Double])
    let shipped = try #require(json["shipped_factors"] as? [String: Double])
    for (key, value) in factors where !moved.contains(key) {
      #expect(value == shipped[key], "\(key) moved")
    }
    for key in moved where key != "step_overhead_seconds" {
      let value = factors[key] ?? 0
      #expect(value > 0 && value <= 1, "\(key) = \(value)")
    }
    // The table says which moved.
    let table = try sandbox.succeed(["calibrate", "--gpu", "h100-sxm", "--dry-run"]).stdout
    #expect(table.contains("dry run, not recorded"))
    #expect(table.contains("Only \(moved[0]) moved"))
  }

  @Test(arguments: Backend.available) func estimatesUseTheNewestCalibrationUnlessToldNot(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(Self.scenario)
    let first = try sandbox.succeed(["estimate", "chat-70b", "--format", "json"]).object()
    #expect(first["calibration_id"] is NSNull)
    try Self.record(sandbox, ttft: "400ms", tpot: "60ms")
    try Self.record(
      sandbox, throughput: "2400", input: "500", output: "500", concurrency: "256")
    try sandbox.succeed(["calibrate", "--gpu", "h100-sxm"])
    let second = try sandbox.succeed(["estimate", "chat-70b", "--format", "json"]).object()
    #expect(second["calibration_id"] as? Int == 1)
    // Measured slower than predicted: the calibrated plan needs more GPUs.
    #expect((second["gpus_required"] as? Int ?? 0) > (first["gpus_required"] as? Int ?? 0))
    let none = try sandbox.succeed([
      "estimate", "chat-70b", "--calibration", "none", "--format", "json", "--dry-run",
    ]).object()
    #expect(none["calibration_id"] is NSNull)
    #expect(none["gpus_required"] as? Int == first["gpus_required"] as? Int)
    // The snapshot names the calibration and its factors.
    let entry = try sandbox.succeed(["show", "2", "--format", "json"]).object()
    let inputs = try #require(entry["inputs"] as? [String: Any])
    let parameters = try #require(inputs["inputs"] as? [String: Any])
    let calibration = try #require(parameters["calibration"] as? [String: Any])
    #expect(calibration["id"] as? Int == 1)
    #expect(calibration["factors"] is [String: Any])
    // diff shows the factors that moved.
    let diff = try sandbox.succeed(["diff", "1", "2"]).stdout
    #expect(diff.contains("calibration"))
    // history marks the plan the calibration changed.
    let history = try sandbox.succeed(["history", "chat-70b"]).stdout
    #expect(history.contains("calibration 1"))
    // The report compares the model with the measurements, before and after.
    let report = try sandbox.succeed(["report", "chat-70b", "-o", "-"]).stdout
    #expect(report.contains("Model against measurement"))
    #expect(report.contains("data-chart=\"model-against-measurement\""))
  }

  /// Measured on one L40S and on eight over PCIe, slower than predicted: the fit moves the
  /// all-reduces' communication efficiency (only the eight-GPU run constrains it), and the plan
  /// at four GPUs, measured by no one, comes out slower than the shipped model's.
  @Test(arguments: Backend.available) func aTensorParallelMeasurementCalibratesTheAllReduces(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    for (model, tensorParallel, throughput) in [
      ("llama-3.1-8b", "1", "3726.8"), ("llama-3.1-70b", "8", "1188.1"),
    ] {
      try sandbox.succeed([
        "measurement", "record", "--model", model, "--gpu", "l40s", "--precision", "fp8",
        "--kv-precision", "fp8", "--tensor-parallel", tensorParallel, "--input-tokens", "1000",
        "--output-tokens", "1000", "--output-tokens-per-second", throughput, "--date",
        "2024-11-01", "--source", "TensorRT-LLM 0.14 performance overview",
      ])
    }
    let plan = [
      "estimate", "--model", "llama-3.1-70b", "--gpu", "l40s", "--precision", "fp8",
      "--kv-precision", "fp8", "--method", "roofline", "--input-tokens", "1000",
      "--output-tokens", "1000", "--tensor-parallel", "4", "--dry-run", "--format", "json",
    ]
    let shipped = try sandbox.succeed(plan).object()
    let json = try sandbox.succeed(["calibrate", "--gpu", "l40s", "--format", "json"]).object()
    let moved = try #require(json["moved"] as? [String])
    #expect(moved.contains("communication_efficiency"), "\(moved)")
    let factors = try #require(json["factors"] as? [String: Double])
    let communication = try #require(factors["communication_efficiency"])
    #expect(communication > 0.05 && communication < 1)
    #expect((json["shipped_factors"] as? [String: Double])?["communication_efficiency"] == 1)
    let calibrated = try sandbox.succeed(plan).object()
    #expect(calibrated["calibration_id"] as? Int == 1)
    let before = try #require(shipped["output_tokens_per_second_per_gpu"] as? Double)
    let after = try #require(calibrated["output_tokens_per_second_per_gpu"] as? Double)
    #expect(after < before)
    // The table lists the factor; --explain says where the efficiency came from.
    let table = try sandbox.succeed(["calibrate", "--gpu", "l40s", "--dry-run"]).stdout
    #expect(table.contains("communication_efficiency"))
    let explained = try sandbox.succeed(
      Array(plan.dropLast(2)) + ["--explain"]
    ).stdout
    #expect(explained.contains("(calibration 1)"))
    #expect(explained.contains("÷ communication efficiency"))
  }

  @Test(arguments: Backend.available) func aCalibrationForAnotherGPUIsRefused(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(Self.scenario)
    try Self.record(sandbox)
    try sandbox.succeed(["calibrate", "--gpu", "h100-sxm"])
    let result = try sandbox.run([
      "estimate", "--model", "llama-3.1-8b", "--gpu", "h200", "--method", "roofline",
      "--calibration", "1", "--dry-run",
    ])
    #expect(result.status == 64)
    #expect(result.stderr.contains("calibration 1 is for"))
    let bad = try sandbox.run(["estimate", "chat-70b", "--calibration", "latest"])
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("--calibration"))
  }

  @Test(arguments: Backend.available) func mixedPrecisionsNeedAPrecision(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    try Self.record(sandbox)
    try sandbox.succeed([
      "measurement", "record", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--precision",
      "bf16", "--tensor-parallel", "1", "--input-tokens", "1000", "--output-tokens", "1000",
      "--output-tokens-per-second", "7000", "--date", "2026-11-20",
    ])
    let result = try sandbox.run(["calibrate", "--gpu", "h100-sxm"])
    #expect(result.status == 64)
    #expect(result.stderr.contains("give --precision"))
    try sandbox.succeed(["calibrate", "--gpu", "h100-sxm", "--precision", "bf16"])
  }
}

import Foundation
import Testing

/// The roofline serving model's flags, end to end through the built binary.
struct ServingCommandTests {
  /// The issue's deployment as flags: Llama 3.1 70B fp8 on H100s, 5M × 12, 1,500 in, 400 out.
  static let issueCase = [
    "estimate", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--precision", "fp8",
    "--method", "roofline", "--dau", "5M", "--requests-per-user", "12", "--input-tokens", "1500",
    "--output-tokens", "400",
  ]

  @Test(arguments: Backend.available) func theIssuesDeploymentNeedsAFewHundredGPUs(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    let json = try sandbox.succeed(Self.issueCase + ["--format", "json", "--explain"]).object()
    let gpus = try #require(json["gpus_required"] as? Int)
    #expect(gpus > 100 && gpus < 1_000, "\(gpus) GPUs")
    let perGPU = try #require(json["output_tokens_per_second_per_gpu"] as? Double)
    #expect(perGPU > 1_000)
    for key in [
      "tensor_parallel", "ttft_seconds", "tpot_seconds", "kv_cache_pool_bytes",
      "communication_seconds_per_token", "decode_seconds_per_token", "max_batch",
      "min_gpus_per_replica",
    ] {
      #expect(json[key] != nil, "missing \(key)")
    }
    #expect(json["tpot_seconds"] as? Double == json["decode_seconds_per_token"] as? Double)
    let explain = try #require(json["explain"] as? [[String: Any]])
    let parallelism = try #require(explain.first { $0["key"] as? String == "tensor_parallel" })
    let working = try #require(parallelism["working"] as? String)
    #expect(working.contains("1: ") && working.contains("8: ") && working.contains("→"))
  }

  @Test(arguments: Backend.available) func flagsPinAndConstrainTheChoice(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    let pinned = try sandbox.succeed(
      Self.issueCase + ["--tensor-parallel", "4", "--max-batch", "64", "--format", "json"]
    ).object()
    #expect(pinned["tensor_parallel"] as? Int == 4)
    #expect(pinned["batch"] as? Int == 64)
    let free = try sandbox.succeed(Self.issueCase + ["--format", "json", "--dry-run"]).object()
    let tpot = try #require(free["tpot_seconds"] as? Double)
    let target = String(tpot / 2)
    let bound = try sandbox.succeed(
      Self.issueCase + ["--max-tpot", target, "--format", "json", "--dry-run"]
    ).object()
    #expect((bound["tpot_seconds"] as? Double ?? 1) <= tpot / 2)
    let wide = try sandbox.succeed(
      Self.issueCase + ["--kv-precision", "fp8", "--format", "json", "--dry-run"]
    ).object()
    #expect(wide["kv_cache_bytes_per_token"] as? Double == 163_840)
    let slower = try sandbox.succeed(
      Self.issueCase + [
        "--prefill-efficiency", "0.3", "--gpu-memory-utilization", "0.8", "--format", "json",
        "--dry-run",
      ]
    ).object()
    #expect((slower["ttft_seconds"] as? Double ?? 0) > (free["ttft_seconds"] as? Double ?? 0))
    #expect(
      (slower["kv_cache_pool_bytes"] as? Double ?? 1)
        < (free["kv_cache_pool_bytes"] as? Double ?? 0))
    // The flags given are stored with the entry.
    let entry = try sandbox.succeed(["show", "1", "--format", "json"]).object()
    let inputs = try #require(entry["inputs"] as? [String: Any])
    let overrides = try #require(inputs["overrides"] as? [String: Any])
    #expect(overrides["--tensor-parallel"] as? String == "4")
    #expect(overrides["--max-batch"] as? String == "64")
  }

  @Test(arguments: Backend.available) func anUnmeetableTargetIsAnErrorNamingIt(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    let result = try sandbox.run(Self.issueCase + ["--max-tpot", "1us"])
    // The value cannot be used as given: a usage error, like any input out of range.
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("error: "))
    #expect(result.stderr.contains("max_tpot_seconds") || result.stderr.contains("--max-tpot"))
    #expect(result.stderr.contains("even at batch 1"))
    #expect(try sandbox.succeed(["history", "--format", "json"]).stdout.contains("[]"))
  }

  // Refused as the command line is read, before the ledger is opened.
  @Test(arguments: [
    ["--max-ttft", "soon"], ["--max-tpot", "-5ms"], ["--tensor-parallel", "0"],
    ["--tensor-parallel", "2.5"], ["--max-batch", "0"], ["--gpu-memory-utilization", "1.5"],
    ["--kv-precision", "fp7"], ["--prefill-efficiency", "0"],
    ["--communication-efficiency", "1.2"], ["--communication-efficiency", "0"],
  ])
  func badValuesAreRefusedNamingTheFlag(_ bad: [String]) throws {
    let sandbox = try Sandbox()
    let result = try sandbox.run(Self.issueCase + bad)
    #expect(result.status == 64, "\(bad): \(result.stderr)")
    #expect(result.stderr.contains(bad[0]), "\(result.stderr)")
  }

  @Test(arguments: Backend.available) func aScenarioKeepsItsServingChoices(backend: Backend) throws
  {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed([
      "scenario", "add", "chat-70b", "--model", "llama-3.1-70b", "--gpu", "h100-sxm",
      "--precision", "fp8", "--method", "roofline", "--dau", "5M", "--requests-per-user", "12",
      "--request-size", "2KB", "--response-size", "10KB", "--profile-size", "10KB",
      "--interaction-size", "2KB", "--input-tokens", "1500", "--output-tokens", "400",
      "--max-ttft", "2s", "--max-tpot", "100ms", "--kv-precision", "fp8", "--tensor-parallel", "2",
    ])
    let shown = try sandbox.succeed(["scenario", "show", "chat-70b", "--format", "json"]).object()
    #expect(shown["max_ttft_seconds"] as? Double == 2)
    #expect(shown["max_tpot_seconds"] as? Double == 0.1)
    #expect(shown["kv_precision"] as? String == "fp8")
    #expect(shown["tensor_parallel"] as? Int == 2)
    let estimate = try sandbox.succeed(["estimate", "chat-70b", "--format", "json"]).object()
    #expect(estimate["tensor_parallel"] as? Int == 2)
    #expect((estimate["tpot_seconds"] as? Double ?? 1) <= 0.1)
    #expect((estimate["ttft_seconds"] as? Double ?? 3) <= 2)
    try sandbox.succeed(["scenario", "update", "chat-70b", "--max-batch", "32"])
    let updated = try sandbox.succeed(["scenario", "show", "chat-70b", "--format", "json"])
      .object()
    #expect(updated["max_batch"] as? Int == 32)
  }

  /// `--communication-efficiency`: a scenario keeps it, a slower interconnect needs more GPUs at
  /// a pinned degree, a sweep varies it, and one GPU per replica does not care.
  @Test(arguments: Backend.available) func aScenarioSetsTheAllReducesEfficiency(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed([
      "scenario", "add", "pcie-70b", "--model", "llama-3.1-70b", "--gpu", "l40s",
      "--precision", "fp8", "--kv-precision", "fp8", "--method", "roofline", "--dau", "1M",
      "--input-tokens", "1000", "--output-tokens", "1000", "--tensor-parallel", "4",
      "--communication-efficiency", "0.6",
    ])
    let shown = try sandbox.succeed(["scenario", "show", "pcie-70b", "--format", "json"]).object()
    #expect(shown["communication_efficiency"] as? Double == 0.6)
    let slow = try sandbox.succeed(["estimate", "pcie-70b", "--format", "json"]).object()
    let fast = try sandbox.succeed([
      "estimate", "pcie-70b", "--communication-efficiency", "1", "--format", "json", "--dry-run",
    ]).object()
    #expect((slow["gpus_required"] as? Int ?? 0) > (fast["gpus_required"] as? Int ?? 0))
    let explained = try sandbox.succeed(["estimate", "pcie-70b", "--dry-run", "--explain"]).stdout
    #expect(explained.contains("communication efficiency 0.6 (given)"))
    try sandbox.succeed([
      "sweep", "pcie-70b", "--vary", "communication-efficiency=0.3,0.6,1",
    ])
    let points = try sandbox.succeed([
      "sql",
      "SELECT communication_seconds_per_token AS c FROM sweep_point_estimates"
        + " ORDER BY point",
      "--format", "json",
    ]).json()
    let seconds = try #require(points as? [[String: Any]]).compactMap { $0["c"] as? Double }
    #expect(seconds.count == 3)
    #expect(seconds == seconds.sorted(by: >), "\(seconds)")
    let one = try sandbox.succeed([
      "estimate", "--model", "llama-3.1-8b", "--gpu", "l40s", "--precision", "fp8",
      "--method", "roofline", "--tensor-parallel", "1", "--communication-efficiency", "0.2",
      "--format", "json", "--dry-run",
    ]).object()
    #expect(one["communication_seconds_per_token"] as? Double == 0)
  }

  @Test(arguments: Backend.available) func sweepsAndComparisonsVaryTheNewInputs(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed([
      "scenario", "add", "chat-70b", "--model", "llama-3.1-70b", "--gpu", "h100-sxm",
      "--precision", "fp8", "--method", "roofline", "--dau", "5M", "--requests-per-user", "12",
      "--request-size", "2KB", "--response-size", "10KB", "--profile-size", "10KB",
      "--interaction-size", "2KB", "--input-tokens", "1500", "--output-tokens", "400",
    ])
    try sandbox.succeed([
      "sweep", "chat-70b", "--vary", "tensor-parallel=1,2,4,8", "--vary", "max-tpot=100ms,200ms",
    ])
    let points = try sandbox.succeed([
      "sql", "SELECT tensor_parallel, tpot_seconds FROM sweep_point_estimates ORDER BY point",
      "--format", "json",
    ]).json()
    let rows = try #require(points as? [[String: Any]])
    #expect(rows.count == 8)
    #expect(Set(rows.compactMap { $0["tensor_parallel"] as? Int }) == [1, 2, 4, 8])
    let compared = try sandbox.succeed([
      "compare", "chat-70b", "--gpu", "h100-sxm,h200", "--max-tpot", "60ms", "--format", "json",
    ]).json()
    let variants = try #require(compared as? [[String: Any]])
    #expect(variants.count == 2)
    for variant in variants where variant["meets_load"] as? Bool == true {
      #expect((variant["tpot_seconds"] as? Double ?? 1) <= 0.06)
      #expect(variant["tensor_parallel"] as? Int != nil)
    }
  }
}

import Foundation
import Testing

struct EstimateCommandTests {
  @Test(arguments: Backend.available) func seedChatReproducesTheSeedAndIsRecorded(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    let table = try sandbox.succeed(["estimate", "seed-chat"])
    #expect(table.stdout.contains("entry 1 · recorded · scenario seed-chat"))
    for line in [
      "GPUs required                     112", "Storage per month                 75 TB",
      "Inference time per request        9.615 ms",
      "Ingress (bits)                    185.19 Mbit/s",
    ] {
      #expect(table.stdout.contains(line), "missing \(line)")
    }
    let json = try sandbox.succeed(["estimate", "seed-chat", "--format", "json"]).object()
    #expect(json["entry_id"] as? Int == 2)
    #expect(json["gpus_required"] as? Int == 112)
    #expect(json["storage_bytes_per_month"] as? Double == 75e12)
    #expect(json["model_storage_bytes"] as? Double == 6e9)
    #expect(json["user_data_bytes"] as? Double == 1e12)
    #expect(json["qps_per_gpu"] as? Double == 104)
    #expect(abs((json["trps"] as? Double ?? 0) - 11_574.074) < 0.001)
    #expect(abs((json["inference_seconds"] as? Double ?? 0) - 0.0096153846) < 1e-9)
    #expect(abs((json["ingress_bytes_per_second"] as? Double ?? 0) - 23_148_148.15) < 0.01)
    #expect(abs((json["egress_bytes_per_second"] as? Double ?? 0) - 115_740_740.74) < 0.01)
  }

  @Test(arguments: Backend.available) func everyFoundationFlagWorks(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    let json = try sandbox.succeed([
      "estimate", "--params", "3B", "--precision", "fp16", "--peak-flops", "312T", "--tokens",
      "500",
      "--dau", "100M", "--requests-per-user", "10", "--request-size", "2KB", "--response-size",
      "10KB", "--profile-size", "10KB", "--interactions-per-user", "10", "--interaction-size",
      "2KB",
      "--index-ratio", "25%", "--days-per-month", "30", "--users", "250M", "--format", "json",
      "--dry-run",
    ]).object()
    #expect(json["recorded"] as? Bool == false)
    #expect(json["gpus_required"] as? Int == 112)
    #expect(json["user_data_bytes"] as? Double == 2.5e12)
    #expect(json["storage_bytes_per_month"] as? Double == 75e12)
    #expect(
      try sandbox.succeed(["sql", "SELECT count(*) AS count FROM estimates", "--format", "csv"])
        .stdout == "count\n0\n")
  }

  @Test(arguments: Backend.available) func explainWritesTheArithmeticOut(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    let output = try sandbox.succeed(["estimate", "seed-chat", "--explain", "--dry-run"]).stdout
    #expect(output.contains("T_inference = (parameters × 2 × C) ÷ peak FLOP/s"))
    #expect(
      output.contains("(3,000,000,000 × 2 × 500) ÷ 312 TFLOP/s = 3 TFLOP ÷ 312 TFLOP/s = 9.615 ms"))
    #expect(output.contains("⌈11,574.07 ÷ 104⌉ = ⌈111.29⌉ = 112 GPUs"))
    #expect(output.contains("= 23.15 MB/s = 185.19 Mbit/s"))
  }

  @Test(arguments: Backend.available) func overridesAreKeptInTheSnapshot(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    let json = try sandbox.succeed([
      "estimate", "seed-chat", "--dau", "200M", "--note", "launch", "--as-of", "2027-01-15",
      "--format", "json",
    ]).object()
    #expect(json["gpus_required"] as? Int == 223)
    #expect(json["as_of"] as? String == "2027-01-15")
    let entry = try sandbox.succeed(["show", "1", "--format", "json"]).object()
    let inputs = try #require(entry["inputs"] as? [String: Any])
    let overrides = try #require(inputs["overrides"] as? [String: Any])
    #expect(overrides["--dau"] as? String == "200M")
    let scenario = try #require(inputs["scenario"] as? [String: Any])
    #expect(scenario["daily_active_users"] as? Double == 200e6)
    #expect(entry["note"] as? String == "launch")
    // The stored scenario itself is unchanged.
    let stored = try sandbox.succeed(["scenario", "show", "seed-chat", "--format", "json"]).object()
    #expect(stored["daily_active_users"] as? Double == 100e6)
  }

  /// Every override keeps its text as typed, whatever its type; the snapshot's scenario holds
  /// the value read from it.
  @Test(arguments: Backend.available) func overridesKeepTheirTextAsTyped(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed([
      "estimate", "seed-chat", "--dau", "2e8", "--request-size", "4 KB", "--index-ratio", "30%",
      "--precision", "FP16", "--method", "roofline", "--batch", "1k", "--gpu-price", "$2.50",
      "--currency", "eur",
    ])
    let entry = try sandbox.succeed(["show", "1", "--format", "json"]).object()
    let inputs = try #require(entry["inputs"] as? [String: Any])
    #expect(
      inputs["overrides"] as? [String: String] == [
        "--dau": "2e8", "--request-size": "4 KB", "--index-ratio": "30%", "--precision": "FP16",
        "--method": "roofline", "--batch": "1k", "--gpu-price": "$2.50", "--currency": "eur",
      ])
    let scenario = try #require(inputs["scenario"] as? [String: Any])
    #expect(scenario["daily_active_users"] as? Double == 200e6)
    #expect(scenario["request_bytes"] as? Double == 4_000)
    #expect(scenario["index_ratio"] as? Double == 0.3)
    #expect(scenario["precision"] as? String == "fp16")
    #expect(scenario["batch"] as? Int == 1_000)
    #expect(scenario["gpu_price_per_hour"] as? Double == 2.5)
    #expect(scenario["currency"] as? String == "EUR")
  }

  @Test(arguments: Backend.available) func trainingEstimateIsRecorded(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    // 6 × 1e9 × 512 × 1e6 × 2 = 6.144e18 FLOP; ÷ (312e12 × 8) = 2,461.54 s; × 8 ÷ 3,600 = 5.47 h.
    let json = try sandbox.succeed([
      "train", "--params", "1B", "--peak-flops", "312T", "--gpus", "8", "--items", "1M",
      "--constant", "512", "--epochs", "2", "--format", "json",
    ]).object()
    #expect(json["training_flops"] as? Double == 6.144e18)
    #expect(abs((json["training_seconds"] as? Double ?? 0) - 2_461.538) < 0.001)
    #expect(abs((json["gpu_hours"] as? Double ?? 0) - 5.4701) < 0.0001)
    #expect(json["entry_id"] as? Int == 1)
    let row = try sandbox.succeed([
      "sql", "SELECT kind, training_flops FROM estimates WHERE id = 1", "--format", "csv",
    ]).stdout
    #expect(row == "kind,training_flops\ntraining,6.144e+18\n")
  }

  @Test(arguments: Backend.available) func rooflineTrainingWithRecompute(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    let arguments = [
      "train", "--model", "llama-2-7b", "--gpu", "a100-80gb", "--gpus", "1024", "--tokens", "2T",
      "--method", "roofline", "--utilization", "0.4", "--dry-run", "--format", "json",
    ]
    let plain = try sandbox.succeed(arguments).object()
    let json = try sandbox.succeed(arguments + ["--recompute"]).object()
    // Llama 2 7B: model FLOPs 6 × 6.738e9 × 2e12 = 8.086e22, with or without recomputation;
    // the GPUs perform 8 × 6.738e9 × 2e12 = 1.078e23 with it.
    let model = 6 * 6_738_415_616 * 2e12
    #expect(abs((json["model_flops"] as? Double ?? 0) - model) < 1e9)
    #expect(json["training_flops"] as? Double == json["model_flops"] as? Double)
    #expect(abs((json["hardware_flops"] as? Double ?? 0) - model * 8 / 6) < 1e9)
    #expect(plain["hardware_flops"] as? Double == plain["model_flops"] as? Double)
    // The MFU stays a share of model FLOPs: recomputation does not lengthen the run, it
    // raises the hardware FLOPs utilisation from 0.4 to 0.4 × 8 ÷ 6.
    #expect(json["gpu_hours"] as? Double == plain["gpu_hours"] as? Double)
    #expect(abs((json["hardware_flops_utilization"] as? Double ?? 0) - 0.4 * 8 / 6) < 1e-12)
    #expect(plain["hardware_flops_utilization"] as? Double == 0.4)
  }

  @Test(arguments: Backend.available) func rooflineEstimateOnACatalogueModel(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    let json = try sandbox.succeed([
      "estimate", "--method", "roofline", "--model", "llama-3.1-8b", "--gpu", "h100-sxm",
      "--dau", "1M", "--requests-per-user", "10", "--input-tokens", "512", "--output-tokens", "256",
      "--batch", "1", "--gpu-price", "2.5", "--format", "json",
    ]).object()
    #expect(json["bound"] as? String == "memory")
    #expect(json["kv_cache_bytes_per_token"] as? Double == 131_072)
    #expect(json["min_gpus_per_replica"] as? Int == 1)
    #expect((json["decode_seconds_per_token"] as? Double ?? 0) > 0.005)
    #expect(json["replicas"] as? Int ?? 0 > 0)
    #expect(json["monthly_cost"] as? Double ?? 0 > 0)
    #expect(json["storage_bytes_per_month"] as? Double != nil, "roofline keeps the seed's storage")
    let ranged = try sandbox.succeed([
      "estimate", "--method", "roofline", "--model", "llama-3.1-8b", "--gpu", "h100-sxm",
      "--range", "--dry-run", "--format", "json",
    ]).object()
    let range = try #require(ranged["range"] as? [String: Any])
    let gpus = try #require(range["gpus_required"] as? [String: Any])
    #expect((gpus["pessimistic"] as? Int ?? 0) >= (gpus["expected"] as? Int ?? 0))
    #expect((gpus["expected"] as? Int ?? 0) >= (gpus["optimistic"] as? Int ?? 0))
  }

  @Test(arguments: Backend.available) func seedChatWithTheRooflineMethod(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    let json = try sandbox.succeed([
      "estimate", "seed-chat", "--method", "roofline", "--format", "json", "--explain",
    ]).object()
    // seed-3b carries Llama 3.2 3B's architecture: 2 × 28 layers × 8 KV heads × 128 × 2 B.
    #expect(json["kv_cache_bytes_per_token"] as? Double == 114_688)
    #expect(json["method"] as? String == "roofline")
    // 1B requests a day of 500 output tokens each on A100s: the batch and parallelism chosen
    // for throughput, within the memory and the default cap.
    #expect((json["tensor_parallel"] as? Int ?? 0) >= 1)
    #expect((json["batch"] as? Int ?? 0) <= 1_024)
    #expect((json["gpus_required"] as? Int ?? 0) > 0)
    #expect(json["storage_bytes_per_month"] as? Double == 75e12)
    let explain = try #require(json["explain"] as? [[String: Any]])
    let formulas = explain.compactMap { $0["formula"] as? String }.joined(separator: "\n")
    #expect(formulas.contains("KV"))
    let entry = try sandbox.succeed(["show", "1", "--format", "json"]).object()
    let inputs = try #require(entry["inputs"] as? [String: Any])
    let resolved = try #require(inputs["inputs"] as? [String: Any])
    // The efficiencies come from the GPU's catalogue entry, which the snapshot holds; the
    // defaults the method chose are written out.
    #expect(resolved["bandwidth_efficiency"] == nil)
    let gpu = try #require(inputs["gpu"] as? [String: Any])
    #expect(gpu["bandwidth_efficiency"] as? Double != nil)
    #expect(resolved["gpu_memory_utilization"] as? Double == 0.9)
    #expect(resolved["target_utilization"] as? Double == 0.7)
  }

  @Test(arguments: Backend.available) func csvOutputIsMachineReadable(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    let csv = try sandbox.succeed(["estimate", "seed-chat", "--format", "csv", "--dry-run"]).stdout
    #expect(csv.hasPrefix("key,value,unit\n"))
    #expect(csv.contains("\ngpus_required,112,count\n"))
    #expect(csv.contains("\nstorage_bytes_per_month,75000000000000,bytes\n"))
  }
}

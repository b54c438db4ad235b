import Foundation
import Testing

struct CatalogueCommandTests {
  @Test(arguments: Backend.available) func gpusCanBeAddedUpdatedExportedAndImported(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    let list = try sandbox.succeed(["gpu", "list"]).stdout
    #expect(list.contains("a100-80gb"))
    #expect(list.contains("312 TFLOP/s"))
    try sandbox.succeed([
      "gpu", "add", "a10", "--name", "NVIDIA A10", "--fp16", "125T", "--fp32", "31.2T", "--memory",
      "24GB", "--bandwidth", "600GB/s", "--price", "0.75",
    ])
    let shown = try sandbox.succeed(["gpu", "show", "a10", "--format", "json"]).object()
    #expect(shown["fp16_flops"] as? Double == 125e12)
    #expect(shown["memory_bytes"] as? Double == 24e9)
    #expect(shown["memory_bandwidth_bytes_per_second"] as? Double == 600e9)
    try sandbox.succeed(["gpu", "update", "a10", "--price", "0.60"])
    let updated = try sandbox.succeed(["gpu", "show", "a10", "--format", "json"]).object()
    #expect(updated["price_per_hour"] as? Double == 0.6)
    let file = sandbox.path("gpus.json")
    try sandbox.succeed(["gpu", "export", "-o", file])
    let other = try Sandbox(backend: backend)
    let imported = try other.run(["gpu", "import", file])
    #expect(imported.stdout == "imported 16 GPUs: 1 added, 15 updated\n")
    let again = try other.succeed(["gpu", "show", "a10", "--format", "json"]).object()
    #expect(again["price_per_hour"] as? Double == 0.6)
    #expect(try sandbox.succeed(["gpu", "remove", "a10"]).stdout == "removed GPU a10\n")
  }

  @Test(arguments: Backend.available) func removingAGPUAScenarioUsesRetiresIt(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    let result = try sandbox.succeed(["gpu", "remove", "a100-80gb"])
    #expect(result.stdout.hasPrefix("retired GPU a100-80gb: scenarios seed-chat refer to it"))
    #expect(!(try sandbox.succeed(["gpu", "list"]).stdout.contains("a100-80gb ")))
    #expect(try sandbox.succeed(["gpu", "list", "--all"]).stdout.contains("a100-80gb (retired)"))
    try sandbox.succeed(["gpu", "update", "a100-80gb", "--restore"])
    #expect(try sandbox.succeed(["gpu", "list"]).stdout.contains("a100-80gb "))
  }

  @Test(arguments: Backend.available) func updateAndImportKeepARetiredItemRetiredUnlessRestored(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat"])
    // The entry refers to seed-chat, which runs seed-3b on a100-80gb: removing retires each.
    let items = [
      ("scenario", "seed-chat", "--description"), ("model", "seed-3b", "--notes"),
      ("gpu", "a100-80gb", "--notes"),
    ]
    for (kind, id, flag) in items {
      try sandbox.succeed([kind, "remove", id])
      try sandbox.succeed([kind, "update", id, flag, "edited"])
      #expect(!(try sandbox.succeed([kind, "list"]).stdout.contains("\(id) ")), "\(kind) update")
      let file = sandbox.path("\(kind).json")
      try sandbox.succeed([kind, "export", "--all", "-o", file])
      try sandbox.succeed([kind, "import", file])
      #expect(!(try sandbox.succeed([kind, "list"]).stdout.contains("\(id) ")), "\(kind) import")
      #expect(try sandbox.succeed([kind, "list", "--all"]).stdout.contains("\(id) (retired)"))
    }
    for (kind, id, _) in items.reversed() {
      try sandbox.succeed([kind, "update", id, "--restore"])
      #expect(try sandbox.succeed([kind, "list"]).stdout.contains("\(id) "))
    }
  }

  @Test(arguments: Backend.available) func exportedKeysAndImportedDefaultsStayAsTheyWere(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    let gpu = try sandbox.succeed(["gpu", "show", "a100-80gb", "--format", "json"]).object()
    // The A100 has no FP8, so no FP8 matmul efficiency either; it has a measured all-reduce
    // curve and a measured matmul curve.
    #expect(
      gpu.keys.sorted() == [
        "all_reduce_bus_bandwidth", "bandwidth_efficiency", "bf16_flops", "efficiency_source",
        "fp16_flops", "fp32_flops",
        "fp64_flops", "id", "int8_ops", "interconnect_bytes_per_second", "matmul_efficiency",
        "matmul_throughput", "memory_bandwidth_bytes_per_second", "memory_bytes", "name", "notes",
        "retired_at",
        "source", "tdp_watts", "tf32_flops", "vendor",
      ])
    let model = try sandbox.succeed(["model", "show", "llama-3.1-8b", "--format", "json"]).object()
    #expect(
      model.keys.sorted() == [
        "architecture_constant", "attention_heads", "context_length", "family", "ffn_size",
        "head_dim", "hidden_size", "id", "kind", "kv_heads", "layers", "name", "notes",
        "parameters", "retired_at", "source", "vocab_size",
      ])
    // Only the id, the name and (for a model) the parameters are required.
    let file = sandbox.path("minimal.json")
    try Data(#"{"gpus": [{"id": "g1", "name": "G1", "int8_ops": 1e15}]}"#.utf8)
      .write(to: URL(fileURLWithPath: file))
    try sandbox.succeed(["gpu", "import", file])
    let g1 = try sandbox.succeed(["gpu", "show", "g1", "--format", "json"]).object()
    #expect(
      g1.keys.sorted() == ["id", "int8_ops", "name", "notes", "retired_at", "source", "vendor"])
    #expect(g1["vendor"] as? String == "")
    // A measured all-reduce curve travels with its GPU, kept in increasing size; a bad point is
    // refused by name, and nothing is imported.
    try Data(
      #"""
      {"gpus": [{"id": "g2", "name": "G2", "fp16_flops": 1e15, "all_reduce_bus_bandwidth": [
        {"message_bytes": 2097152, "bus_bytes_per_second": 8e10},
        {"message_bytes": 1048576, "bus_bytes_per_second": 4e10}]}]}
      """#.utf8
    ).write(to: URL(fileURLWithPath: file))
    try sandbox.succeed(["gpu", "import", file])
    let g2 = try sandbox.succeed(["gpu", "show", "g2", "--format", "json"]).object()
    let points = try #require(g2["all_reduce_bus_bandwidth"] as? [[String: Any]])
    #expect(points.map { $0["message_bytes"] as? Double } == [1_048_576, 2_097_152])
    try Data(
      #"""
      {"gpus": [{"id": "g3", "name": "G3", "fp16_flops": 1e15, "all_reduce_bus_bandwidth": [
        {"message_bytes": 1048576, "bus_bytes_per_second": -4e10}]}]}
      """#.utf8
    ).write(to: URL(fileURLWithPath: file))
    let refused = try sandbox.run(["gpu", "import", file])
    #expect(refused.status != 0)
    #expect(refused.stderr.hasPrefix("error:"))
    #expect(refused.stderr.contains("all_reduce_bus_bandwidth.bus_bytes_per_second"))
    #expect(try sandbox.run(["gpu", "show", "g3"]).status != 0)
    // So does a matmul curve, kept by precision and size; a size listed twice is refused.
    try Data(
      #"""
      {"gpus": [{"id": "g4", "name": "G4", "fp8_flops": 2e15, "matmul_throughput": [
        {"precision": "fp8", "size": 8192, "flops_per_second": 1.3e15},
        {"precision": "fp8", "size": 4096, "flops_per_second": 1.2e15}]}]}
      """#.utf8
    ).write(to: URL(fileURLWithPath: file))
    try sandbox.succeed(["gpu", "import", file])
    let g4 = try sandbox.succeed(["gpu", "show", "g4", "--format", "json"]).object()
    let sizes = try #require(g4["matmul_throughput"] as? [[String: Any]])
    #expect(sizes.map { $0["size"] as? Double } == [4_096, 8_192])
    #expect(sizes.first?["precision"] as? String == "fp8")
    try Data(
      #"""
      {"gpus": [{"id": "g5", "name": "G5", "fp8_flops": 2e15, "matmul_throughput": [
        {"precision": "fp8", "size": 4096, "flops_per_second": 1.2e15},
        {"precision": "fp8", "size": 4096, "flops_per_second": 1.3e15}]}]}
      """#.utf8
    ).write(to: URL(fileURLWithPath: file))
    let twice = try sandbox.run(["gpu", "import", file])
    #expect(twice.status != 0)
    #expect(twice.stderr.hasPrefix("error:"))
    #expect(twice.stderr.contains("matmul_throughput"))
    #expect(try sandbox.run(["gpu", "show", "g5"]).status != 0)
    try Data(#"[{"id": "m1", "name": "M1", "parameters": 7e9}]"#.utf8)
      .write(to: URL(fileURLWithPath: file))
    try sandbox.succeed(["model", "import", file])
    let m1 = try sandbox.succeed(["model", "show", "m1", "--format", "json"]).object()
    #expect(m1["kind"] as? String == "text")
    #expect(m1["architecture_constant"] as? Double == 1)
    #expect(m1["layers"] == nil)
    try Data(#"[{"id": "m2", "name": "", "parameters": 7e9}]"#.utf8)
      .write(to: URL(fileURLWithPath: file))
    let unnamed = try sandbox.run(["model", "import", file])
    #expect(unnamed.status == 64)
    #expect(unnamed.stderr == "error: invalid value '' for name: model 'm2' needs a name\n")
  }

  @Test(arguments: Backend.available) func modelExportKeepsEveryArchitectureField(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    let file = sandbox.path("models.json")
    try sandbox.succeed(["model", "export", "-o", file])
    let models = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file)))
        as? [[String: Any]])
    let llama = try #require(models.first { $0["id"] as? String == "llama-3.1-8b" })
    #expect(llama["ffn_size"] as? Int == 14336)
    #expect(llama["vocab_size"] as? Int == 128256)
    try sandbox.succeed(["model", "update", "llama-3.1-8b", "--ffn-size", "14000"])
    let other = try Sandbox(backend: backend)
    try other.succeed(["model", "import", file])
    let shown = try other.succeed(["model", "show", "llama-3.1-8b", "--format", "json"]).object()
    #expect(shown["ffn_size"] as? Int == 14336)
    #expect(shown["vocab_size"] as? Int == 128256)
    let updated = try sandbox.succeed(["model", "show", "llama-3.1-8b", "--format", "json"])
      .object()
    #expect(updated["ffn_size"] as? Int == 14000)
  }

  @Test(arguments: Backend.available) func modelsAndScenarios(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed([
      "model", "add", "my-7b", "--name", "My 7B", "--params", "7B", "--layers", "32",
      "--hidden-size",
      "4096", "--attention-heads", "32", "--kv-heads", "8", "--context", "8192",
    ])
    let model = try sandbox.succeed(["model", "show", "my-7b", "--format", "json"]).object()
    #expect(model["parameters"] as? Double == 7e9)
    #expect(model["kv_heads"] as? Int == 8)
    try sandbox.succeed([
      "scenario", "add", "bot", "--model", "my-7b", "--gpu", "h100-sxm", "--dau", "2M",
      "--requests-per-user", "5", "--description", "support bot",
    ])
    try sandbox.succeed(["scenario", "update", "bot", "--dau", "3M"])
    let json = try sandbox.succeed(["estimate", "bot", "--format", "json"]).object()
    // 3M × 5 ÷ 86,400 = 173.6 requests/s.
    #expect(abs((json["trps"] as? Double ?? 0) - 173.611) < 0.001)
    let file = sandbox.path("scenarios.json")
    try sandbox.succeed(["scenario", "export", "-o", file])
    #expect(
      try String(contentsOfFile: file, encoding: .utf8).contains("\"daily_active_users\" : 3000000")
    )
    #expect(
      try sandbox.succeed(["scenario", "remove", "bot"]).stdout.contains("retired scenario bot"))
    #expect(
      try sandbox.succeed(["model", "remove", "my-7b"]).stdout.contains("retired model my-7b"))
    let list = try sandbox.succeed(["model", "list", "--format", "csv"]).stdout
    #expect(list.hasPrefix("id,name,active_parameters,architecture_constant,"))
    #expect(list.contains("\nllama-3.2-3b,Llama 3.2 3B,,500,"))
    #expect(list.contains(",3212749824,"))
  }
}

/// The measured efficiencies, interconnect and source of a GPU, and the experts of a model.
struct CatalogueEfficiencyTests {
  @Test(arguments: Backend.available) func gpuEfficienciesAndInterconnectAreAddedShownAndUpdated(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed([
      "gpu", "add", "my-h100", "--name", "Our H100", "--bf16", "989.4T", "--fp8", "1978.9T",
      "--memory", "80GiB", "--bandwidth", "3.35TB/s", "--matmul-efficiency", "0.8",
      "--fp8-matmul-efficiency", "71%", "--bandwidth-efficiency", "0.89", "--interconnect",
      "450GB/s", "--efficiency-source", "our MAMF and BabelStream runs",
    ])
    let json = try sandbox.succeed(["gpu", "show", "my-h100", "--format", "json"]).object()
    #expect(json["memory_bytes"] as? Double == 85_899_345_920)
    #expect(json["matmul_efficiency"] as? Double == 0.8)
    #expect(json["fp8_matmul_efficiency"] as? Double == 0.71)
    #expect(json["bandwidth_efficiency"] as? Double == 0.89)
    #expect(json["interconnect_bytes_per_second"] as? Double == 450e9)
    #expect(json["efficiency_source"] as? String == "our MAMF and BabelStream runs")
    let table = try sandbox.succeed(["gpu", "show", "my-h100"]).stdout
    for line in [
      "matmul_efficiency                  0.8\n", "fp8_matmul_efficiency              0.71\n",
      "bandwidth_efficiency               0.89\n", "interconnect_bytes_per_second      450 GB/s\n",
      "efficiency_source                  our MAMF and BabelStream runs\n",
    ] {
      #expect(table.contains(line), "\(line) in\n\(table)")
    }
    // An update changes what it names and keeps the rest; an empty source is left out.
    try sandbox.succeed([
      "gpu", "update", "my-h100", "--interconnect", "7.2Tbit/s", "--efficiency-source", "",
    ])
    let updated = try sandbox.succeed(["gpu", "show", "my-h100", "--format", "json"]).object()
    #expect(updated["interconnect_bytes_per_second"] as? Double == 900e9)
    #expect(updated["matmul_efficiency"] as? Double == 0.8)
    #expect(updated["efficiency_source"] == nil)
    // The shipped GPUs carry the published figures.
    let h200 = try sandbox.succeed(["gpu", "show", "h200", "--format", "json"]).object()
    #expect(h200["bandwidth_efficiency"] as? Double == 0.865)
    #expect(h200["fp8_matmul_efficiency"] as? Double == 0.734)
    #expect((h200["efficiency_source"] as? String)?.contains("BabelStream Triad 4.15") == true)
  }

  @Test(arguments: Backend.available) func modelExpertsAreAddedShownAndCheckedTogether(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed([
      "model", "add", "my-moe", "--name", "My MoE", "--params", "46.7B", "--active-params",
      "12.9B", "--experts", "8", "--experts-per-token", "2",
    ])
    let json = try sandbox.succeed(["model", "show", "my-moe", "--format", "json"]).object()
    #expect(json["experts"] as? Int == 8)
    #expect(json["experts_per_token"] as? Int == 2)
    let lines = try sandbox.succeed(["model", "show", "my-moe"]).stdout.split(separator: "\n")
      .map { $0.split(separator: " ").map(String.init) }
    #expect(lines.contains(["experts", "8"]), "\(lines)")
    #expect(lines.contains(["experts_per_token", "2"]), "\(lines)")
    try sandbox.succeed([
      "model", "update", "my-moe", "--experts", "16", "--experts-per-token", "4",
    ])
    let updated = try sandbox.succeed(["model", "show", "my-moe", "--format", "json"]).object()
    #expect(updated["experts"] as? Int == 16)
    #expect(updated["experts_per_token"] as? Int == 4)
    // A dense model has neither; one without the other, or more per token than there are, is
    // refused and nothing is written.
    let dense = try sandbox.succeed(["model", "show", "llama-3.1-8b", "--format", "json"]).object()
    #expect(dense["experts"] == nil)
    let before = try sandbox.dump()
    let alone = try sandbox.run(["model", "update", "llama-3.1-8b", "--experts", "8"])
    #expect(alone.status == 64)
    #expect(
      alone.stderr
        == "error: value '8' for experts is out of range: model 'llama-3.1-8b' needs "
        + "experts_per_token (the top-k) too\n")
    let tooMany = try sandbox.run(["model", "update", "my-moe", "--experts-per-token", "17"])
    #expect(tooMany.status == 64)
    #expect(tooMany.stderr.contains("exceeds the experts (16) of model 'my-moe'"))
    #expect(try sandbox.dump() == before)
    let deepseek = try sandbox.succeed(["model", "show", "deepseek-r1", "--format", "json"])
      .object()
    #expect(deepseek["experts"] as? Int == 256)
    #expect(deepseek["experts_per_token"] as? Int == 8)
  }

  /// What `export` writes, `import` reads back whole: a second ledger that imports a first
  /// one's catalogue exports the same file.
  @Test(arguments: Backend.available) func exportThenImportCarriesEveryNewField(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed([
      "gpu", "update", "l4", "--matmul-efficiency", "0.6", "--fp8-matmul-efficiency", "0.5",
      "--bandwidth-efficiency", "0.75", "--efficiency-source", "our runs",
    ])
    try sandbox.succeed([
      "model", "add", "my-moe", "--name", "My MoE", "--params", "47B", "--active-params", "13B",
      "--experts", "8", "--experts-per-token", "2",
    ])
    let other = try Sandbox(backend: backend)
    for kind in ["gpu", "model"] {
      let file = sandbox.path("\(kind)s.json")
      try sandbox.succeed([kind, "export", "-o", file])
      try other.succeed([kind, "import", file])
      let copy = other.path("\(kind)s-again.json")
      try other.succeed([kind, "export", "-o", copy])
      let exported = try String(contentsOfFile: file, encoding: .utf8)
      #expect(try String(contentsOfFile: copy, encoding: .utf8) == exported, "\(kind)s")
      #expect(
        exported.contains(
          kind == "gpu" ? "\"efficiency_source\" : \"our runs\"" : "\"experts\" : 8"))
    }
    let l4 = try other.succeed(["gpu", "show", "l4", "--format", "json"]).object()
    #expect(l4["fp8_matmul_efficiency"] as? Double == 0.5)
    #expect(l4["interconnect_bytes_per_second"] as? Double == 31e9)
  }

  struct Refusal: CustomTestStringConvertible, Sendable {
    var arguments: [String]
    var message: String
    var testDescription: String { arguments.joined(separator: " ") }
  }

  static let refusals: [Refusal] = [
    Refusal(
      arguments: ["gpu", "update", "h100-sxm", "--matmul-efficiency", "1.5"],
      message: "the value '1.5' is invalid for '--matmul-efficiency <ratio>': must be above 0% "
        + "and at most 100%"),
    Refusal(
      arguments: ["gpu", "update", "h100-sxm", "--fp8-matmul-efficiency", "0"],
      message: "the value '0' is invalid for '--fp8-matmul-efficiency <ratio>': must be above "
        + "0% and at most 100%"),
    Refusal(
      arguments: [
        "gpu", "add", "g", "--name", "G", "--fp16", "1P", "--bandwidth-efficiency",
        "120%",
      ],
      message: "the value '120%' is invalid for '--bandwidth-efficiency <ratio>': must be above "
        + "0% and at most 100%"),
    Refusal(
      arguments: ["gpu", "update", "h100-sxm", "--interconnect", "0GB/s"],
      message: "the value '0GB/s' is invalid for '--interconnect <rate>': must be greater than 0"
    ),
    Refusal(
      arguments: ["gpu", "update", "h100-sxm", "--interconnect", "450GB"],
      message: "the value '450GB' is invalid for '--interconnect <rate>': "),
    Refusal(
      arguments: ["gpu", "update", "h100-sxm", "--efficiency-source", "a\nb"],
      message: "the value 'a\\nb' is invalid for '--efficiency-source <efficiency-source>': "
        + "must not hold control characters or line breaks"),
    Refusal(
      arguments: ["model", "update", "mixtral-8x7b", "--experts", "0"],
      message: "the value '0' is invalid for '--experts <n>': must be a whole number of at "
        + "least 1"),
    Refusal(
      arguments: ["model", "update", "mixtral-8x7b", "--experts-per-token", "2.5"],
      message: "the value '2.5' is invalid for '--experts-per-token <n>': must be a whole "
        + "number of at least 1"),
  ]

  /// A bad value is refused naming the flag, the value and the reason, before the ledger the
  /// command names is opened (a catalogue write would create it: the file, or the schema in an
  /// empty server database).
  @Test(arguments: Backend.available, refusals)
  func aBadValueIsRefusedNamingTheFlag(backend: Backend, _ refusal: Refusal) throws {
    let sandbox = try Sandbox(ledger: false, backend: backend)
    let result = try sandbox.run(refusal.arguments + ["--db", sandbox.database])
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("error: \(refusal.message)"), "\(result.stderr)")
    #expect(result.stderr.hasSuffix(" (see 'envelope help')\n"), "\(result.stderr)")
    #expect(try !sandbox.ledgerExists())
  }
}

struct CatalogueImportTests {
  @Test(arguments: Backend.available) func scenarioImportIsAllOrNothing(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    let file = sandbox.path("scenarios.json")
    try sandbox.succeed(["scenario", "export", "-o", file])
    var scenarios = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file)))
        as? [[String: Any]])
    scenarios[0]["daily_active_users"] = 5e6
    var copy = scenarios[0]
    copy["id"] = "seed-chat-eu"
    scenarios.append(copy)
    try JSONSerialization.data(withJSONObject: scenarios).write(to: URL(fileURLWithPath: file))
    #expect(
      try sandbox.succeed(["scenario", "import", file]).stdout
        == "imported 2 scenarios: 1 added, 1 updated\n")
    let eu = try sandbox.succeed(["scenario", "show", "seed-chat-eu", "--format", "json"]).object()
    #expect(eu["daily_active_users"] as? Double == 5e6)

    var broken = scenarios
    broken[1]["model_id"] = "no-such-model"
    broken[0]["daily_active_users"] = 1e6
    try JSONSerialization.data(withJSONObject: broken).write(to: URL(fileURLWithPath: file))
    let before = try sandbox.dump()
    let failed = try sandbox.run(["scenario", "import", file])
    #expect(failed.status == 1)
    #expect(failed.stderr.contains("no model 'no-such-model'"))
    #expect(try sandbox.dump() == before)

    try Data("{\"gpus\": [{\"id\": \"x\"}]}".utf8).write(to: URL(fileURLWithPath: file))
    let malformed = try sandbox.run(["gpu", "import", file])
    #expect(malformed.status == 64)
    #expect(malformed.stderr.contains("missing 'name'"))
  }
}

import Foundation
import Testing

/// `envelope measurement record|import|list`, run end to end on the built binary.
struct MeasurementCommandTests {
  /// The result files the engine's tests read, one per format, and their bad variants.
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("EnvelopeCoreTests/Fixtures/measurements")

  static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

  /// What every import needs: what no result file says.
  static let h100 = [
    "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--precision", "fp8", "--tensor-parallel", "1",
  ]

  static let record = [
    "measurement", "record", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--precision", "fp8",
    "--kv-precision", "fp8", "--tensor-parallel", "4", "--gpus", "8", "--input-tokens", "2048",
    "--output-tokens", "128", "--batch", "256", "--output-tokens-per-second", "9.6k", "--ttft",
    "450ms", "--tpot", "35ms", "--requests-per-second", "75", "--date", "2026-01-20", "--source",
    "our vLLM run", "--note", "warm cache",
  ]

  /// The measurements the ledger holds, superseded ones too, as `list --all --format json`
  /// prints them.
  static func stored(_ sandbox: Sandbox) throws -> [[String: Any]] {
    let run = try sandbox.succeed(["measurement", "list", "--all", "--format", "json"])
    return try #require(try run.json() as? [[String: Any]])
  }

  @Test(arguments: Backend.available) func recordPrintsAndListsEveryField(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    let recorded = try sandbox.succeed(Self.record)
    let lines = recorded.stdout.split(separator: "\n")
    #expect(lines.first == "recorded measurement 1")
    #expect(lines.count == 3)
    #expect(lines.last?.contains("9,600") == true)
    #expect(lines.last?.contains("1,200") == true)
    #expect(lines.last?.contains("450 ms") == true)
    let rows = try Self.stored(sandbox)
    #expect(rows.count == 1)
    let row = rows[0]
    #expect(
      Set(row.keys) == [
        "id", "recorded_at", "measured_on", "model_id", "gpu_id", "precision", "kv_precision",
        "tensor_parallel", "gpus", "batch", "concurrency", "input_tokens", "output_tokens",
        "output_tokens_per_second", "output_tokens_per_second_per_gpu", "ttft_seconds",
        "tpot_seconds", "requests_per_second", "source", "note", "supersedes", "reason",
        "superseded_by",
      ])
    #expect(row["id"] as? Int == 1)
    #expect(row["measured_on"] as? String == "2026-01-20")
    #expect(row["model_id"] as? String == "llama-3.1-70b")
    #expect(row["kv_precision"] as? String == "fp8")
    #expect(row["tensor_parallel"] as? Int == 4)
    #expect(row["gpus"] as? Int == 8)
    #expect(row["batch"] as? Int == 256)
    #expect(row["concurrency"] is NSNull)
    #expect(row["input_tokens"] as? Double == 2048)
    #expect(row["output_tokens_per_second"] as? Double == 9600)
    #expect(row["output_tokens_per_second_per_gpu"] as? Double == 1200)
    #expect(row["ttft_seconds"] as? Double == 0.45)
    #expect(row["tpot_seconds"] as? Double == 0.035)
    #expect(row["requests_per_second"] as? Double == 75)
    #expect(row["source"] as? String == "our vLLM run")
    #expect(row["note"] as? String == "warm cache")
    #expect(row["superseded_by"] is NSNull)
    let csv = try sandbox.succeed(["measurement", "list", "--format", "csv"]).stdout
    #expect(
      csv == """
        id,recorded_at,measured_on,model_id,gpu_id,precision,kv_precision,tensor_parallel,gpus,\
        batch,concurrency,input_tokens,output_tokens,output_tokens_per_second,\
        output_tokens_per_second_per_gpu,ttft_seconds,tpot_seconds,requests_per_second,source,\
        note,supersedes,reason,superseded_by
        1,\(row["recorded_at"] as? String ?? ""),2026-01-20,llama-3.1-70b,h100-sxm,fp8,fp8,4,8,256,,\
        2048,128,9600,1200,0.45,0.035,75,our vLLM run,warm cache,,,

        """)
    let jsonl = try sandbox.succeed(["measurement", "list", "--format", "jsonl"]).stdout
    #expect(jsonl.split(separator: "\n").count == 1)
    #expect(jsonl.hasPrefix(#"{"id":1,"recorded_at":"#))
    // The view holds the same per-GPU figure.
    let view = try sandbox.succeed([
      "sql", "SELECT output_tokens_per_second_per_gpu FROM current_measurements", "--format", "csv",
    ]).stdout
    #expect(view == "output_tokens_per_second_per_gpu\n1200\n")
  }

  @Test(arguments: Backend.available) func listsFilterAndSayWhenEmpty(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    #expect(try sandbox.succeed(["measurement", "list"]).stdout == "No measurements recorded.\n")
    let none = try sandbox.succeed(["measurement", "list", "--format", "json"])
    #expect((try none.json() as? [Any])?.isEmpty == true)
    try sandbox.succeed(Self.record)
    try sandbox.succeed(
      ["measurement", "import", Self.fixture("vllm.json"), "--from", "vllm"] + Self.h100)
    func ids(_ filter: [String]) throws -> [Int] {
      let run = try sandbox.succeed(["measurement", "list", "--format", "json"] + filter)
      return try #require(try run.json() as? [[String: Any]]).compactMap { $0["id"] as? Int }
    }
    #expect(try ids([]) == [1, 2])
    #expect(try ids(["--model", "llama-3.1-8b"]) == [2])
    #expect(try ids(["--gpu", "h100-sxm", "--precision", "fp8"]) == [1, 2])
    #expect(try ids(["--precision", "bf16"]).isEmpty)
    let unknown = try sandbox.run(["measurement", "list", "--gpu", "h100"])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.hasPrefix("error: no GPU 'h100'; did you mean"))
  }

  struct ImportCase: Sendable, CustomTestStringConvertible {
    var format: String
    var file: String
    var flags: [String]
    /// Per run: measured on, mean input and output tokens, output tokens/s, TTFT, TPOT,
    /// concurrency, source.
    var runs: [(String, Double, Double, Double, Double?, Double?, Int?, String)]
    var testDescription: String { format }
  }

  static let importCases = [
    ImportCase(
      format: "vllm", file: "vllm.json", flags: [],
      runs: [("2026-01-12", 1024, 256, 3200, 0.1805, 0.01425, 64, "vllm.json (vllm)")]),
    ImportCase(
      format: "sglang", file: "sglang.jsonl", flags: ["--date", "2026-01-20"],
      runs: [
        ("2026-01-20", 1024, 256, 819.2, 0.095, 0.0095, 16, "sglang.jsonl (sglang), line 1"),
        ("2026-01-20", 1024, 256, 1280, 0.13, 0.011, 32, "sglang.jsonl (sglang), line 2"),
        ("2026-01-20", 1024, 256, 2048, 0.21, 0.0135, 64, "sglang.jsonl (sglang), line 3"),
      ]),
    ImportCase(
      format: "mlperf", file: "mlperf_log_summary.txt",
      flags: ["--date", "2025-08-01", "--input-tokens", "294", "--output-tokens", "286"],
      runs: [
        ("2025-08-01", 294, 286, 5123.4, 0.412, 0.0455, nil, "mlperf_log_summary.txt (mlperf)")
      ]),
    ImportCase(
      format: "genai-perf", file: "genai-perf.json", flags: ["--date", "2026-02-03"],
      runs: [("2026-02-03", 2048, 256, 2457.6, 0.245, 0.025, 32, "genai-perf.json (genai-perf)")]),
  ]

  @Test(arguments: Backend.available, importCases)
  func importsEachFormat(backend: Backend, _ example: ImportCase) throws {
    let sandbox = try Sandbox(backend: backend)
    let imported = try sandbox.succeed(
      ["measurement", "import", Self.fixture(example.file), "--from", example.format] + Self.h100
        + example.flags)
    let ids = (1...example.runs.count).map(String.init).joined(separator: ", ")
    let count = example.runs.count == 1 ? "1 measurement" : "\(example.runs.count) measurements"
    #expect(
      imported.stdout.hasPrefix(
        "recorded \(count) from \(Self.fixture(example.file)) (\(example.format)): \(ids)\n"))
    let rows = try Self.stored(sandbox)
    #expect(rows.count == example.runs.count)
    for (row, run) in zip(rows, example.runs) {
      #expect(row["measured_on"] as? String == run.0)
      #expect(row["input_tokens"] as? Double == run.1)
      #expect(row["output_tokens"] as? Double == run.2)
      #expect(row["output_tokens_per_second"] as? Double == run.3)
      #expect(row["ttft_seconds"] as? Double == run.4)
      #expect(row["tpot_seconds"] as? Double == run.5)
      #expect(row["concurrency"] as? Int == run.6)
      #expect(row["source"] as? String == run.7)
      #expect(row["model_id"] as? String == "llama-3.1-8b")
      #expect(row["gpu_id"] as? String == "h100-sxm")
    }
  }

  @Test(arguments: Backend.available) func importsFromStandardInputAndKeepsWhatTheFileSays(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    let text = try String(contentsOfFile: Self.fixture("genai-perf.json"), encoding: .utf8)
    let imported = try sandbox.succeed(
      [
        "measurement", "import", "-", "--from", "genai-perf", "--date", "2026-02-03", "--gpus", "4",
        "--note", "nightly", "--format", "json",
      ] + Self.h100,
      stdin: text)
    let rows = try #require(try imported.json() as? [[String: Any]])
    #expect(rows.count == 1)
    #expect(rows[0]["source"] as? String == "standard input (genai-perf)")
    #expect(rows[0]["note"] as? String == "model llama-3.1-70b-instruct; nightly")
    #expect(rows[0]["gpus"] as? Int == 4)
    #expect(rows[0]["output_tokens_per_second_per_gpu"] as? Double == 614.4)
    let mlperf = try sandbox.succeed(
      [
        "measurement", "import", Self.fixture("mlperf-offline_log_summary.txt"), "--from", "mlperf",
        "--date", "2025-08-01", "--input-tokens", "294", "--output-tokens", "286", "--source",
        "our MLPerf rehearsal", "--format", "json",
      ] + Self.h100)
    let offline = try #require(try mlperf.json() as? [[String: Any]])
    #expect(offline[0]["note"] as? String == "MLPerf Offline scenario, result INVALID")
    #expect(offline[0]["source"] as? String == "our MLPerf rehearsal")
    #expect(offline[0]["ttft_seconds"] is NSNull)
  }

  @Test(arguments: Backend.available) func aCorrectionSupersedesAMeasurement(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(Self.record)
    var corrected = Self.record
    corrected[try #require(corrected.firstIndex(of: "9.6k"))] = "9.1k"
    let recorded = try sandbox.succeed(
      corrected + ["--supersedes", "1", "--reason", "the first run counted the warm-up"])
    #expect(recorded.stdout.hasPrefix("recorded measurement 2, superseding measurement 1\n"))
    #expect(recorded.stdout.contains("corrects 1: the first run counted the warm-up"))
    let current = try #require(
      try sandbox.succeed(["measurement", "list", "--format", "json"]).json() as? [[String: Any]])
    #expect(current.compactMap { $0["id"] as? Int } == [2])
    #expect(current[0]["supersedes"] as? Int == 1)
    #expect(current[0]["reason"] as? String == "the first run counted the warm-up")
    let all = try Self.stored(sandbox)
    #expect(all.compactMap { $0["id"] as? Int } == [1, 2])
    #expect(all[0]["superseded_by"] as? Int == 2)
    let table = try sandbox.succeed(["measurement", "list", "--all"]).stdout
    #expect(table.contains("superseded by 2; warm cache"))
    let again = try sandbox.run(corrected + ["--supersedes", "1", "--reason", "again"])
    #expect(again.status == 1)
    #expect(
      again.stderr
        == "error: measurement 1 is already superseded by measurement 2; supersede 2\n")
    let unknown = try sandbox.run(corrected + ["--supersedes", "7", "--reason", "no such"])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.hasPrefix("error: no measurement '7'"))
    let alone = try sandbox.run(corrected + ["--supersedes", "2"])
    #expect(alone.status == 64)
    #expect(alone.stderr.contains("--supersedes and --reason go together"))
    #expect(try Self.stored(sandbox).count == 2)
  }

  struct BadFileCase: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    var stdin: String?
    var status: Int32
    var message: String
    var testDescription: String { name }
  }

  static let badFiles = [
    BadFileCase(
      name: "a missing field", arguments: [fixture("vllm-missing-field.json"), "--from", "vllm"],
      status: 64,
      message:
        "error: cannot import '\(fixture("vllm-missing-field.json"))' as a vLLM benchmark_serving "
        + "result (--save-result JSON): it has no 'total_output_tokens'; nothing was recorded\n"),
    BadFileCase(
      name: "invalid JSON", arguments: [fixture("vllm-invalid.json"), "--from", "vllm"],
      status: 64,
      message:
        "error: cannot import '\(fixture("vllm-invalid.json"))' as a vLLM benchmark_serving "
        + "result (--save-result JSON): invalid JSON at line 2, column 1: expected ',' or '}', "
        + "found the end of the text; nothing was recorded\n"),
    BadFileCase(
      name: "the second of two runs bad",
      arguments: [
        fixture("sglang-missing-field.jsonl"), "--from", "sglang", "--date", "2026-01-01",
      ],
      status: 64,
      message:
        "error: cannot import '\(fixture("sglang-missing-field.jsonl"))' as SGLang bench_serving "
        + "results (--output-file JSON lines): line 2: it has no 'total_input_tokens'; nothing "
        + "was recorded\n"),
    BadFileCase(
      name: "the wrong --from", arguments: [fixture("mlperf_log_summary.txt"), "--from", "vllm"],
      status: 64,
      message:
        "error: cannot import '\(fixture("mlperf_log_summary.txt"))' as a vLLM benchmark_serving "
        + "result (--save-result JSON): found text starting "
        + "'========================================…', not JSON; it looks like an MLPerf LoadGen "
        + "summary (mlperf_log_summary.txt): try --from mlperf; nothing was recorded\n"),
    BadFileCase(
      name: "an unknown --from", arguments: [fixture("vllm.json"), "--from", "trtllm"],
      status: 64,
      message:
        "error: the value 'trtllm' is invalid for '--from <format>': expected one of vllm, "
        + "sglang, mlperf, genai-perf (see 'envelope help')\n"),
    BadFileCase(
      name: "an empty file", arguments: ["-", "--from", "genai-perf"], stdin: "", status: 64,
      message:
        "error: cannot import 'standard input' as a GenAI-Perf profile export "
        + "(profile_export_genai_perf.json): the file is empty; nothing was recorded\n"),
    BadFileCase(
      name: "no such file", arguments: [fixture("nowhere.json"), "--from", "vllm"], status: 1,
      message: "error: cannot read '\(fixture("nowhere.json"))': no such file or not readable\n"),
    BadFileCase(
      name: "MLPerf without token lengths",
      arguments: [fixture("mlperf_log_summary.txt"), "--from", "mlperf", "--date", "2025-08-01"],
      status: 64,
      message:
        "error: --input-tokens is required: an MLPerf LoadGen summary (mlperf_log_summary.txt) "
        + "gives no token lengths; give --input-tokens and --output-tokens, the run's mean "
        + "prompt and output tokens per request\n"),
    BadFileCase(
      name: "no date", arguments: [fixture("sglang.jsonl"), "--from", "sglang"], status: 64,
      message:
        "error: --date is required: SGLang bench_serving results (--output-file JSON lines) "
        + "gives no date; give the day of the run\n"),
    BadFileCase(
      name: "a flag the file contradicts",
      arguments: [fixture("vllm.json"), "--from", "vllm", "--input-tokens", "1000"], status: 64,
      message:
        "error: invalid value '1,000' for --input-tokens: the file says 1,024; a flag only "
        + "fills what the file does not say\n"),
    BadFileCase(
      name: "a date the file contradicts",
      arguments: [fixture("vllm.json"), "--from", "vllm", "--date", "2026-01-13"], status: 64,
      message:
        "error: invalid value '2026-01-13' for --date: the file says 2026-01-12; a flag only "
        + "fills what the file does not say\n"),
    BadFileCase(
      name: "an unknown model",
      arguments: [fixture("vllm.json"), "--from", "vllm", "--model", "llama-3.1-8"], status: 1,
      message:
        "error: no model 'llama-3.1-8'; did you mean 'llama-3.1-8b' or 'llama-3.1-70b' or "
        + "'llama-3.2-1b'?\n"),
  ]

  @Test(arguments: Backend.available, badFiles)
  func aBadImportRecordsNothing(backend: Backend, _ example: BadFileCase) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(Self.record)
    let before = try sandbox.dump()
    let result = try sandbox.run(
      ["measurement", "import"] + Self.h100 + example.arguments, stdin: example.stdin)
    #expect(result.status == example.status)
    #expect(result.stderr == example.message)
    #expect(result.stdout.isEmpty)
    #expect(try sandbox.dump() == before)
    #expect(try Self.stored(sandbox).count == 1)
  }

  struct BadValueCase: Sendable, CustomTestStringConvertible {
    var name: String
    var replace: (String, String)
    var extra: [String]
    var message: String
    var testDescription: String { name }
  }

  static let badValues = [
    BadValueCase(
      name: "both batch and concurrency", replace: ("--batch", "--batch"),
      extra: ["--concurrency", "64"],
      message:
        "error: give --batch (a fixed-batch run) or --concurrency (requests a client kept in "
        + "flight), not both (see 'envelope help')\n"),
    BadValueCase(
      name: "tensor parallel beyond 64", replace: ("4", "128"), extra: [],
      message:
        "error: the value '128' is invalid for '--tensor-parallel <n>': must be at most 64 GPUs "
        + "per replica (see 'envelope help')\n"),
    BadValueCase(
      name: "GPUs not whole replicas", replace: ("8", "6"), extra: [],
      message:
        "error: --gpus 6 is not a whole number of replicas of --tensor-parallel 4 GPUs (see "
        + "'envelope help')\n"),
    BadValueCase(
      name: "zero throughput", replace: ("9.6k", "0"), extra: [],
      message:
        "error: the value '0' is invalid for '--output-tokens-per-second <rate>': must be "
        + "greater than 0 (see 'envelope help')\n"),
    BadValueCase(
      name: "a TTFT that is not a duration", replace: ("450ms", "soon"), extra: [],
      message:
        "error: the value 'soon' is invalid for '--ttft <duration>': not a number; expected a "
        + "duration like 200ms, 2s or 1.5min (see 'envelope help')\n"),
    BadValueCase(
      name: "a date the calendar lacks", replace: ("2026-01-20", "2026-02-30"), extra: [],
      message:
        "error: the value '2026-02-30' is invalid for '--date <YYYY-MM-DD>': that month has no "
        + "day 30 (see 'envelope help')\n"),
    BadValueCase(
      name: "an unknown precision", replace: ("fp8", "fp6"), extra: [],
      message:
        "error: the value 'fp6' is invalid for '--precision <precision>': expected one of fp64, "
        + "fp32, tf32, fp16, bf16, fp8, int8, int4 (see 'envelope help')\n"),
  ]

  /// Malformed values are refused as the command line is read, naming the flag and the value:
  /// the ledger named by --db is not even created.
  @Test(arguments: Backend.available, badValues)
  func badValuesAreRefusedBeforeTheLedgerOpens(backend: Backend, _ example: BadValueCase) throws {
    let sandbox = try Sandbox(ledger: false, backend: backend)
    var arguments = Self.record
    let index = try #require(arguments.firstIndex(of: example.replace.0))
    arguments[index] = example.replace.1
    let result = try sandbox.run(arguments + example.extra + ["--db", sandbox.database])
    #expect(result.status == 64)
    #expect(result.stderr == example.message)
    #expect(try !sandbox.ledgerExists())
  }

  /// A reading command never creates the ledger a path names (on a server, the ledger's schema
  /// in an empty database); the recording that then creates it says so.
  @Test(arguments: Backend.available) func listingNeverCreatesALedger(backend: Backend) throws {
    let sandbox = try Sandbox(ledger: false, backend: backend)
    let result = try sandbox.run(["measurement", "list", "--db", sandbox.database])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("error: no ledger at \(sandbox.database)"))
    #expect(try !sandbox.ledgerExists())
    let recorded = try sandbox.run(Self.record + ["--db", sandbox.database])
    #expect(recorded.status == 0)
    #expect(recorded.stderr == "note: created a new ledger at \(sandbox.database)\n")
  }
}

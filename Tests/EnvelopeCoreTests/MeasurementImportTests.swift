import Foundation
import Testing

@testable import EnvelopeCore

/// Reading benchmark tools' result files (the fixtures beside this file) into measurements.
struct MeasurementImportTests {
  static let fixtures = URL(filePath: #filePath).deletingLastPathComponent()
    .appending(path: "Fixtures/measurements")

  static func fixture(_ name: String) throws -> String {
    try String(contentsOf: fixtures.appending(path: name), encoding: .utf8)
  }

  static func runs(_ name: String, _ format: MeasurementFormat) throws -> [ImportedMeasurement] {
    try MeasurementImport.runs(in: try fixture(name), format: format)
  }

  /// The message an unreadable file gives, without the format's description.
  static func reason(_ format: MeasurementFormat, _ body: () throws -> Void) -> String? {
    do {
      try body()
    } catch EngineError.unreadableFile(let expected, let reason) {
      #expect(expected == format.fileDescription)
      return reason
    } catch {
      Issue.record("unexpected error \(error)")
    }
    return nil
  }

  /// 500 requests of 1,024 prompt and 256 output tokens (512,000 and 128,000 in all).
  @Test func readsAVLLMResult() throws {
    let runs = try Self.runs("vllm.json", .vllm)
    #expect(
      runs == [
        ImportedMeasurement(
          modelName: "meta-llama/Llama-3.1-8B-Instruct",
          measuredOn: try CalendarDate.parse("2026-01-12"), inputTokens: 1_024, outputTokens: 256,
          outputTokensPerSecond: 3_200, ttftSeconds: 0.1805, tpotSeconds: 0.01425,
          requestsPerSecond: 12.5, concurrency: 64)
      ])
  }

  /// Three runs appended by three invocations: three measurements, each with its line.
  @Test func readsSGLangRunsLineByLine() throws {
    let runs = try Self.runs("sglang.jsonl", .sglang)
    #expect(runs.map(\.line) == [1, 2, 3])
    #expect(runs.map(\.concurrency) == [16, 32, 64])
    #expect(runs.map(\.inputTokens) == [1_024, 1_024, 1_024])
    #expect(runs.map(\.outputTokens) == [256, 256, 256])
    // 40,960 output tokens in 50 s; 163,840 in 80 s.
    #expect(runs.map(\.outputTokensPerSecond) == [819.2, 1_280, 2_048])
    #expect(runs.map(\.ttftSeconds) == [0.095, 0.13, 0.21])
    #expect(runs.map(\.tpotSeconds) == [0.0095, 0.011, 0.0135])
    #expect(runs.allSatisfy { $0.measuredOn == nil && $0.modelName == nil })
  }

  /// Lines ended by CR LF, and a byte-order mark, as files saved on Windows have.
  @Test func readsWindowsLineEndingsAndAByteOrderMark() throws {
    let text = try Self.fixture("sglang.jsonl")
    let windows = "\u{FEFF}" + text.split(separator: "\n").joined(separator: "\r\n") + "\r\n"
    #expect(
      try MeasurementImport.runs(in: windows, format: .sglang) == Self.runs("sglang.jsonl", .sglang)
    )
    let summary = try Self.fixture("mlperf_log_summary.txt")
    let crlf = summary.split(separator: "\n", omittingEmptySubsequences: false)
      .joined(separator: "\r\n")
    #expect(
      try MeasurementImport.runs(in: crlf, format: .mlperf)
        == Self.runs("mlperf_log_summary.txt", .mlperf))
  }

  @Test func readsAnMLPerfServerSummary() throws {
    let runs = try Self.runs("mlperf_log_summary.txt", .mlperf)
    #expect(
      runs == [
        ImportedMeasurement(
          outputTokensPerSecond: 5_123.4, ttftSeconds: 0.412, tpotSeconds: 0.0455,
          requestsPerSecond: 20.05, remarks: ["MLPerf Server scenario, result VALID"])
      ])
  }

  /// An Offline run has no token latencies; an invalid run is kept, and says so.
  @Test func readsAnMLPerfOfflineSummary() throws {
    let runs = try Self.runs("mlperf-offline_log_summary.txt", .mlperf)
    #expect(
      runs == [
        ImportedMeasurement(
          outputTokensPerSecond: 7_420.5, requestsPerSecond: 25.5,
          remarks: ["MLPerf Offline scenario, result INVALID"])
      ])
  }

  @Test func readsAGenAIPerfExport() throws {
    let runs = try Self.runs("genai-perf.json", .genaiPerf)
    #expect(
      runs == [
        ImportedMeasurement(
          modelName: "llama-3.1-70b-instruct", inputTokens: 2_048, outputTokens: 256,
          outputTokensPerSecond: 2_457.6, ttftSeconds: 0.245, tpotSeconds: 0.025,
          requestsPerSecond: 9.6, concurrency: 32)
      ])
  }

  struct RefusalCase: Sendable, CustomTestStringConvertible {
    var name: String
    var format: MeasurementFormat
    var file: String
    var reason: String
    var testDescription: String { name }
  }

  @Test(arguments: [
    RefusalCase(
      name: "vLLM without a field", format: .vllm, file: "vllm-missing-field.json",
      reason: "it has no 'total_output_tokens'"),
    RefusalCase(
      name: "vLLM cut off", format: .vllm, file: "vllm-invalid.json",
      reason: "invalid JSON at line 2, column 1: expected ',' or '}', found the end of the text"),
    RefusalCase(
      name: "SGLang's second run without a field", format: .sglang,
      file: "sglang-missing-field.jsonl", reason: "line 2: it has no 'total_input_tokens'"),
    RefusalCase(
      name: "GenAI-Perf without a metric", format: .genaiPerf,
      file: "genai-perf-missing-field.json", reason: "it has no 'input_sequence_length'"),
    RefusalCase(
      name: "an MLPerf summary read as vLLM", format: .vllm, file: "mlperf_log_summary.txt",
      reason:
        "found text starting '========================================…', not JSON; it "
        + "looks like an MLPerf LoadGen summary (mlperf_log_summary.txt): try --from mlperf"),
    RefusalCase(
      name: "a GenAI-Perf export read as vLLM", format: .vllm, file: "genai-perf.json",
      reason:
        "found a JSON object without 'output_throughput' (its keys: request_throughput, "
        + "request_latency, time_to_first_token, inter_token_latency, output_token_throughput, "
        + "output_token_throughput_per_request, …); it looks like a GenAI-Perf profile export "
        + "(profile_export_genai_perf.json): try --from genai-perf"),
    RefusalCase(
      name: "SGLang's runs read as vLLM", format: .vllm, file: "sglang.jsonl",
      reason:
        "invalid JSON at line 2, column 1: unexpected text after the JSON value; it looks like "
        + "SGLang bench_serving results (--output-file JSON lines): try --from sglang"),
    RefusalCase(
      name: "a vLLM result read as GenAI-Perf", format: .genaiPerf, file: "vllm.json",
      reason:
        "found a JSON object without 'output_token_throughput' (its keys: date, backend, "
        + "model_id, tokenizer_id, num_prompts, request_rate, …); it looks like a vLLM "
        + "benchmark_serving result (--save-result JSON): try --from vllm"),
    RefusalCase(
      name: "a JSON file read as MLPerf", format: .mlperf, file: "vllm.json",
      reason:
        "found text starting '{\"date\": \"20260112-093015\", \"backend\": \"…', without the "
        + "'MLPerf Results Summary' banner; it looks like a vLLM benchmark_serving result "
        + "(--save-result JSON): try --from vllm"),
  ])
  func refusesFilesItCannotRead(_ example: RefusalCase) throws {
    let text = try Self.fixture(example.file)
    let reason = Self.reason(example.format) {
      _ = try MeasurementImport.runs(in: text, format: example.format)
    }
    #expect(reason == example.reason)
  }

  struct TextCase: Sendable, CustomTestStringConvertible {
    var name: String
    var format: MeasurementFormat
    var text: String
    var reason: String
    var testDescription: String { name }
  }

  @Test(arguments: [
    TextCase(name: "empty", format: .vllm, text: " \n\n", reason: "the file is empty"),
    TextCase(name: "empty MLPerf", format: .mlperf, text: "", reason: "the file is empty"),
    TextCase(
      name: "an array", format: .vllm, text: "[1, 2]", reason: "found an array, not a JSON object"),
    TextCase(
      name: "an empty object", format: .genaiPerf, text: "{}",
      reason: "found an empty JSON object, without 'output_token_throughput'"),
    TextCase(
      name: "a string where a number goes", format: .vllm,
      text: #"{"completed": 1, "output_throughput": "fast"}"#,
      reason: #"'output_throughput' is a string "fast"; expected a number"#),
    TextCase(
      name: "no requests completed", format: .vllm,
      text: #"{"output_throughput": 20, "completed": 0}"#,
      reason: "'completed' is 0; expected a number above 0"),
    TextCase(
      name: "a negative latency", format: .sglang,
      text: """
        {"output_throughput": 10, "completed": 1, "total_input_tokens": 5, \
        "total_output_tokens": 5, "mean_ttft_ms": -3}
        """,
      reason: "line 1: 'mean_ttft_ms' is -3; expected a number above 0"),
    TextCase(
      name: "a fractional concurrency", format: .vllm,
      text: """
        {"output_throughput": 10, "completed": 1, "total_input_tokens": 5, \
        "total_output_tokens": 5, "max_concurrency": 2.5}
        """,
      reason: "'max_concurrency' is 2.5; expected a whole number of at least 1"),
    TextCase(
      name: "a date vLLM does not write", format: .vllm,
      text: """
        {"output_throughput": 10, "completed": 1, "total_input_tokens": 5, \
        "total_output_tokens": 5, "date": "yesterday"}
        """,
      reason: "'date' is 'yesterday'; expected a date like 20250115-143000"),
    TextCase(
      name: "a GenAI-Perf latency in minutes", format: .genaiPerf,
      text: """
        {"output_token_throughput": {"avg": 5}, "input_sequence_length": {"avg": 5}, \
        "output_sequence_length": {"avg": 5}, "time_to_first_token": {"avg": 1, "unit": "min"}}
        """,
      reason: "'time_to_first_token.unit' is 'min'; expected ms, us, ns or s"),
    TextCase(
      name: "a GenAI-Perf metric without its average", format: .genaiPerf,
      text: #"{"output_token_throughput": {"unit": "tokens/sec"}}"#,
      reason: "it has no 'output_token_throughput.avg'"),
    TextCase(
      name: "an accuracy run", format: .mlperf,
      text: "MLPerf Results Summary\nScenario : Offline\nMode     : AccuracyOnly\n",
      reason:
        "it is a AccuracyOnly run, which measures no throughput; import the performance run's "
        + "summary"),
    TextCase(
      name: "a single-stream run", format: .mlperf,
      text: "MLPerf Results Summary\nScenario : SingleStream\nMode     : PerformanceOnly\n",
      reason:
        "the SingleStream scenario reports latency, not the system's throughput; import an "
        + "Offline or Server run"),
    TextCase(
      name: "inferred tokens", format: .mlperf,
      text:
        "MLPerf Results Summary\nScenario : Offline\nMode     : PerformanceOnly\n"
        + "Samples per second: 10\nTokens per second (inferred): 2560\n",
      reason:
        "its 'Tokens per second (inferred)' is samples times an assumed length, not measured "
        + "tokens"),
    TextCase(
      name: "a summary without tokens", format: .mlperf,
      text: "MLPerf Results Summary\nScenario : Server\nCompleted samples per second : 3\n",
      reason: "it has no 'Completed tokens per second'"),
  ])
  func refusesTextItCannotRead(_ example: TextCase) {
    let reason = Self.reason(example.format) {
      _ = try MeasurementImport.runs(in: example.text, format: example.format)
    }
    #expect(reason == example.reason)
  }

  /// What a tool writes as 0 because it could not measure it reads as not measured.
  @Test func zeroLatenciesAreNotMeasured() throws {
    let text = """
      {"output_throughput": 100, "completed": 4, "total_input_tokens": 40, \
      "total_output_tokens": 4, "mean_ttft_ms": 0, "mean_tpot_ms": 0, "max_concurrency": null}
      """
    let run = try #require(try MeasurementImport.runs(in: text, format: .vllm).first)
    #expect(run.ttftSeconds == nil && run.tpotSeconds == nil && run.concurrency == nil)
    #expect(run.inputTokens == 10 && run.outputTokens == 1)
  }

  @Test func recognisesEachFixture() throws {
    #expect(MeasurementFormat.recognise(try Self.fixture("vllm.json")) == .vllm)
    #expect(MeasurementFormat.recognise(try Self.fixture("sglang.jsonl")) == .sglang)
    #expect(MeasurementFormat.recognise(try Self.fixture("mlperf_log_summary.txt")) == .mlperf)
    #expect(MeasurementFormat.recognise(try Self.fixture("genai-perf.json")) == .genaiPerf)
    #expect(MeasurementFormat.recognise("hello") == nil)
    #expect(try MeasurementFormat.parse("GENAI-PERF") == .genaiPerf)
    #expect(
      throws: EngineError.invalidQuantity(
        field: "--from", value: "trtllm", reason: "expected one of vllm, sglang, mlperf, genai-perf"
      )
    ) { try MeasurementFormat.parse("trtllm", field: "--from") }
  }

  // MARK: Completing a run with the command line's values

  static let given = MeasurementCompletion(
    modelID: "llama-3.1-8b", gpuID: "h100-sxm", precision: .fp8, tensorParallel: 1, gpus: 2,
    source: "vllm vllm.json", note: "nightly")

  @Test func theCommandLineCompletesARun() throws {
    let run = try #require(try Self.runs("vllm.json", .vllm).first)
    let measurement = try run.completed(with: Self.given, format: .vllm)
    #expect(
      measurement
        == ServingMeasurement(
          modelID: "llama-3.1-8b", gpuID: "h100-sxm", precision: .fp8, tensorParallel: 1,
          gpus: 2, concurrency: 64, inputTokens: 1_024, outputTokens: 256,
          outputTokensPerSecond: 3_200, ttftSeconds: 0.1805, tpotSeconds: 0.01425,
          requestsPerSecond: 12.5, measuredOn: try CalendarDate.parse("2026-01-12"),
          source: "vllm vllm.json", note: "model meta-llama/Llama-3.1-8B-Instruct; nightly"))
    #expect(measurement.outputTokensPerSecondPerGPU == 1_600)
    // The same values again are no conflict.
    var same = Self.given
    same.measuredOn = try CalendarDate.parse("2026-01-12")
    same.inputTokens = 1_024
    same.concurrency = 64
    #expect(try run.completed(with: same, format: .vllm) == measurement)
  }

  @Test func aFlagTheFileContradictsIsRefusedNamingBoth() throws {
    let run = try #require(try Self.runs("sglang.jsonl", .sglang).last)
    var given = Self.given
    given.measuredOn = try CalendarDate.parse("2026-02-01")
    given.inputTokens = 1_000
    #expect(
      throws: EngineError.invalidQuantity(
        field: "--input-tokens", value: "1,000",
        reason: "the file says 1,024 (line 3); a flag only fills what the file does not say")
    ) { try run.completed(with: given, format: .sglang) }
    given.inputTokens = nil
    given.concurrency = 32
    #expect(
      throws: EngineError.invalidQuantity(
        field: "--concurrency", value: "32",
        reason: "the file says 64 (line 3); a flag only fills what the file does not say")
    ) { try run.completed(with: given, format: .sglang) }
    given.concurrency = nil
    let measurement = try run.completed(with: given, format: .sglang)
    #expect(measurement.source == "vllm vllm.json, line 3")
    #expect(measurement.measuredOn == (try CalendarDate.parse("2026-02-01")))
  }

  @Test func whatNeitherSaysIsRequired() throws {
    let sglang = try #require(try Self.runs("sglang.jsonl", .sglang).first)
    #expect(
      throws: EngineError.missingInput(
        option: "--date",
        reason:
          "SGLang bench_serving results (--output-file JSON lines) gives no date; give the day "
          + "of the run")
    ) { try sglang.completed(with: Self.given, format: .sglang) }
    let mlperf = try #require(try Self.runs("mlperf_log_summary.txt", .mlperf).first)
    var given = Self.given
    given.measuredOn = try CalendarDate.parse("2026-03-01")
    given.inputTokens = 2_048
    #expect(
      throws: EngineError.missingInput(
        option: "--output-tokens",
        reason:
          "an MLPerf LoadGen summary (mlperf_log_summary.txt) gives no token lengths; give "
          + "--input-tokens and --output-tokens, the run's mean prompt and output tokens per "
          + "request")
    ) { try mlperf.completed(with: given, format: .mlperf) }
    given.outputTokens = 512
    let measurement = try mlperf.completed(with: given, format: .mlperf)
    #expect(measurement.inputTokens == 2_048 && measurement.outputTokens == 512)
    #expect(measurement.note == "MLPerf Server scenario, result VALID; nightly")
  }
}

/// A benchmark tool's result file that measurements can be imported from.
public enum MeasurementFormat: String, CaseIterable, Sendable {
  /// vLLM's `benchmarks/benchmark_serving.py --save-result` (and `vllm bench serve`): one JSON
  /// object per file.
  case vllm
  /// SGLang's `python -m sglang.bench_serving --output-file`: JSON lines, one object per run,
  /// appended run after run.
  case sglang
  /// MLPerf Inference LoadGen's `mlperf_log_summary.txt`.
  case mlperf
  /// NVIDIA GenAI-Perf's `profile_export_genai_perf.json`.
  case genaiPerf = "genai-perf"

  /// What a file of this format is, as messages name it.
  public var fileDescription: String {
    switch self {
    case .vllm: return "a vLLM benchmark_serving result (--save-result JSON)"
    case .sglang: return "SGLang bench_serving results (--output-file JSON lines)"
    case .mlperf: return "an MLPerf LoadGen summary (mlperf_log_summary.txt)"
    case .genaiPerf: return "a GenAI-Perf profile export (profile_export_genai_perf.json)"
    }
  }

  /// Reads a format from its name, ignoring case.
  ///
  /// - Throws: ``EngineError/invalidQuantity(field:value:reason:)`` listing the formats.
  public static func parse(_ text: String, field: String = "format") throws -> MeasurementFormat {
    guard let format = MeasurementFormat(rawValue: text.lowercased()) else {
      let names = allCases.map(\.rawValue).joined(separator: ", ")
      throw EngineError.invalidQuantity(
        field: field, value: text, reason: "expected one of \(names)")
    }
    return format
  }

  /// The format a file's text looks like, to say so when it was read as another; `nil` when
  /// it looks like none of them.
  ///
  /// An MLPerf summary has its `MLPerf Results Summary` banner; a GenAI-Perf export has
  /// `output_token_throughput`; a vLLM result has `output_throughput` and vLLM's `model_id` or
  /// `tokenizer_id`, which SGLang's runs lack; an SGLang run has `output_throughput` and
  /// `total_output_tokens_retokenized`, which vLLM's lack.
  ///
  /// - Parameter text: The file's text.
  /// - Returns: The format it looks like.
  public static func recognise(_ text: String) -> MeasurementFormat? {
    if text.contains("MLPerf Results Summary") { return .mlperf }
    let firstLine = text.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) }
    let object =
      (try? JSONValue(parsing: text)) ?? firstLine.flatMap { try? JSONValue(parsing: String($0)) }
    guard case .object(let members)? = object else { return nil }
    let keys = Set(members.map(\.0))
    if keys.contains("output_token_throughput") { return .genaiPerf }
    guard keys.contains("output_throughput") else { return nil }
    if keys.contains("model_id") || keys.contains("tokenizer_id") { return .vllm }
    return keys.contains("total_output_tokens_retokenized") ? .sglang : nil
  }
}

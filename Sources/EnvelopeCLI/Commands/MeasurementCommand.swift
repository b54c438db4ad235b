import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore
import Foundation

extension Envelope {
  struct MeasurementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "measurement",
      abstract: "Record, import and list what serving benchmarks measured.",
      discussion: """
        A measurement is what a benchmark saw serving one model on one GPU: the configuration \
        (precision, GPUs per replica, GPUs in all, batch or client concurrency, mean prompt \
        and output tokens) and the figures (output tokens/s over all the GPUs, TTFT, TPOT, \
        requests/s). Measurements are appended and never changed; a wrong one is corrected by \
        a new one that supersedes it. The view current_measurements holds those not \
        superseded, with output_tokens_per_second_per_gpu.

        Examples:
          envelope measurement record --model llama-3.1-8b --gpu h100-sxm --precision fp8 \\
            --tensor-parallel 1 --input-tokens 1024 --output-tokens 256 --concurrency 64 \\
            --output-tokens-per-second 3200 --ttft 180ms --tpot 14ms --date 2026-01-12
          envelope measurement import run.json --from vllm --model llama-3.1-8b \\
            --gpu h100-sxm --precision fp8 --tensor-parallel 1
          envelope measurement list --gpu h100-sxm --format csv
        """,
      subcommands: [Record.self, Import.self, List.self])

    struct Record: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a measurement given on the command line.",
        discussion: """
          --output-tokens-per-second is over all --gpus (default: one replica of \
          --tensor-parallel GPUs). --batch is the engine's batch cap (max_num_seqs) for a run \
          at a fixed batch; --concurrency the requests a benchmark client kept in flight; give \
          one or neither.

          Examples:
            envelope measurement record --model llama-3.1-70b --gpu h100-sxm \\
              --precision fp8 --tensor-parallel 4 --gpus 8 --input-tokens 2048 \\
              --output-tokens 128 --batch 256 --output-tokens-per-second 9.5k \\
              --date 2026-01-20 --source "our vLLM 0.9 run"
            envelope measurement record … --supersedes 3 --reason "TP was 4, not 2"
          """)
      @OptionGroup var measured: MeasuredConfigurationOptions
      @Option(help: ArgumentHelp("Mean prompt tokens per request.", valueName: "n"))
      var inputTokens: Typed<Count>
      @Option(help: ArgumentHelp("Mean generated tokens per request.", valueName: "n"))
      var outputTokens: Typed<Count>
      @Option(help: ArgumentHelp("The engine's batch cap, for a fixed-batch run.", valueName: "n"))
      var batch: Typed<WholeNumber>?
      @Option(help: ArgumentHelp("Requests the client kept in flight.", valueName: "n"))
      var concurrency: Typed<WholeNumber>?
      @Option(help: ArgumentHelp("Output tokens per second over all the GPUs.", valueName: "rate"))
      var outputTokensPerSecond: Typed<Count>
      @Option(help: ArgumentHelp("Mean time to first token (180ms).", valueName: "duration"))
      var ttft: Typed<Seconds>?
      @Option(help: ArgumentHelp("Mean time per output token (14ms).", valueName: "duration"))
      var tpot: Typed<Seconds>?
      @Option(help: ArgumentHelp("Requests completed per second.", valueName: "rate"))
      var requestsPerSecond: Typed<Count>?
      @Option(help: ArgumentHelp("The day of the run.", valueName: "YYYY-MM-DD"))
      var date: Typed<CalendarDate>
      @Option(
        help: ArgumentHelp("The measurement this one corrects (needs --reason).", valueName: "id"))
      var supersedes: Typed<EntryID>?
      @Option(help: ArgumentHelp("Why this one corrects it.", valueName: "text"))
      var reason: Typed<Text>?
      @OptionGroup var output: FormatOptions
      @OptionGroup var ledger: LedgerOptions

      func validate() throws {
        if batch != nil, concurrency != nil {
          throw ValidationError(
            "give --batch (a fixed-batch run) or --concurrency (requests a client kept in "
              + "flight), not both")
        }
        if (supersedes == nil) != (reason == nil) {
          throw ValidationError("--supersedes and --reason go together")
        }
      }

      func run() throws {
        let measurement = ServingMeasurement(
          modelID: measured.model.value, gpuID: measured.gpu.value,
          precision: measured.precision.value, kvPrecision: measured.kvPrecision?.value,
          tensorParallel: measured.tensorParallel.value, gpus: measured.gpus?.value,
          batch: batch?.value, concurrency: concurrency?.value, inputTokens: inputTokens.value,
          outputTokens: outputTokens.value, outputTokensPerSecond: outputTokensPerSecond.value,
          ttftSeconds: ttft?.value, tpotSeconds: tpot?.value,
          requestsPerSecond: requestsPerSecond?.value, measuredOn: date.value,
          source: measured.source?.value ?? "", note: measured.note?.value)
        try measurement.validate()
        let ledger = try self.ledger.open(for: .writing)
        let recorded: RecordedMeasurement
        if let supersedes, let reason {
          recorded = try ledger.supersedeMeasurement(
            id: supersedes.value, with: measurement, reason: reason.value)
        } else {
          recorded = try ledger.recordMeasurements([measurement])[0]
        }
        if output.format == .table {
          let correction = recorded.supersedes.map { ", superseding measurement \($0)" } ?? ""
          Console.line("recorded measurement \(recorded.id)\(correction)")
        }
        try printMeasurements([recorded], output.format)
      }
    }

    struct Import: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record the runs of a benchmark tool's result file.",
        discussion: """
          Formats (--from): vllm, vLLM's benchmark_serving.py --save-result JSON (or vllm \
          bench serve's); sglang, the JSON lines sglang.bench_serving --output-file appends, \
          one measurement per line; mlperf, an MLPerf LoadGen mlperf_log_summary.txt (Offline \
          or Server); genai-perf, GenAI-Perf's profile_export_genai_perf.json.

          No file says which GPU, precision or tensor-parallel degree it ran: give them. The \
          flags --date, --input-tokens, --output-tokens and --concurrency fill what a file \
          does not say (MLPerf summaries have no token lengths, SGLang, MLPerf and GenAI-Perf \
          files no date); one the file says differently is refused, naming both values. Every \
          run is recorded, or none. FILE - reads standard input.

          Examples:
            envelope measurement import run.json --from vllm --model llama-3.1-8b \\
              --gpu h100-sxm --precision fp8 --tensor-parallel 1
            envelope measurement import runs.jsonl --from sglang --model llama-3.1-70b \\
              --gpu h200 --precision fp8 --tensor-parallel 2 --date 2026-01-20
            envelope measurement import mlperf_log_summary.txt --from mlperf \\
              --model llama-2-70b --gpu h200 --precision fp8 --tensor-parallel 1 \\
              --gpus 8 --input-tokens 294 --output-tokens 286 --date 2025-08-01
          """)
      @Argument(help: ArgumentHelp("The result file; - reads standard input.", valueName: "file"))
      var file: String
      @Option(
        help: ArgumentHelp(
          "The tool that wrote it: vllm, sglang, mlperf or genai-perf.", valueName: "format"))
      var from: Typed<MeasurementFormat>
      @OptionGroup var measured: MeasuredConfigurationOptions
      @Option(
        help: ArgumentHelp("The day of the run, when the file has none.", valueName: "YYYY-MM-DD"))
      var date: Typed<CalendarDate>?
      @Option(
        help: ArgumentHelp(
          "Mean prompt tokens per request, when the file has none.", valueName: "n"))
      var inputTokens: Typed<Count>?
      @Option(
        help: ArgumentHelp(
          "Mean generated tokens per request, when the file has none.", valueName: "n"))
      var outputTokens: Typed<Count>?
      @Option(
        help: ArgumentHelp(
          "Requests the client kept in flight, when the file has none.", valueName: "n"))
      var concurrency: Typed<WholeNumber>?
      @OptionGroup var output: FormatOptions
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let format = from.value
        let name = file == "-" ? "standard input" : file
        let runs: [ImportedMeasurement]
        do {
          runs = try MeasurementImport.runs(in: try readText(), format: format)
        } catch EngineError.unreadableFile(let expected, let reason) {
          throw CLIError.usage(
            "cannot import '\(name)' as \(expected): \(reason); nothing was recorded")
        }
        let fileName = file == "-" ? name : URL(fileURLWithPath: file).lastPathComponent
        let given = MeasurementCompletion(
          modelID: measured.model.value, gpuID: measured.gpu.value,
          precision: measured.precision.value, kvPrecision: measured.kvPrecision?.value,
          tensorParallel: measured.tensorParallel.value, gpus: measured.gpus?.value,
          measuredOn: date?.value, inputTokens: inputTokens?.value,
          outputTokens: outputTokens?.value, concurrency: concurrency?.value,
          source: measured.source?.value ?? "\(fileName) (\(format.rawValue))",
          note: measured.note?.value)
        let measurements = try runs.map { try $0.completed(with: given, format: format) }
        for measurement in measurements { try measurement.validate() }
        let recorded = try ledger.open(for: .writing).recordMeasurements(measurements)
        if output.format == .table {
          let ids = recorded.map { String($0.id) }.joined(separator: ", ")
          let count = recorded.count == 1 ? "1 measurement" : "\(recorded.count) measurements"
          Console.line("recorded \(count) from \(name) (\(format.rawValue)): \(ids)")
        }
        try printMeasurements(recorded, output.format)
      }

      /// The file's text, or standard input's for `-`.
      func readText() throws -> String {
        if file == "-" {
          return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory),
          !isDirectory.boolValue, let data = FileManager.default.contents(atPath: file)
        else {
          throw CLIError.failure("cannot read '\(file)': no such file or not readable")
        }
        return String(decoding: data, as: UTF8.self)
      }
    }

    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List recorded measurements.",
        discussion: """
          Superseded measurements are left out unless --all is given. JSON and CSV carry base \
          units: seconds, tokens per second.

          Examples:
            envelope measurement list
            envelope measurement list --model llama-3.1-8b --gpu h100-sxm --format json
            envelope measurement list --all --format csv
          """)
      @Option(help: ArgumentHelp("Only this model's.", valueName: "id"))
      var model: Typed<CatalogueID<ModelProfile>>?
      @Option(help: ArgumentHelp("Only this GPU's.", valueName: "id"))
      var gpu: Typed<CatalogueID<GPUProfile>>?
      @Option(help: ArgumentHelp("Only those at this precision.", valueName: "precision"))
      var precision: Typed<Precision>?
      @Flag(help: "Include the measurements later ones supersede.")
      var all = false
      @OptionGroup var output: FormatOptions
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let measurements = try ledger.open(for: .reading).measurements(
          modelID: model?.value, gpuID: gpu?.value, precision: precision?.value,
          includeSuperseded: all)
        if output.format == .table, measurements.isEmpty {
          Console.line("No measurements recorded.")
          return
        }
        try printMeasurements(measurements, output.format)
      }
    }
  }
}

/// The keys of a measurement in JSON and CSV, in order.
let measurementKeys = [
  "id", "recorded_at", "measured_on", "model_id", "gpu_id", "precision", "kv_precision",
  "tensor_parallel", "gpus", "batch", "concurrency", "input_tokens", "output_tokens",
  "output_tokens_per_second", "output_tokens_per_second_per_gpu", "ttft_seconds", "tpot_seconds",
  "requests_per_second", "source", "note", "supersedes", "reason", "superseded_by",
]

/// One measurement as JSON and CSV carry it, keyed by ``measurementKeys``: base units, the
/// per-GPU throughput, supersession.
func measurementRow(_ recorded: RecordedMeasurement) -> JSONValue {
  let measurement = recorded.measurement
  func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
  func integer(_ value: Int?) -> JSONValue { value.map(JSONValue.integer) ?? .null }
  func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
  let values: [JSONValue] = [
    .integer(Int(recorded.id)), .string(recorded.recordedAt),
    .string(measurement.measuredOn.description), .string(measurement.modelID),
    .string(measurement.gpuID), .string(measurement.precision.rawValue),
    text(measurement.kvPrecision?.rawValue), .integer(measurement.tensorParallel),
    .integer(measurement.gpus), integer(measurement.batch), integer(measurement.concurrency),
    .number(measurement.inputTokens), .number(measurement.outputTokens),
    .number(measurement.outputTokensPerSecond), .number(measurement.outputTokensPerSecondPerGPU),
    number(measurement.ttftSeconds), number(measurement.tpotSeconds),
    number(measurement.requestsPerSecond), .string(measurement.source), text(measurement.note),
    integer(recorded.supersedes.map(Int.init)), text(recorded.reason),
    integer(recorded.supersededBy.map(Int.init)),
  ]
  return .object(Array(zip(measurementKeys, values)))
}

/// Prints measurements as a table (human units), JSON, JSON lines or CSV (base units).
func printMeasurements(_ measurements: [RecordedMeasurement], _ format: OutputFormat) throws {
  let rows = measurements.map(measurementRow)
  switch format {
  case .table: Console.table(measurementTable(measurements))
  case .json: Console.line(JSONValue.array(rows).serialized(pretty: true))
  case .jsonl: for row in rows { Console.line(row.serialized()) }
  case .csv:
    var table = Table(headers: measurementKeys)
    table.rows = rows.map { row in measurementKeys.map { row[$0]?.csvText ?? "" } }
    Console.line(table.csv())
  }
}

/// Measurements in human units, one row each; a superseded one says which corrects it.
func measurementTable(_ measurements: [RecordedMeasurement]) -> Table {
  var table = Table(headers: [
    "id", "measured on", "model", "gpu", "precision", "tp", "gpus", "batch", "conc.", "in",
    "out", "output tok/s", "per GPU", "TTFT", "TPOT", "note",
  ])
  table.rightAligned = [0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
  table.rows = measurements.map { recorded in
    let measurement = recorded.measurement
    let status = [
      recorded.supersedes.map { "corrects \($0): \(recorded.reason ?? "")" },
      recorded.supersededBy.map { "superseded by \($0)" }, measurement.note,
    ].compactMap { $0 }
    return [
      String(recorded.id), measurement.measuredOn.description, measurement.modelID,
      measurement.gpuID,
      measurement.precision.rawValue
        + (measurement.kvPrecision.map { " (KV \($0.rawValue))" } ?? ""),
      String(measurement.tensorParallel), String(measurement.gpus),
      measurement.batch.map(String.init) ?? "", measurement.concurrency.map(String.init) ?? "",
      HumanFormat.number(measurement.inputTokens), HumanFormat.number(measurement.outputTokens),
      HumanFormat.number(measurement.outputTokensPerSecond),
      HumanFormat.number(measurement.outputTokensPerSecondPerGPU),
      measurement.ttftSeconds.map(HumanFormat.seconds) ?? "",
      measurement.tpotSeconds.map(HumanFormat.seconds) ?? "", status.joined(separator: "; "),
    ]
  }
  return table
}

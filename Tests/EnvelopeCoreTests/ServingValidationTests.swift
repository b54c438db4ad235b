import EnvelopeTestSupport
import Foundation
import Testing

@testable import EnvelopeCore

/// A published serving measurement of `reference/serving-measurements.csv` and the
/// configuration it was measured at.
struct PublishedMeasurement: CustomTestStringConvertible, Sendable {
  var id: String
  var source: String
  var modelID: String
  var gpuID: String
  var gpus: Int
  var tensorParallel: Int?
  var precision: String
  var kvPrecision: String?
  var inputTokens: Double?
  var outputTokens: Double?
  var batch: Int?
  var scenario: String
  var ttftLimitSeconds: Double?
  var tpotLimitSeconds: Double?
  var outputTokensPerSecondPerGPU: Double?
  var ttftSeconds: Double?
  var stack: String
  var notes: String
  var testDescription: String { id }

  init(_ row: [String: String]) {
    id = row["id"] ?? ""
    source = row["source"] ?? ""
    modelID = row["model_id"] ?? ""
    gpuID = row["gpu_id"] ?? ""
    gpus = row.whole("gpus") ?? 1
    tensorParallel = row.whole("tensor_parallel")
    precision = row["precision"] ?? ""
    kvPrecision = row.text("kv_precision")
    inputTokens = row.number("input_tokens")
    outputTokens = row.number("output_tokens")
    batch = row.whole("batch")
    scenario = row["scenario"] ?? ""
    ttftLimitSeconds = row.number("ttft_limit_ms").map { $0 / 1_000 }
    tpotLimitSeconds = row.number("tpot_limit_ms").map { $0 / 1_000 }
    outputTokensPerSecondPerGPU = row.number("output_tokens_per_second_per_gpu")
    ttftSeconds = row.number("ttft_ms").map { $0 / 1_000 }
    stack = row["stack"] ?? ""
    notes = row["notes"] ?? ""
  }

  /// Whether the row measures time to first token at batch 1 rather than throughput.
  var isFirstTokenLatency: Bool { scenario == "latency" && ttftSeconds != nil }
}

/// The shipped catalogue's GPUs and models as `reference/` lists them, and the serving
/// measurements, read from the files.
enum ServingReference {
  static let gpus: [String: GPUProfile] = {
    let table = try? ReferenceTable("gpus.csv")
    var curves: [String: [AllReduceBandwidthPoint]] = [:]
    for row in (try? ReferenceTable("all-reduce-bandwidth.csv"))?.rows ?? [] {
      if let size = row.number("message_bytes"), let rate = row.number("bus_gb_per_second") {
        curves[row["gpu_id"] ?? "", default: []].append(
          AllReduceBandwidthPoint(messageBytes: size, busBytesPerSecond: rate * 1e9))
      }
    }
    var matmul: [String: [MatmulThroughputPoint]] = [:]
    for row in (try? ReferenceTable("matmul-throughput.csv"))?.rows ?? [] {
      if let precision = row["precision"].flatMap(Precision.init(rawValue:)),
        let size = row.number("size"), let rate = row.number("tflops")
      {
        matmul[row["gpu_id"] ?? "", default: []].append(
          MatmulThroughputPoint(precision: precision, size: size, flopsPerSecond: rate * 1e12))
      }
    }
    var result: [String: GPUProfile] = [:]
    for row in table?.rows ?? [] {
      let columns: [(Precision, String)] = [
        (.fp64, "fp64_tflops"), (.fp32, "fp32_tflops"), (.tf32, "tf32_tflops"),
        (.fp16, "fp16_tflops"), (.bf16, "bf16_tflops"), (.fp8, "fp8_tflops"),
        (.int8, "int8_tops"),
      ]
      var peaks: [Precision: Double] = [:]
      for (precision, column) in columns {
        if let value = row.number(column) { peaks[precision] = value * 1e12 }
      }
      let id = row["id"] ?? ""
      result[id] = GPUProfile(
        id: id, name: row["name"] ?? id, peakFLOPS: peaks,
        memoryBytes: row.number("memory_bytes") ?? row.number("memory_gb").map { $0 * 1e9 },
        memoryBandwidthBytesPerSecond: row.number("bandwidth_tb_s").map { $0 * 1e12 },
        matmulEfficiency: row.number("matmul_efficiency"),
        fp8MatmulEfficiency: row.number("fp8_matmul_efficiency"),
        bandwidthEfficiency: row.number("bandwidth_efficiency"),
        interconnectBytesPerSecond: row.number("interconnect_bytes_per_second"),
        allReduceBusBandwidth: curves[id] ?? [], matmulThroughput: matmul[id] ?? [])
    }
    return result
  }()

  static let models: [String: ModelProfile] = {
    let table = try? ReferenceTable("models.csv")
    var result: [String: ModelProfile] = [:]
    for row in table?.rows ?? [] {
      let id = row["id"] ?? ""
      result[id] = ModelProfile(
        id: id, name: row["name"] ?? id, parameters: row.number("params") ?? 0,
        activeParameters: row.number("active_params"), layers: row.whole("layers"),
        hiddenSize: row.whole("hidden"), ffnSize: row.whole("ffn"),
        attentionHeads: row.whole("attention_heads"), kvHeads: row.whole("kv_heads"),
        headDim: row.whole("head_dim"), vocabSize: row.whole("vocab"),
        contextLength: row.whole("context"), experts: row.whole("experts"),
        expertsPerToken: row.whole("experts_per_token"))
    }
    return result
  }()

  static let measurements: [PublishedMeasurement] = {
    ((try? ReferenceTable("serving-measurements.csv"))?.rows ?? []).map(PublishedMeasurement.init)
  }()

  /// Why a row is not validated, decided by its configuration alone (never by its result);
  /// `nil` for a validated row.
  static func exclusion(_ row: PublishedMeasurement) -> String? {
    if row.precision.isEmpty { return "precision not stated" }
    if Precision(rawValue: row.precision) == nil {
      return "\(row.precision) weights: Envelope has no \(row.precision) precision"
    }
    if row.inputTokens == nil || row.outputTokens == nil {
      return "mean input length not published (MLPerf publishes the dataset, not its lengths)"
    }
    if row.notes.localizedCaseInsensitiveContains("speculative") {
      return "speculative decoding: more than one token per step"
    }
    if row.notes.localizedCaseInsensitiveContains("attention_dp")
      || row.notes.localizedCaseInsensitiveContains("attention DP")
      || row.notes.localizedCaseInsensitiveContains("attention data parallel")
    {
      return "attention data parallelism and expert parallelism: not modelled"
    }
    if row.scenario == "server" && row.id.contains("qps") && !row.id.hasSuffix("qps-inf") {
      return "throughput set by the offered load (a fixed request rate), not by capacity"
    }
    if row.isFirstTokenLatency { return nil }
    if row.outputTokensPerSecondPerGPU == nil { return "no throughput published" }
    return nil
  }

  static var validated: [PublishedMeasurement] { measurements.filter { exclusion($0) == nil } }

  /// The row's configuration as roofline inputs: its model, GPU, precision, lengths,
  /// tensor-parallel degree, batch (a cap for throughput rows, exact for first-token rows), KV
  /// precision and latency targets; every other setting the shipped default.
  static func inputs(_ row: PublishedMeasurement) throws -> RooflineInputs {
    let model = try #require(models[row.modelID], "no model \(row.modelID) in reference/")
    let gpu = try #require(gpus[row.gpuID], "no GPU \(row.gpuID) in reference/")
    let precision = try #require(Precision(rawValue: row.precision))
    return RooflineInputs(
      model: model, gpu: gpu,
      parameters: RooflineParameters(
        precision: precision, kvCachePrecision: row.kvPrecision.flatMap(Precision.init),
        dailyActiveUsers: 1e6, requestsPerUserPerDay: 10,
        inputTokens: try #require(row.inputTokens), outputTokens: try #require(row.outputTokens),
        batch: row.isFirstTokenLatency ? 1 : nil,
        maxBatch: row.isFirstTokenLatency ? nil : row.batch,
        tensorParallel: row.tensorParallel ?? row.gpus, maxTTFTSeconds: row.ttftLimitSeconds,
        maxTPOTSeconds: row.tpotLimitSeconds))
  }

  /// Envelope's figure comparable to the row's and the row's own: time to first token, or
  /// output tokens per second per GPU.
  static func comparison(_ row: PublishedMeasurement, at end: EstimateRange.End = .expected)
    throws -> (envelope: Double, published: Double, estimate: RooflineEstimate)
  {
    let estimate = try RooflineEstimate(try inputs(row).atEnd(end))
    if row.isFirstTokenLatency {
      return (estimate.ttftSeconds, try #require(row.ttftSeconds), estimate)
    }
    return (
      estimate.outputTokensPerSecondPerGPU, try #require(row.outputTokensPerSecondPerGPU),
      estimate
    )
  }

  /// exp(mean |ln(Envelope ÷ published)|) − 1 over the validated rows.
  static func geometricMeanError() throws -> Double {
    var sum = 0.0
    for row in validated {
      let pair = try comparison(row)
      sum += abs(log(pair.envelope / pair.published))
    }
    return exp(sum / Double(validated.count)) - 1
  }
}

/// Envelope's roofline serving estimates, with shipped defaults and each row's configuration,
/// against every validated published measurement.
///
/// A row outside a bound is a known miss with its likely cause, written down here and in
/// BENCHMARKS.md: its test records the miss as a known issue, and fails once the row comes
/// inside the bound, so that the note is revisited. No default is tuned to make a row pass.
struct ServingValidationTests {
  /// The tolerance per row: ±35%.
  static let rowTolerance = 0.35
  /// The goal for the geometric-mean error: 20%.
  static let meanTolerance = 0.20

  /// Rows outside ±35% with shipped defaults, and the likely cause.
  static let knownMisses: [String: String] = [
    "trtllm014-l40s-llama3.1-70b-tp4-1000-1000": pcie + "; Envelope 1.45× high",
    "trtllm014-l40s-llama3.1-70b-tp8-1000-1000": pcie + "; Envelope 1.61× high",
  ]

  /// Rows whose published figure lies outside `--range`, and the likely cause.
  static let knownRangeMisses: [String: String] = [:]

  static let pcie =
    "tensor parallelism over PCIe: L40S has no published all-reduce curve, so each all-reduce"
    + " takes 25 µs plus its bytes at 0.8 of the 31 GB/s link rate (NCCL's own model of a PCIe"
    + " 4.0 x16 link is 24 GB/s), more than the test system's all-reduces reached: its total"
    + " throughput barely grows from 4 to 8 GPUs; and no published matmul or bandwidth"
    + " measurement either (the fallbacks stand in)"

  @Test func referenceHasEnoughValidatedRows() {
    #expect(ServingReference.validated.count >= 20)
  }

  @Test func knownMissesNameValidatedRows() {
    let ids = Set(ServingReference.validated.map(\.id))
    #expect(Set(Self.knownMisses.keys).subtracting(ids).isEmpty)
    #expect(Set(Self.knownRangeMisses.keys).subtracting(ids).isEmpty)
  }

  @Test(arguments: ServingReference.validated)
  func withinThirtyFivePercent(_ row: PublishedMeasurement) throws {
    let pair = try ServingReference.comparison(row)
    let ratio = pair.envelope / pair.published
    let check = {
      #expect(
        abs(ratio - 1) <= Self.rowTolerance,
        "\(row.id): Envelope \(pair.envelope), published \(pair.published), ratio \(ratio)")
    }
    if let reason = Self.knownMisses[row.id] {
      withKnownIssue(Comment(rawValue: reason)) { check() }
    } else {
      check()
    }
  }

  @Test func geometricMeanError() throws {
    let error = try ServingReference.geometricMeanError()
    #expect(error <= Self.meanTolerance, "geometric-mean error \(error)")
  }

  /// `--range` brackets reality: the published figure lies between the pessimistic and
  /// optimistic ends.
  @Test(arguments: ServingReference.validated)
  func rangeBracketsTheMeasurement(_ row: PublishedMeasurement) throws {
    let published = try ServingReference.comparison(row).published
    let slow = try ServingReference.comparison(row, at: .pessimistic).envelope
    let fast = try ServingReference.comparison(row, at: .optimistic).envelope
    let (low, high) = row.isFirstTokenLatency ? (fast, slow) : (slow, fast)
    let check = {
      #expect(low <= published && published <= high, "\(row.id): \(low) … \(high) vs \(published)")
    }
    if let reason = Self.knownRangeMisses[row.id] {
      withKnownIssue(Comment(rawValue: reason)) { check() }
    } else {
      check()
    }
  }

  /// BENCHMARKS.md shows the table the engine computes now.
  @Test func benchmarksShowTheServingTable() throws {
    let benchmarks = URL(filePath: #filePath).deletingLastPathComponent()
      .appending(path: "../../BENCHMARKS.md").standardized
    let published = try String(contentsOf: benchmarks, encoding: .utf8)
    let table = try ServingReference.table()
    let shown = published.contains(table)
    #expect(
      shown, "BENCHMARKS.md no longer shows the engine's figures; replace its table with:\n\(table)"
    )
  }
}

extension ServingReference {
  /// The table of BENCHMARKS.md, "Serving measurements": every row of the reference file,
  /// validated or not, with Envelope's figure and the ratio, and the geometric-mean error.
  static func table() throws -> String {
    var lines = [
      "| Measurement | Model | GPUs × GPU | Precision (KV) | Tokens in/out | Envelope TP × batch |"
        + " Published | Envelope | Envelope ÷ published |",
      "|---|---|---|---|---|---|---:|---:|---:|",
    ]
    for row in validated {
      let pair = try comparison(row)
      let estimate = pair.estimate
      let unit = row.isFirstTokenLatency ? " s TTFT" : " tok/s/GPU"
      let format: (Double) -> String = {
        row.isFirstTokenLatency
          ? HumanFormat.significant($0, digits: 3)
          : HumanFormat.number($0, fractionDigits: 0)
      }
      lines.append(
        "| \(row.id) | \(row.modelID) | \(row.gpus) × \(row.gpuID)"
          + " | \(row.precision) (\(estimate.kvCachePrecision.rawValue))"
          + " | \(HumanFormat.number(row.inputTokens ?? 0, fractionDigits: 0))"
          + "/\(HumanFormat.number(row.outputTokens ?? 0, fractionDigits: 0))"
          + " | \(estimate.gpusPerReplica) × \(estimate.batch)"
          + " | \(format(pair.published))\(unit) | \(format(pair.envelope))\(unit)"
          + " | \(HumanFormat.number(pair.envelope / pair.published, fractionDigits: 2)) |")
    }
    let error = try geometricMeanError()
    let within = try validated.filter {
      let pair = try comparison($0)
      return abs(pair.envelope / pair.published - 1) <= ServingValidationTests.rowTolerance
    }.count
    lines.append("")
    lines.append(
      "Geometric-mean error over \(validated.count) rows:"
        + " \(HumanFormat.number(error * 100, fractionDigits: 1))%; \(within) of"
        + " \(validated.count) within ±35%.")
    lines += ["", "| Not validated | Why |", "|---|---|"]
    for row in measurements {
      if let reason = exclusion(row) { lines.append("| \(row.id) | \(reason) |") }
    }
    return lines.joined(separator: "\n")
  }
}

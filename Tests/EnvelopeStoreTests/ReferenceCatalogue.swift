import EnvelopeCore
import EnvelopeTestSupport
import Foundation
import Testing

/// The catalogue `reference/gpus.csv` and `reference/models.csv` describe, as the ledger should
/// ship it: read here independently of the script that generates the catalogue migrations.
///
/// Rates in TFLOP/s and TB/s are times 10^12, `memory_bytes` is the byte count (else
/// `memory_gb` times 10^9), a GPU whose confidence is not `datasheet` has it before its notes
/// (`[provisional] …`), and a text model's C is 500, an image model's 28.
enum ReferenceCatalogue {
  static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("reference")

  /// The GPUs of gpus.csv, in file order, each with its all-reduce curve from
  /// all-reduce-bandwidth.csv and its matmul curve from matmul-throughput.csv.
  static func gpus() throws -> [GPUProfile] {
    let curves = try allReduceCurves()
    let matmul = try matmulCurves()
    return try rows("gpus.csv").map { row in
      let peaks: [(Precision, String)] = [
        (.fp64, "fp64_tflops"), (.fp32, "fp32_tflops"), (.tf32, "tf32_tflops"),
        (.fp16, "fp16_tflops"), (.bf16, "bf16_tflops"), (.fp8, "fp8_tflops"),
        (.int8, "int8_tops"),
      ]
      var peakFLOPS: [Precision: Double] = [:]
      for (precision, column) in peaks {
        peakFLOPS[precision] = try row.number(column, exponent: 12)
      }
      let confidence = try row.text("confidence")
      let notes = try row.text("notes")
      return GPUProfile(
        id: try row.text("id"), name: try row.text("name"), vendor: try row.text("vendor"),
        peakFLOPS: peakFLOPS,
        memoryBytes: try row.number("memory_bytes") ?? row.number("memory_gb", exponent: 9),
        memoryBandwidthBytesPerSecond: try row.number("bandwidth_tb_s", exponent: 12),
        tdpWatts: try row.number("tdp_w"),
        matmulEfficiency: try row.number("matmul_efficiency"),
        fp8MatmulEfficiency: try row.number("fp8_matmul_efficiency"),
        bandwidthEfficiency: try row.number("bandwidth_efficiency"),
        interconnectBytesPerSecond: try row.number("interconnect_bytes_per_second"),
        allReduceBusBandwidth: curves[try row.text("id")] ?? [],
        matmulThroughput: matmul[try row.text("id")] ?? [],
        efficiencySource: try row.text("efficiency_source"), source: try row.text("source"),
        notes: confidence == "datasheet" ? notes : "[\(confidence)] \(notes)")
    }
  }

  /// The points of all-reduce-bandwidth.csv by GPU: GB/s times 10^9.
  static func allReduceCurves() throws -> [String: [AllReduceBandwidthPoint]] {
    var curves: [String: [AllReduceBandwidthPoint]] = [:]
    for row in try rows("all-reduce-bandwidth.csv") {
      curves[try row.text("gpu_id"), default: []].append(
        AllReduceBandwidthPoint(
          messageBytes: try #require(try row.number("message_bytes")),
          busBytesPerSecond: try #require(try row.number("bus_gb_per_second", exponent: 9))))
    }
    return curves
  }

  /// The points of matmul-throughput.csv by GPU: TFLOPS times 10^12.
  static func matmulCurves() throws -> [String: [MatmulThroughputPoint]] {
    var curves: [String: [MatmulThroughputPoint]] = [:]
    for row in try rows("matmul-throughput.csv") {
      curves[try row.text("gpu_id"), default: []].append(
        MatmulThroughputPoint(
          precision: try #require(Precision(rawValue: try row.text("precision"))),
          size: try #require(try row.number("size")),
          flopsPerSecond: try #require(try row.number("tflops", exponent: 12))))
    }
    return curves
  }

  /// The models of models.csv, in file order.
  static func models() throws -> [ModelProfile] {
    try rows("models.csv").map { row in
      let kind = try row.text("kind")
      return ModelProfile(
        id: try row.text("id"), name: try row.text("name"), family: try row.text("family"),
        kind: kind, parameters: try #require(try row.number("params")),
        activeParameters: try row.number("active_params"),
        architectureConstant: kind == "image" ? 28 : 500, layers: try row.whole("layers"),
        hiddenSize: try row.whole("hidden"), ffnSize: try row.whole("ffn"),
        attentionHeads: try row.whole("attention_heads"), kvHeads: try row.whole("kv_heads"),
        headDim: try row.whole("head_dim"), vocabSize: try row.whole("vocab"),
        contextLength: try row.whole("context"), experts: try row.whole("experts"),
        expertsPerToken: try row.whole("experts_per_token"), source: try row.text("source"),
        notes: try row.text("notes"))
    }
  }

  /// One row of a CSV file, by column name.
  struct Row {
    var columns: [String: String]

    func text(_ column: String) throws -> String {
      try #require(columns[column], "no column '\(column)'")
    }

    /// The number in `column` times 10^`exponent`, read as one decimal literal (`9.7e12`) so
    /// that it rounds once, as the migration's literal did; `nil` when the cell is empty.
    func number(_ column: String, exponent: Int = 0) throws -> Double? {
      let cell = try text(column)
      if cell.isEmpty { return nil }
      return try #require(Double(exponent == 0 ? cell : "\(cell)e\(exponent)"), "\(column) \(cell)")
    }

    func whole(_ column: String) throws -> Int? {
      let cell = try text(column)
      guard !cell.isEmpty else { return nil }
      guard let value = Int(cell) else {
        throw ReferenceError(description: "\(column): '\(cell)' is not a whole number")
      }
      return value
    }
  }

  /// The rows of a reference CSV file (RFC 4180: quoted fields may hold commas and doubled
  /// quotes).
  static func rows(_ file: String) throws -> [Row] {
    let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
    let records = ReferenceTable.records(text)
    let header = try #require(records.first)
    return try records.dropFirst().map { fields in
      try #require(
        fields.count == header.count, "\(file): \(fields.first ?? "") has \(fields.count) fields")
      return Row(columns: Dictionary(uniqueKeysWithValues: zip(header, fields)))
    }
  }

}

/// A reference file's cell that cannot be read.
struct ReferenceError: Error, CustomStringConvertible {
  var description: String
}

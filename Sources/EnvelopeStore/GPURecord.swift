import EnvelopeCore
import GRDB

/// A row of `gpus`.
struct GPURecord: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "gpus"

  var id: String
  var name: String
  var vendor: String
  var fp64Flops: Double?
  var fp32Flops: Double?
  var tf32Flops: Double?
  var fp16Flops: Double?
  var bf16Flops: Double?
  var fp8Flops: Double?
  var int8Ops: Double?
  var memoryBytes: Int64?
  var memoryBandwidthBytesPerSecond: Double?
  var tdpWatts: Double?
  var pricePerHour: Double?
  var source: String
  var notes: String
  var retiredAt: String?
  var updatedAt: String = Ledger.timestamp()

  enum CodingKeys: String, CodingKey {
    case id, name, vendor, source, notes
    case fp64Flops = "fp64_flops"
    case fp32Flops = "fp32_flops"
    case tf32Flops = "tf32_flops"
    case fp16Flops = "fp16_flops"
    case bf16Flops = "bf16_flops"
    case fp8Flops = "fp8_flops"
    case int8Ops = "int8_ops"
    case memoryBytes = "memory_bytes"
    case memoryBandwidthBytesPerSecond = "memory_bandwidth_bytes_per_second"
    case tdpWatts = "tdp_watts"
    case pricePerHour = "price_per_hour"
    case retiredAt = "retired_at"
    case updatedAt = "updated_at"
  }

  enum Columns {
    static let id = Column(CodingKeys.id)
    static let retiredAt = Column(CodingKeys.retiredAt)
  }

  init(_ gpu: GPUProfile) {
    id = gpu.id
    name = gpu.name
    vendor = gpu.vendor
    fp64Flops = gpu.peakFLOPS[.fp64]
    fp32Flops = gpu.peakFLOPS[.fp32]
    tf32Flops = gpu.peakFLOPS[.tf32]
    fp16Flops = gpu.peakFLOPS[.fp16]
    bf16Flops = gpu.peakFLOPS[.bf16]
    fp8Flops = gpu.peakFLOPS[.fp8]
    int8Ops = gpu.peakFLOPS[.int8]
    memoryBytes = gpu.memoryBytes.map { Int64($0.rounded()) }
    memoryBandwidthBytesPerSecond = gpu.memoryBandwidthBytesPerSecond
    tdpWatts = gpu.tdpWatts
    pricePerHour = gpu.pricePerHour
    source = gpu.source
    notes = gpu.notes
  }

  var entry: CatalogueEntry<GPUProfile> {
    var peaks: [Precision: Double] = [:]
    let columns: [(Precision, Double?)] = [
      (.fp64, fp64Flops), (.fp32, fp32Flops), (.tf32, tf32Flops), (.fp16, fp16Flops),
      (.bf16, bf16Flops), (.fp8, fp8Flops), (.int8, int8Ops),
    ]
    for case (let precision, let peak?) in columns { peaks[precision] = peak }
    let gpu = GPUProfile(
      id: id, name: name, vendor: vendor, peakFLOPS: peaks,
      memoryBytes: memoryBytes.map(Double.init),
      memoryBandwidthBytesPerSecond: memoryBandwidthBytesPerSecond, tdpWatts: tdpWatts,
      pricePerHour: pricePerHour, source: source, notes: notes)
    return CatalogueEntry(value: gpu, retiredAt: retiredAt, updatedAt: updatedAt)
  }
}

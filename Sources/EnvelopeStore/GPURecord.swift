import EnvelopeCore
internal import GRDB

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
  var matmulEfficiency: Double?
  var fp8MatmulEfficiency: Double?
  var bandwidthEfficiency: Double?
  var interconnectBytesPerSecond: Double?
  /// The measured all-reduce curve, a JSON array of `{"message_bytes", "bus_bytes_per_second"}`.
  var allReduceBusBandwidth: String?
  /// The measured matmul curve, a JSON array of `{"precision", "size", "flops_per_second"}`.
  var matmulThroughput: String?
  var efficiencySource: String
  var source: String
  var notes: String
  var retiredAt: String?
  var updatedAt: String

  // Columns are the properties' names in snake_case: `fp16Flops` is `fp16_flops`.
  static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
  static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

  /// The table's columns.
  enum Columns {
    static let id = Column("id")
    static let name = Column("name")
    static let vendor = Column("vendor")
    static let fp64Flops = Column("fp64_flops")
    static let fp32Flops = Column("fp32_flops")
    static let tf32Flops = Column("tf32_flops")
    static let fp16Flops = Column("fp16_flops")
    static let bf16Flops = Column("bf16_flops")
    static let fp8Flops = Column("fp8_flops")
    static let int8Ops = Column("int8_ops")
    static let memoryBytes = Column("memory_bytes")
    static let memoryBandwidthBytesPerSecond = Column("memory_bandwidth_bytes_per_second")
    static let tdpWatts = Column("tdp_watts")
    static let pricePerHour = Column("price_per_hour")
    static let matmulEfficiency = Column("matmul_efficiency")
    static let fp8MatmulEfficiency = Column("fp8_matmul_efficiency")
    static let bandwidthEfficiency = Column("bandwidth_efficiency")
    static let interconnectBytesPerSecond = Column("interconnect_bytes_per_second")
    static let allReduceBusBandwidth = Column("all_reduce_bus_bandwidth")
    static let matmulThroughput = Column("matmul_throughput")
    static let efficiencySource = Column("efficiency_source")
    static let source = Column("source")
    static let notes = Column("notes")
    static let retiredAt = Column("retired_at")
    static let updatedAt = Column("updated_at")
  }
}

extension GPURecord: CatalogueRecord {
  init(_ gpu: GPUProfile, updatedAt: String, retiredAt: String?) {
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
    matmulEfficiency = gpu.matmulEfficiency
    fp8MatmulEfficiency = gpu.fp8MatmulEfficiency
    bandwidthEfficiency = gpu.bandwidthEfficiency
    interconnectBytesPerSecond = gpu.interconnectBytesPerSecond
    allReduceBusBandwidth = Self.json(gpu.allReduceBusBandwidth)
    matmulThroughput = Self.json(gpu.matmulThroughput)
    efficiencySource = gpu.efficiencySource
    source = gpu.source
    notes = gpu.notes
    self.retiredAt = retiredAt
    self.updatedAt = updatedAt
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
      pricePerHour: pricePerHour, matmulEfficiency: matmulEfficiency,
      fp8MatmulEfficiency: fp8MatmulEfficiency, bandwidthEfficiency: bandwidthEfficiency,
      interconnectBytesPerSecond: interconnectBytesPerSecond,
      allReduceBusBandwidth: Self.curve(allReduceBusBandwidth),
      matmulThroughput: Self.matmulCurve(matmulThroughput), efficiencySource: efficiencySource,
      source: source, notes: notes)
    return CatalogueEntry(value: gpu, retiredAt: retiredAt, updatedAt: updatedAt)
  }

  /// The curve a row's JSON holds; empty for none, or for JSON that is not a list of points (the
  /// schema admits only a JSON array; a hand-edited array of other shapes reads as no curve).
  ///
  /// Read with the engine's own JSON parser, as the column is written: Foundation's
  /// `JSONDecoder` cost a catalogue read about a million instructions, on every command that
  /// reads one of these GPUs.
  static func curve(_ json: String?) -> [AllReduceBandwidthPoint] {
    points(json) { members in
      guard let size = number(members, "message_bytes"),
        let rate = number(members, "bus_bytes_per_second")
      else { return nil }
      return AllReduceBandwidthPoint(messageBytes: size, busBytesPerSecond: rate)
    }
  }

  /// The column's JSON for a curve: `[{"message_bytes": …, "bus_bytes_per_second": …}, …]`, or
  /// `nil` for none.
  static func json(_ curve: [AllReduceBandwidthPoint]) -> String? {
    json(curve) {
      [
        ("message_bytes", .number($0.messageBytes)),
        ("bus_bytes_per_second", .number($0.busBytesPerSecond)),
      ]
    }
  }

  /// The matmul curve a row's JSON holds; empty for none or for JSON of another shape, as
  /// ``curve(_:)`` reads the all-reduce curve.
  static func matmulCurve(_ json: String?) -> [MatmulThroughputPoint] {
    points(json) { members in
      guard case .string(let name)? = members.first(where: { $0.0 == "precision" })?.1,
        let precision = Precision(rawValue: name), let size = number(members, "size"),
        let rate = number(members, "flops_per_second")
      else { return nil }
      return MatmulThroughputPoint(precision: precision, size: size, flopsPerSecond: rate)
    }
  }

  /// The column's JSON for a matmul curve: `[{"precision": …, "size": …, "flops_per_second":
  /// …}, …]`, or `nil` for none.
  static func json(_ curve: [MatmulThroughputPoint]) -> String? {
    json(curve) {
      [
        ("precision", .string($0.precision.rawValue)), ("size", .number($0.size)),
        ("flops_per_second", .number($0.flopsPerSecond)),
      ]
    }
  }

  /// The points of a curve column: each object of the JSON array read by `point`; empty for none,
  /// or when any element is not an object `point` reads.
  private static func points<Point>(
    _ json: String?, _ point: ([(String, JSONValue)]) -> Point?
  ) -> [Point] {
    guard let json, case .array(let items)? = try? JSONValue(parsing: json) else { return [] }
    var points: [Point] = []
    points.reserveCapacity(items.count)
    for item in items {
      guard case .object(let members) = item, let read = point(members) else { return [] }
      points.append(read)
    }
    return points
  }

  /// A curve column's JSON: an array of each point's `members`, or `nil` for no points.
  private static func json<Point>(
    _ curve: [Point], _ members: (Point) -> [(String, JSONValue)]
  ) -> String? {
    curve.isEmpty ? nil : JSONValue.array(curve.map { .object(members($0)) }).serialized()
  }

  private static func number(_ members: [(String, JSONValue)], _ key: String) -> Double? {
    switch members.first(where: { $0.0 == key })?.1 {
    case .number(let value)?: value
    case .integer(let value)?: Double(value)
    default: nil
    }
  }

  /// The scenarios that run on the GPU, else its measurements and calibrations.
  static func referrers(of id: String, in db: SQLSession) throws -> String? {
    try ScenarioRecord.describe(using: ScenarioRecord.Columns.gpuID, id, in: db)
      ?? MeasurementRecord.describeReferrers("gpu_id", id, in: db)
  }
}

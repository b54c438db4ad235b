/// An accelerator in the catalogue: dense peak rates per precision, memory and price.
public struct GPUProfile: Sendable, Equatable {
  /// A short slug such as `a100-80gb`.
  public var id: String
  public var name: String
  public var vendor: String
  /// Dense peak FLOP/s (OP/s for int8) per precision; absent where the chip has none.
  public var peakFLOPS: [Precision: Double]
  /// Memory in bytes.
  public var memoryBytes: Double?
  /// Memory bandwidth in bytes per second.
  public var memoryBandwidthBytesPerSecond: Double?
  public var tdpWatts: Double?
  /// Rental or amortised price of one GPU for one hour, in `currency`.
  public var pricePerHour: Double?
  /// Fraction of the dense 16-bit peak the best large matrix product reaches, as published
  /// maximum-achievable-matmul microbenchmarks measure it; `nil` when none is published.
  public var matmulEfficiency: Double?
  /// The same fraction of the dense FP8 peak for FP8 matrix products.
  public var fp8MatmulEfficiency: Double?
  /// Fraction of the datasheet memory bandwidth a streaming benchmark (STREAM/BabelStream
  /// Triad) reaches; `nil` when none is published.
  public var bandwidthEfficiency: Double?
  /// Bytes per second one GPU sends to its peers in one direction (NVLink, Infinity Fabric or
  /// PCIe): what tensor-parallel all-reduces run over.
  public var interconnectBytesPerSecond: Double?
  /// The all-reduce bus bandwidth nccl-tests measured on GPUs of this kind, by message size,
  /// in increasing size; empty when none is published (all-reduces then take a fixed latency
  /// plus the bytes over ``interconnectBytesPerSecond``).
  public var allReduceBusBandwidth: [AllReduceBandwidthPoint]
  /// The FLOP/s cuBLASLt reached on square matrix products of several sizes, per precision, in
  /// increasing precision name and size; empty when none is published (every product then
  /// counts at the matmul efficiency, whatever its size).
  public var matmulThroughput: [MatmulThroughputPoint]
  /// Where the efficiencies, the interconnect figure and the two curves come from.
  public var efficiencySource: String
  public var source: String
  public var notes: String

  public init(
    id: String, name: String, vendor: String = "", peakFLOPS: [Precision: Double],
    memoryBytes: Double? = nil, memoryBandwidthBytesPerSecond: Double? = nil,
    tdpWatts: Double? = nil, pricePerHour: Double? = nil, matmulEfficiency: Double? = nil,
    fp8MatmulEfficiency: Double? = nil, bandwidthEfficiency: Double? = nil,
    interconnectBytesPerSecond: Double? = nil,
    allReduceBusBandwidth: [AllReduceBandwidthPoint] = [],
    matmulThroughput: [MatmulThroughputPoint] = [], efficiencySource: String = "",
    source: String = "", notes: String = ""
  ) {
    self.id = id
    self.name = name
    self.vendor = vendor
    self.peakFLOPS = peakFLOPS
    self.memoryBytes = memoryBytes
    self.memoryBandwidthBytesPerSecond = memoryBandwidthBytesPerSecond
    self.tdpWatts = tdpWatts
    self.pricePerHour = pricePerHour
    self.matmulEfficiency = matmulEfficiency
    self.fp8MatmulEfficiency = fp8MatmulEfficiency
    self.bandwidthEfficiency = bandwidthEfficiency
    self.interconnectBytesPerSecond = interconnectBytesPerSecond
    self.allReduceBusBandwidth = allReduceBusBandwidth.sorted { $0.messageBytes < $1.messageBytes }
    self.matmulThroughput = matmulThroughput.sorted {
      ($0.precision.rawValue, $0.size) < ($1.precision.rawValue, $1.size)
    }
    self.efficiencySource = efficiencySource
    self.source = source
    self.notes = notes
  }

  /// The precisions a GPU's catalogue entry can carry a peak for (int4 has no column).
  public static let ratedPrecisions: [Precision] = [.fp64, .fp32, .tf32, .fp16, .bf16, .fp8, .int8]

  /// The dense peak at `precision`.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming the precisions it has.
  public func peak(at precision: Precision) throws -> Double {
    if let peak = peakFLOPS[precision] { return peak }
    let available = Self.ratedPrecisions.filter { peakFLOPS[$0] != nil }.map(\.rawValue)
    throw EngineError.outOfRange(
      field: "precision", value: precision.rawValue,
      reason:
        "GPU '\(id)' has no \(precision.rawValue) peak in the catalogue; it has "
        + (available.isEmpty ? "none" : available.joined(separator: ", ")))
  }
}

extension GPUProfile: CatalogueItem {
  public static let kindName = "GPU"

  /// Checks the name and that every rate, size and price is a usable number in range.
  ///
  /// - Throws: ``EngineError`` naming the field and the value.
  public func validate() throws {
    for (precision, key) in Self.peakKeys {
      if let peak = peakFLOPS[precision] { try check(peak, key) }
    }
    try memoryBytes.map { try check($0, .memoryBytes) }
    try memoryBandwidthBytesPerSecond.map { try check($0, .memoryBandwidthBytesPerSecond) }
    try tdpWatts.map { try check($0, .tdpWatts) }
    try pricePerHour.map { try check($0, .pricePerHour, range: .nonNegative) }
    try matmulEfficiency.map { try check($0, .matmulEfficiency, range: .fractionAboveZero) }
    try fp8MatmulEfficiency.map { try check($0, .fp8MatmulEfficiency, range: .fractionAboveZero) }
    try bandwidthEfficiency.map { try check($0, .bandwidthEfficiency, range: .fractionAboveZero) }
    try interconnectBytesPerSecond.map { try check($0, .interconnectBytesPerSecond) }
    try validateAllReduceCurve()
    try validateMatmulCurve()
    if name.isEmpty {
      throw EngineError.invalidQuantity(
        field: "name", value: name, reason: "GPU '\(id)' needs a name")
    }
  }

  /// Every point of the all-reduce curve is a positive size and rate, each size once.
  private func validateAllReduceCurve() throws {
    for point in allReduceBusBandwidth {
      try check(point.messageBytes, .allReduceBusBandwidth, member: "message_bytes")
      try check(point.busBytesPerSecond, .allReduceBusBandwidth, member: "bus_bytes_per_second")
    }
    let sizes = allReduceBusBandwidth.map(\.messageBytes).sorted()
    if let repeated = zip(sizes, sizes.dropFirst()).first(where: { $0 == $1 }) {
      throw EngineError.outOfRange(
        field: CodingKeys.allReduceBusBandwidth.rawValue,
        value: HumanFormat.significant(repeated.0, digits: 6),
        reason: "GPU '\(id)' lists the message size \(repeated.0) bytes twice")
    }
  }

  /// Every point of the matmul curve is a positive size and rate, each precision and size once.
  private func validateMatmulCurve() throws {
    for point in matmulThroughput {
      try check(point.size, .matmulThroughput, member: "size")
      try check(point.flopsPerSecond, .matmulThroughput, member: "flops_per_second")
    }
    var seen = Set<String>()
    for point in matmulThroughput where !seen.insert("\(point.precision)@\(point.size)").inserted {
      throw EngineError.outOfRange(
        field: CodingKeys.matmulThroughput.rawValue,
        value: HumanFormat.significant(point.size, digits: 6),
        reason:
          "GPU '\(id)' lists the \(point.precision.rawValue) size"
          + " \(HumanFormat.significant(point.size, digits: 6)) twice")
    }
  }

  /// Refuses `value` outside `range`, naming the field (`key.member` for a curve point's).
  private func check(
    _ value: Double, _ key: CodingKeys, range: QuantityRange = .positive, member: String? = nil
  ) throws {
    try Quantity.check(
      value, text: HumanFormat.significant(value, digits: 6),
      field: member.map { "\(key.rawValue).\($0)" } ?? key.rawValue, range: range)
  }

  enum CodingKeys: String, CodingKey {
    case id, name, vendor
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
    case matmulEfficiency = "matmul_efficiency"
    case fp8MatmulEfficiency = "fp8_matmul_efficiency"
    case bandwidthEfficiency = "bandwidth_efficiency"
    case interconnectBytesPerSecond = "interconnect_bytes_per_second"
    case allReduceBusBandwidth = "all_reduce_bus_bandwidth"
    case matmulThroughput = "matmul_throughput"
    case efficiencySource = "efficiency_source"
    case source, notes
  }

  /// The key of each rated precision's peak, in ``ratedPrecisions`` order.
  private static let peakKeys: [(Precision, CodingKeys)] = [
    (.fp64, .fp64Flops), (.fp32, .fp32Flops), (.tf32, .tf32Flops), (.fp16, .fp16Flops),
    (.bf16, .bf16Flops), (.fp8, .fp8Flops), (.int8, .int8Ops),
  ]

  /// Reads a GPU as `envelope gpu export` writes it: the peaks flattened, one key per precision;
  /// `vendor`, `source` and `notes` empty and the other values unset when absent.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let id = try container.decode(String.self, forKey: .id)
    let name = try container.decode(String.self, forKey: .name)
    let vendor = try container.decodeIfPresent(String.self, forKey: .vendor)
    var peaks: [Precision: Double] = [:]
    for (precision, key) in Self.peakKeys {
      peaks[precision] = try container.decodeIfPresent(Double.self, forKey: key)
    }
    self.init(
      id: id, name: name, vendor: vendor ?? "", peakFLOPS: peaks,
      memoryBytes: try container.decodeIfPresent(Double.self, forKey: .memoryBytes),
      memoryBandwidthBytesPerSecond: try container.decodeIfPresent(
        Double.self, forKey: .memoryBandwidthBytesPerSecond),
      tdpWatts: try container.decodeIfPresent(Double.self, forKey: .tdpWatts),
      pricePerHour: try container.decodeIfPresent(Double.self, forKey: .pricePerHour),
      matmulEfficiency: try container.decodeIfPresent(Double.self, forKey: .matmulEfficiency),
      fp8MatmulEfficiency: try container.decodeIfPresent(
        Double.self, forKey: .fp8MatmulEfficiency),
      bandwidthEfficiency: try container.decodeIfPresent(
        Double.self, forKey: .bandwidthEfficiency),
      interconnectBytesPerSecond: try container.decodeIfPresent(
        Double.self, forKey: .interconnectBytesPerSecond),
      allReduceBusBandwidth: try container.decodeIfPresent(
        [AllReduceBandwidthPoint].self, forKey: .allReduceBusBandwidth) ?? [],
      matmulThroughput: try container.decodeIfPresent(
        [MatmulThroughputPoint].self, forKey: .matmulThroughput) ?? [],
      efficiencySource: try container.decodeIfPresent(String.self, forKey: .efficiencySource)
        ?? "",
      source: try container.decodeIfPresent(String.self, forKey: .source) ?? "",
      notes: try container.decodeIfPresent(String.self, forKey: .notes) ?? "")
  }

  /// Writes the GPU with the keys ``init(from:)`` reads, leaving out unset values.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(name, forKey: .name)
    try container.encode(vendor, forKey: .vendor)
    for (precision, key) in Self.peakKeys {
      try container.encodeIfPresent(peakFLOPS[precision], forKey: key)
    }
    try container.encodeIfPresent(memoryBytes, forKey: .memoryBytes)
    try container.encodeIfPresent(
      memoryBandwidthBytesPerSecond, forKey: .memoryBandwidthBytesPerSecond)
    try container.encodeIfPresent(tdpWatts, forKey: .tdpWatts)
    try container.encodeIfPresent(pricePerHour, forKey: .pricePerHour)
    try container.encodeIfPresent(matmulEfficiency, forKey: .matmulEfficiency)
    try container.encodeIfPresent(fp8MatmulEfficiency, forKey: .fp8MatmulEfficiency)
    try container.encodeIfPresent(bandwidthEfficiency, forKey: .bandwidthEfficiency)
    try container.encodeIfPresent(
      interconnectBytesPerSecond, forKey: .interconnectBytesPerSecond)
    if !allReduceBusBandwidth.isEmpty {
      try container.encode(allReduceBusBandwidth, forKey: .allReduceBusBandwidth)
    }
    if !matmulThroughput.isEmpty {
      try container.encode(matmulThroughput, forKey: .matmulThroughput)
    }
    if !efficiencySource.isEmpty {
      try container.encode(efficiencySource, forKey: .efficiencySource)
    }
    try container.encode(source, forKey: .source)
    try container.encode(notes, forKey: .notes)
  }
}

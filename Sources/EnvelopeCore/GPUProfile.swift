/// An accelerator in the catalogue: dense peak rates per precision, memory and price.
public struct GPUProfile: Sendable, Equatable, Codable {
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
  public var source: String
  public var notes: String

  public init(
    id: String, name: String, vendor: String = "", peakFLOPS: [Precision: Double],
    memoryBytes: Double? = nil, memoryBandwidthBytesPerSecond: Double? = nil,
    tdpWatts: Double? = nil, pricePerHour: Double? = nil, source: String = "", notes: String = ""
  ) {
    self.id = id
    self.name = name
    self.vendor = vendor
    self.peakFLOPS = peakFLOPS
    self.memoryBytes = memoryBytes
    self.memoryBandwidthBytesPerSecond = memoryBandwidthBytesPerSecond
    self.tdpWatts = tdpWatts
    self.pricePerHour = pricePerHour
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

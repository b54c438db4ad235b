/// The serving model's efficiency factors as a calibration sets them.
///
/// Each is the value an estimate uses in place of the GPU's catalogue figure (or the method's
/// fallback); `stepOverheadSeconds` is a fixed time added to every step (0 in the shipped model);
/// `communicationEfficiency` scales the all-reduces' speed (1 in the shipped model).
public struct CalibrationFactors: Sendable, Equatable, Codable {
  /// Reading weights: fraction of the datasheet memory bandwidth.
  public var bandwidthEfficiency: Double
  /// Reading the paged KV cache: fraction of the datasheet memory bandwidth.
  public var kvCacheBandwidthEfficiency: Double
  /// The decode tokens' matrix products: fraction of the dense peak.
  public var computeEfficiency: Double
  /// The prompts' matrix products and attention: fraction of the dense peak.
  public var prefillEfficiency: Double
  /// A fixed time every step pays (scheduling, launches, sampling).
  public var stepOverheadSeconds: Double
  /// The tensor-parallel all-reduces: the share of the speed the catalogue's all-reduce model
  /// expects (its measured curve, or the link at NCCL's bus efficiency); each all-reduce takes
  /// the catalogue's time ÷ this.
  public var communicationEfficiency: Double

  public init(
    bandwidthEfficiency: Double, kvCacheBandwidthEfficiency: Double, computeEfficiency: Double,
    prefillEfficiency: Double, stepOverheadSeconds: Double, communicationEfficiency: Double = 1
  ) {
    self.bandwidthEfficiency = bandwidthEfficiency
    self.kvCacheBandwidthEfficiency = kvCacheBandwidthEfficiency
    self.computeEfficiency = computeEfficiency
    self.prefillEfficiency = prefillEfficiency
    self.stepOverheadSeconds = stepOverheadSeconds
    self.communicationEfficiency = communicationEfficiency
  }

  enum CodingKeys: String, CodingKey {
    case bandwidthEfficiency = "bandwidth_efficiency"
    case kvCacheBandwidthEfficiency = "kv_cache_bandwidth_efficiency"
    case computeEfficiency = "compute_efficiency"
    case prefillEfficiency = "prefill_efficiency"
    case stepOverheadSeconds = "step_overhead_seconds"
    case communicationEfficiency = "communication_efficiency"
  }

  /// Reads factors as this version writes them and as earlier ones did: calibrations recorded
  /// before the communication efficiency existed left the all-reduces as the catalogue has them
  /// (1).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      bandwidthEfficiency: try c.decode(Double.self, forKey: .bandwidthEfficiency),
      kvCacheBandwidthEfficiency: try c.decode(Double.self, forKey: .kvCacheBandwidthEfficiency),
      computeEfficiency: try c.decode(Double.self, forKey: .computeEfficiency),
      prefillEfficiency: try c.decode(Double.self, forKey: .prefillEfficiency),
      stepOverheadSeconds: try c.decode(Double.self, forKey: .stepOverheadSeconds),
      communicationEfficiency: try c.decodeIfPresent(Double.self, forKey: .communicationEfficiency)
        ?? 1)
  }
}

/// One measurement's error before and after a calibration: ln(predicted ÷ measured) for each
/// figure the measurement has.
public struct CalibrationResidual: Sendable, Equatable, Codable {
  public var measurementID: Int64
  /// The figure: `output_tokens_per_second_per_gpu`, `ttft_seconds` or `tpot_seconds`.
  public var figure: String
  public var measured: Double
  public var before: Double
  public var after: Double

  public init(
    measurementID: Int64, figure: String, measured: Double, before: Double, after: Double
  ) {
    self.measurementID = measurementID
    self.figure = figure
    self.measured = measured
    self.before = before
    self.after = after
  }

  enum CodingKeys: String, CodingKey {
    case figure, measured, before, after
    case measurementID = "measurement_id"
  }
}

/// A dated, immutable fit of the serving model's factors to measurements of one GPU (and one
/// model and precision, or pooled over them).
public struct Calibration: Sendable, Equatable {
  /// The ledger's id; 0 for one not recorded (`--dry-run`).
  public var id: Int64
  public var recordedAt: String
  public var gpuID: String
  /// The model it was fitted to; `nil` when pooled over every model on the GPU.
  public var modelID: String?
  /// The precision it was fitted to; `nil` for every precision.
  public var precision: Precision?
  public var factors: CalibrationFactors
  /// Measurements it was fitted to.
  public var measurementCount: Int
  /// Geometric-mean error over the measurements with the shipped factors: exp(mean |ln r|) − 1.
  public var errorBefore: Double
  /// The same with the fitted factors.
  public var errorAfter: Double
  public var residuals: [CalibrationResidual]
  public var envelopeVersion: String
  public var note: String?

  public init(
    id: Int64, recordedAt: String, gpuID: String, modelID: String?, precision: Precision?,
    factors: CalibrationFactors, measurementCount: Int, errorBefore: Double, errorAfter: Double,
    residuals: [CalibrationResidual], envelopeVersion: String, note: String? = nil
  ) {
    self.id = id
    self.recordedAt = recordedAt
    self.gpuID = gpuID
    self.modelID = modelID
    self.precision = precision
    self.factors = factors
    self.measurementCount = measurementCount
    self.errorBefore = errorBefore
    self.errorAfter = errorAfter
    self.residuals = residuals
    self.envelopeVersion = envelopeVersion
    self.note = note
  }

  /// Whether an estimate of `modelID` at `precision` on `gpuID` may use it.
  public func applies(modelID: String, gpuID: String, precision: Precision) -> Bool {
    self.gpuID == gpuID && (self.modelID ?? modelID) == modelID
      && (self.precision ?? precision) == precision
  }
}

/// What an estimate's snapshot records of the calibration it used: its id and factors.
public struct CalibrationReference: Sendable, Equatable, Codable {
  public var id: Int64
  public var factors: CalibrationFactors

  public init(id: Int64, factors: CalibrationFactors) {
    self.id = id
    self.factors = factors
  }
}

extension Calibration {
  /// The reference an estimate records.
  public var reference: CalibrationReference { CalibrationReference(id: id, factors: factors) }
}

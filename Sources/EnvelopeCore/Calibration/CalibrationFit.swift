/// A recorded measurement with the catalogue entries it was measured on.
public struct CalibrationSample: Sendable, Equatable {
  public var id: Int64
  public var measurement: ServingMeasurement
  public var model: ModelProfile
  public var gpu: GPUProfile

  public init(id: Int64, measurement: ServingMeasurement, model: ModelProfile, gpu: GPUProfile) {
    self.id = id
    self.measurement = measurement
    self.model = model
    self.gpu = gpu
  }
}

/// One figure of a measurement beside the serving model's prediction of it.
public struct CalibrationPoint: Sendable, Equatable {
  public var sampleID: Int64
  /// `output_tokens_per_second_per_gpu`, `ttft_seconds` or `tpot_seconds`.
  public var figure: FigureDefinition
  public var measured: Double
  public var predicted: Double

  /// ln(predicted ÷ measured): 0 when the model is right, ±0.3 for 35% off.
  public var logError: Double { Arithmetic.log(predicted / measured) }

  /// How far the fit expects this figure's log error to spread: 0.1 for throughput and time per
  /// output token; 0.3 for time to first token, which under load includes the wait for
  /// admission that the serving model does not count.
  public var spread: Double {
    figure == .ttftSeconds
      ? CalibrationFit.firstTokenSpread : CalibrationFit.measurementSpread
  }
}

/// Fits the serving model's factors to measurements: weighted least squares on the log error,
/// with the shipped factors as a prior.
///
/// The objective is Σ (ln(predicted ÷ measured) ÷ spread)² over every measured figure (spread
/// 0.1, or 0.3 for time to first token), plus Σ (ln(factor ÷ shipped factor) ÷ 0.3)² over the
/// efficiencies (the all-reduces' communication efficiency among them, shipped at 1) and
/// (overhead ÷ 2 ms)²: a measurement is trusted to about 10%, a shipped factor to about 30%, so
/// one measurement moves a factor but cannot push it far, and efficiencies stay within (0, 1].
/// Only measurements on more than one GPU per replica constrain the communication. Factors no
/// measurement's figures depend on (sensitivity below 0.05) keep their shipped values, and at
/// most one factor moves per measurement, the most constraining first: the fit says which moved.
public enum CalibrationFit {
  /// Spread of a measured figure's log error the fit expects: 0.1 (about 10%).
  public static let measurementSpread = 0.1
  /// Spread of a measured time to first token's log error: 0.3, since under load it includes
  /// queueing the model does not count.
  public static let firstTokenSpread = 0.3
  /// Spread of a factor's log ratio to its shipped value the prior allows: 0.3 (about 35%).
  public static let priorSpread = 0.3
  /// Spread of the fixed step overhead the prior allows: 2 ms.
  public static let overheadSpread = 0.002
  /// The smallest efficiency a fit may reach: 0.05.
  public static let lowestEfficiency = 0.05
  /// The largest step overhead a fit may reach: 50 ms.
  public static let largestOverhead = 0.05
  /// A factor moves only when the figures' total sensitivity to it reaches this: 0.05.
  public static let sensitivityThreshold = 0.05

  /// The factors, in the order the fit works on them, with their names for messages.
  public enum Factor: Int, CaseIterable, Sendable {
    case bandwidth, kvCacheBandwidth, compute, prefill, overhead, communication

    /// The factor's key in JSON and messages.
    public var key: String {
      switch self {
      case .bandwidth: return "bandwidth_efficiency"
      case .kvCacheBandwidth: return "kv_cache_bandwidth_efficiency"
      case .compute: return "compute_efficiency"
      case .prefill: return "prefill_efficiency"
      case .overhead: return "step_overhead_seconds"
      case .communication: return "communication_efficiency"
      }
    }

    /// The factor's field: the one place each factor is tied to its value, so that the fit's
    /// coordinates, the table and the ledger list the same factors.
    public var path: WritableKeyPath<CalibrationFactors, Double> {
      switch self {
      case .bandwidth: return \.bandwidthEfficiency
      case .kvCacheBandwidth: return \.kvCacheBandwidthEfficiency
      case .compute: return \.computeEfficiency
      case .prefill: return \.prefillEfficiency
      case .overhead: return \.stepOverheadSeconds
      case .communication: return \.communicationEfficiency
      }
    }
  }

  /// A fit: the calibration and which factors it moved.
  public struct Result: Sendable, Equatable {
    public var calibration: Calibration
    /// The factors the measurements constrain, which the fit moved.
    public var moved: [Factor]
    /// The points before and after, for charts and tables.
    public var before: [CalibrationPoint]
    public var after: [CalibrationPoint]
  }

  /// The shipped factors for a sample: what an estimate uses with no calibration.
  public static func shipped(for sample: CalibrationSample) throws -> CalibrationFactors {
    let efficiencies = ServingEfficiencies(
      parameters: try inputs(for: sample, factors: nil).parameters, gpu: sample.gpu)
    return CalibrationFactors(
      bandwidthEfficiency: efficiencies.bandwidth.value,
      kvCacheBandwidthEfficiency: efficiencies.kvCacheBandwidth.value,
      computeEfficiency: efficiencies.compute.value, prefillEfficiency: efficiencies.prefill.value,
      stepOverheadSeconds: 0, communicationEfficiency: efficiencies.communication.value)
  }

  /// The measurement's configuration as roofline inputs, with the given factors.
  ///
  /// The tensor-parallel degree is pinned; the client's concurrency, else the engine's batch
  /// cap, caps the batch.
  public static func inputs(for sample: CalibrationSample, factors: CalibrationFactors?) throws
    -> RooflineInputs
  {
    let m = sample.measurement
    var parameters = RooflineParameters(
      precision: m.precision, kvCachePrecision: m.kvPrecision, dailyActiveUsers: 1,
      requestsPerUserPerDay: 1, inputTokens: m.inputTokens, outputTokens: m.outputTokens,
      maxBatch: m.concurrency.map { max(1, $0 / max(1, m.gpus / m.tensorParallel)) } ?? m.batch,
      tensorParallel: m.tensorParallel)
    if let factors {
      parameters.bandwidthEfficiency = factors.bandwidthEfficiency
      parameters.kvCacheBandwidthEfficiency = factors.kvCacheBandwidthEfficiency
      parameters.computeEfficiency = factors.computeEfficiency
      parameters.prefillEfficiency = factors.prefillEfficiency
      parameters.stepOverheadSeconds = factors.stepOverheadSeconds
      parameters.communicationEfficiency = factors.communicationEfficiency
    }
    return RooflineInputs(model: sample.model, gpu: sample.gpu, parameters: parameters)
  }

  /// Every measured figure of the samples beside its prediction with the given factors (the
  /// shipped ones when `nil`).
  ///
  /// - Throws: ``EngineError`` when a sample's configuration cannot be estimated.
  public static func points(_ samples: [CalibrationSample], factors: CalibrationFactors?) throws
    -> [CalibrationPoint]
  {
    var points: [CalibrationPoint] = []
    for sample in samples {
      let estimate = try RooflineEstimate(inputs(for: sample, factors: factors))
      let m = sample.measurement
      points.append(
        CalibrationPoint(
          sampleID: sample.id, figure: .outputTokensPerSecondPerGPU,
          measured: m.outputTokensPerSecondPerGPU,
          predicted: predictedThroughputPerGPU(estimate, m)))
      if let ttft = m.ttftSeconds {
        points.append(
          CalibrationPoint(
            sampleID: sample.id, figure: .ttftSeconds, measured: ttft,
            predicted: estimate.ttftSeconds))
      }
      if let tpot = m.tpotSeconds {
        points.append(
          CalibrationPoint(
            sampleID: sample.id, figure: .tpotSeconds, measured: tpot,
            predicted: estimate.decodeSecondsPerToken))
      }
    }
    return points
  }

  /// The throughput per GPU the model predicts for a measurement.
  ///
  /// With a client holding C requests in flight (a closed loop), Little's law gives
  /// C × output tokens ÷ (TTFT + (output tokens − 1) × TPOT) over the measured GPUs; otherwise
  /// the replica's steady state, batch ÷ step ÷ GPUs per replica.
  static func predictedThroughputPerGPU(_ estimate: RooflineEstimate, _ m: ServingMeasurement)
    -> Double
  {
    guard let concurrency = m.concurrency else { return estimate.outputTokensPerSecondPerGPU }
    let perRequest = RooflineMethod.inferenceSeconds(
      ttftSeconds: estimate.ttftSeconds, outputTokens: m.outputTokens,
      tpotSeconds: estimate.decodeSecondsPerToken)
    return Double(concurrency) * m.outputTokens / perRequest / Double(m.gpus)
  }

  /// Geometric-mean error: exp(mean |ln(predicted ÷ measured)|) − 1.
  public static func geometricMeanError(_ points: [CalibrationPoint]) -> Double {
    guard !points.isEmpty else { return 0 }
    let mean = points.reduce(0) { $0 + abs($1.logError) } / Double(points.count)
    return Arithmetic.exp(mean) - 1
  }

  /// Fits the factors to the samples.
  ///
  /// - Parameters:
  ///   - samples: Measurements of one GPU at one precision, each with its model and GPU.
  ///   - gpuID: The GPU.
  ///   - modelID: The model, or `nil` when pooled over models.
  ///   - precision: The precision.
  /// - Returns: The calibration (id 0, not recorded) and the factors it moved.
  /// - Throws: ``EngineError`` when there is no sample or a sample cannot be estimated.
  public static func fit(
    _ samples: [CalibrationSample], gpuID: String, modelID: String?, precision: Precision
  ) throws -> Result {
    guard let first = samples.first else {
      throw EngineError.notApplicable(
        option: "calibrate",
        reason:
          "no measurements of \(modelID ?? "any model") on \(gpuID) at \(precision.rawValue);"
          + " record one with 'envelope measurement record' or 'envelope measurement import'")
    }
    let prior = try shipped(for: first)
    let before = try points(samples, factors: nil)
    var x = vector(prior)
    let center = x
    let moved = try constrained(samples, at: center, limit: samples.count)
    func objective(_ x: [Double]) -> Double {
      guard let points = try? points(samples, factors: factors(x)) else { return .infinity }
      var total = 0.0
      for point in points {
        let r = point.logError / point.spread
        total += r * r
      }
      for factor in Factor.allCases {
        let i = factor.rawValue
        let deviation =
          factor == .overhead
          ? x[i] / overheadSpread : (x[i] - center[i]) / priorSpread
        total += deviation * deviation
      }
      return total
    }
    // Coordinate descent: each moving factor in turn, by golden-section search within its
    // bounds, until a sweep improves the objective by less than 1e-6 (at most 25 sweeps).
    var best = objective(x)
    for _ in 0..<25 {
      let previous = best
      for factor in moved {
        let (low, high) = bounds(factor)
        x[factor.rawValue] = goldenSection(low, high) { value in
          var trial = x
          trial[factor.rawValue] = value
          return objective(trial)
        }
        best = objective(x)
      }
      if previous - best < 1e-6 { break }
    }
    let fitted = factors(x)
    let after = try points(samples, factors: fitted)
    let residuals = zip(before, after).map { pair in
      CalibrationResidual(
        measurementID: pair.0.sampleID, figure: pair.0.figure.key, measured: pair.0.measured,
        before: pair.0.predicted, after: pair.1.predicted)
    }
    let calibration = Calibration(
      id: 0, recordedAt: "", gpuID: gpuID, modelID: modelID, precision: precision,
      factors: fitted, measurementCount: samples.count,
      errorBefore: geometricMeanError(before), errorAfter: geometricMeanError(after),
      residuals: residuals, envelopeVersion: EnvelopeVersion.current)
    return Result(calibration: calibration, moved: moved, before: before, after: after)
  }

  /// The factors the figures constrain, most constraining first: those whose total sensitivity
  /// reaches the threshold, at most `limit` (one per measurement).
  static func constrained(_ samples: [CalibrationSample], at x: [Double], limit: Int) throws
    -> [Factor]
  {
    let base = try points(samples, factors: factors(x))
    var sensitivity: [(Factor, Double)] = []
    for factor in Factor.allCases {
      var nudged = x
      // An efficiency at its upper bound of 1 (ln 0) is nudged down, into its range.
      let step = factor == .overhead ? 0.001 : x[factor.rawValue] >= 0 ? -0.05 : 0.05
      nudged[factor.rawValue] += step
      let moved = try points(samples, factors: factors(nudged))
      // d ln(prediction) ÷ d ln(factor), or per millisecond of overhead, weighted as the
      // objective weighs the figure.
      let total = zip(base, moved).reduce(0.0) { sum, pair in
        sum + abs(Arithmetic.log(pair.1.predicted / pair.0.predicted)) / abs(step)
          * (factor == .overhead ? 0.001 : 1) * (measurementSpread / pair.0.spread)
      }
      sensitivity.append((factor, total))
    }
    return
      sensitivity
      .filter { $0.1 >= sensitivityThreshold }
      .sorted { $0.1 > $1.1 }
      .prefix(limit)
      .map(\.0)
  }

  /// The search bounds of a factor in the fit's coordinates.
  static func bounds(_ factor: Factor) -> (Double, Double) {
    factor == .overhead ? (0, largestOverhead) : (Arithmetic.log(lowestEfficiency), 0)
  }

  /// The fit's coordinates, in ``Factor`` order: the logarithm of each efficiency, the overhead
  /// in seconds.
  static func vector(_ factors: CalibrationFactors) -> [Double] {
    Factor.allCases.map { factor in
      let value = factors[keyPath: factor.path]
      return factor == .overhead ? value : Arithmetic.log(value)
    }
  }

  /// The factors at a point of the fit's coordinates: efficiencies at most 1, the overhead not
  /// negative.
  static func factors(_ x: [Double]) -> CalibrationFactors {
    var factors = CalibrationFactors(
      bandwidthEfficiency: 1, kvCacheBandwidthEfficiency: 1, computeEfficiency: 1,
      prefillEfficiency: 1, stepOverheadSeconds: 0)
    for factor in Factor.allCases {
      let value = x[factor.rawValue]
      factors[keyPath: factor.path] =
        factor == .overhead ? max(0, value) : min(1, Arithmetic.exp(value))
    }
    return factors
  }

  /// The minimum of a function on an interval by golden-section search (40 narrowings: the
  /// interval shrinks to 4e-9 of its width, far below the precision factors are printed with).
  static func goldenSection(_ low: Double, _ high: Double, _ f: (Double) -> Double) -> Double {
    let ratio = (5.0.squareRoot() - 1) / 2
    var a = low
    var b = high
    var c = b - ratio * (b - a)
    var d = a + ratio * (b - a)
    var fc = f(c)
    var fd = f(d)
    for _ in 0..<40 {
      if fc < fd {
        b = d
        d = c
        fd = fc
        c = b - ratio * (b - a)
        fc = f(c)
      } else {
        a = c
        c = d
        fc = fd
        d = a + ratio * (b - a)
        fd = f(d)
      }
    }
    return (a + b) / 2
  }
}

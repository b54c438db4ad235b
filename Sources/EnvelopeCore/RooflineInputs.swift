/// Everything the roofline method needs to size a serving fleet: the model, the GPU and the
/// parameters of the deployment.
///
/// The parameters' fields read as the inputs' own (`inputs.batch`).
@dynamicMemberLookup
public struct RooflineInputs: Sendable, Equatable {
  /// The model served: total parameters for memory, active ones for compute and bandwidth.
  public var model: ModelProfile
  /// The GPU serving it: peak FLOP/s, memory, memory bandwidth, interconnect, efficiencies.
  public var gpu: GPUProfile
  /// The deployment: load, tokens, batch, parallelism, targets and efficiencies.
  public var parameters: RooflineParameters

  public init(model: ModelProfile, gpu: GPUProfile, parameters: RooflineParameters) {
    self.model = model
    self.gpu = gpu
    self.parameters = parameters
  }

  public subscript<Value>(dynamicMember keyPath: WritableKeyPath<RooflineParameters, Value>)
    -> Value
  {
    get { parameters[keyPath: keyPath] }
    set { parameters[keyPath: keyPath] = newValue }
  }

  public subscript<Value>(dynamicMember keyPath: KeyPath<RooflineParameters, Value>) -> Value {
    parameters[keyPath: keyPath]
  }

  /// The efficiencies the estimate uses, each the given one, else the GPU's measured figure,
  /// else the method's fallback.
  public var efficiencies: ServingEfficiencies {
    ServingEfficiencies(parameters: parameters, gpu: gpu)
  }

  /// The same inputs with every efficiency at one end of its range.
  ///
  /// - Parameter end: Which end of the ranges.
  /// - Returns: Inputs for ``RooflineEstimate/init(_:)``, their efficiencies given.
  public func atEnd(_ end: EstimateRange.End) -> RooflineInputs {
    guard end != .expected else { return self }
    var copy = self
    let resolved = efficiencies.atEnd(end)
    copy.parameters.bandwidthEfficiency = resolved.bandwidth.value
    copy.parameters.kvCacheBandwidthEfficiency = resolved.kvCacheBandwidth.value
    copy.parameters.computeEfficiency = resolved.compute.value
    copy.parameters.prefillEfficiency = resolved.prefill.value
    copy.parameters.communicationEfficiency = resolved.communication.value
    return copy
  }

  /// Checks every input against the range it must lie in.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming the first bad field.
  public func validate() throws {
    try parameters.validate()
  }
}

/// The efficiencies of a serving estimate and where each comes from.
public struct ServingEfficiencies: Sendable, Equatable {
  /// Where an efficiency comes from.
  public enum Origin: Sendable, Equatable, CustomStringConvertible {
    case given
    case calibrated(Int64)
    case measuredBandwidth
    case measuredMatmul(Precision)
    case fallback
    case asWeights
    case asCompute
    case catalogueAllReduce
    case pessimisticEnd
    case optimisticEnd

    /// How `--explain` names it.
    public var description: String {
      switch self {
      case .given: return "given"
      case .calibrated(let id): return "calibration \(id)"
      case .measuredBandwidth: return "the GPU's measured streaming bandwidth"
      case .measuredMatmul(let precision):
        return "the GPU's maximum achievable \(precision.rawValue) matmul"
      case .fallback: return "no measurement for this GPU: the method's fallback"
      case .asWeights: return "as the weights' (paged decode attention reaches streaming bandwidth)"
      case .asCompute: return "as the compute efficiency"
      case .catalogueAllReduce:
        return "the catalogue's all-reduce model, uncalibrated"
      case .pessimisticEnd: return "pessimistic end"
      case .optimisticEnd: return "optimistic end"
      }
    }
  }

  /// An efficiency and its origin.
  public struct Choice: Sendable, Equatable {
    public var value: Double
    public var origin: Origin
  }

  /// Reading weights: fraction of the datasheet memory bandwidth.
  public var bandwidth: Choice
  /// Reading the paged KV cache: fraction of the datasheet memory bandwidth.
  public var kvCacheBandwidth: Choice
  /// The decode tokens' matrix products: fraction of the dense peak.
  public var compute: Choice
  /// The prompt tokens' matrix products and attention: fraction of the dense peak.
  public var prefill: Choice
  /// The tensor-parallel all-reduces: share of the speed the catalogue's all-reduce model (its
  /// measured curve, or the link at NCCL's bus efficiency) expects.
  public var communication: Choice

  /// The pessimistic end of `--range`, as a multiple of each expected efficiency: 0.6.
  ///
  /// A serving stack reaching 60% of the microbenchmark ceiling; the optimistic end is the
  /// datasheet itself (an efficiency of 1), the physical bound no stack passes.
  public static let pessimisticFactor = 0.6

  /// Resolves each efficiency: given, else the GPU's measurement, else the fallback.
  ///
  /// - Parameters:
  ///   - parameters: The deployment, with any efficiency given.
  ///   - gpu: The GPU, with its measured fractions.
  public init(parameters: RooflineParameters, gpu: GPUProfile) {
    let calibrated = parameters.calibration
    func fromCalibration(_ path: KeyPath<CalibrationFactors, Double>) -> Choice? {
      calibrated.map { Choice(value: $0.factors[keyPath: path], origin: .calibrated($0.id)) }
    }
    if let given = parameters.bandwidthEfficiency {
      bandwidth = Choice(value: given, origin: .given)
    } else if let calibrated = fromCalibration(\.bandwidthEfficiency) {
      bandwidth = calibrated
    } else if let measured = gpu.bandwidthEfficiency {
      bandwidth = Choice(value: measured, origin: .measuredBandwidth)
    } else {
      bandwidth = Choice(
        value: RooflineMethod.fallbackBandwidthEfficiency,
        origin: .fallback)
    }
    kvCacheBandwidth =
      parameters.kvCacheBandwidthEfficiency.map { Choice(value: $0, origin: .given) }
      ?? fromCalibration(\.kvCacheBandwidthEfficiency)
      ?? Choice(
        value: bandwidth.value,
        origin: .asWeights)
    let precision = parameters.computePrecision
    let measured: Double? =
      precision.bytesPerParameter <= 1
      ? (gpu.fp8MatmulEfficiency ?? gpu.matmulEfficiency) : gpu.matmulEfficiency
    if let given = parameters.computeEfficiency {
      compute = Choice(value: given, origin: .given)
    } else if let calibrated = fromCalibration(\.computeEfficiency) {
      compute = calibrated
    } else if let measured {
      compute = Choice(value: measured, origin: .measuredMatmul(precision))
    } else {
      compute = Choice(
        value: RooflineMethod.fallbackMatmulEfficiency,
        origin: .fallback)
    }
    prefill =
      parameters.prefillEfficiency.map { Choice(value: $0, origin: .given) }
      ?? fromCalibration(\.prefillEfficiency)
      ?? Choice(value: compute.value, origin: .asCompute)
    communication =
      parameters.communicationEfficiency.map { Choice(value: $0, origin: .given) }
      ?? fromCalibration(\.communicationEfficiency)
      ?? Choice(value: 1, origin: .catalogueAllReduce)
  }

  /// Every efficiency at one end of its range.
  ///
  /// pessimistic = expected × 0.6; optimistic = 1 (the datasheet figure; for the all-reduces,
  /// the catalogue's model, itself a measurement's best or the link at NCCL's bus efficiency);
  /// expected unchanged.
  ///
  /// - Parameter end: Which end.
  /// - Returns: The efficiencies there.
  public func atEnd(_ end: EstimateRange.End) -> ServingEfficiencies {
    func move(_ choice: Choice) -> Choice {
      switch end {
      case .expected: return choice
      case .pessimistic:
        return Choice(value: choice.value * Self.pessimisticFactor, origin: .pessimisticEnd)
      case .optimistic: return Choice(value: 1, origin: .optimisticEnd)
      }
    }
    var copy = self
    copy.bandwidth = move(bandwidth)
    copy.kvCacheBandwidth = move(kvCacheBandwidth)
    copy.compute = move(compute)
    copy.prefill = move(prefill)
    copy.communication = move(communication)
    return copy
  }
}

/// Everything the roofline method needs to size a serving fleet: the model, the GPU and the
/// parameters of the deployment.
///
/// The parameters' fields read as the inputs' own (`inputs.batch`).
@dynamicMemberLookup
public struct RooflineInputs: Sendable, Equatable {
  /// The model served: total parameters for memory, active ones for compute and bandwidth.
  public var model: ModelProfile
  /// The GPU serving it: peak FLOP/s, memory and memory bandwidth.
  public var gpu: GPUProfile
  /// The deployment: load, tokens, batch, parallelism and efficiencies.
  public var parameters: RooflineParameters

  public init(model: ModelProfile, gpu: GPUProfile, parameters: RooflineParameters) {
    self.model = model
    self.gpu = gpu
    self.parameters = parameters
  }

  public init(
    model: ModelProfile, gpu: GPUProfile, precision: Precision, kvCachePrecision: Precision? = nil,
    dailyActiveUsers: Double, requestsPerUserPerDay: Double, inputTokens: Double,
    outputTokens: Double, batch: Int? = nil, contextTokens: Double? = nil,
    tensorParallel: Int? = nil,
    bandwidthEfficiency: Double = RooflineMethod.defaultBandwidthEfficiency,
    computeEfficiency: Double = RooflineMethod.defaultComputeEfficiency,
    prefillEfficiency: Double = RooflineMethod.defaultPrefillEfficiency,
    peakFactor: Double = RooflineMethod.defaultPeakFactor,
    targetUtilization: Double = RooflineMethod.defaultTargetUtilization,
    memoryOverheadFraction: Double = RooflineMethod.defaultMemoryOverheadFraction
  ) {
    self.init(
      model: model, gpu: gpu,
      parameters: RooflineParameters(
        precision: precision, kvCachePrecision: kvCachePrecision,
        dailyActiveUsers: dailyActiveUsers, requestsPerUserPerDay: requestsPerUserPerDay,
        inputTokens: inputTokens, outputTokens: outputTokens, batch: batch,
        contextTokens: contextTokens, tensorParallel: tensorParallel,
        bandwidthEfficiency: bandwidthEfficiency, computeEfficiency: computeEfficiency,
        prefillEfficiency: prefillEfficiency, peakFactor: peakFactor,
        targetUtilization: targetUtilization, memoryOverheadFraction: memoryOverheadFraction))
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

  /// The same inputs with every efficiency factor at one end of its documented range.
  ///
  /// - Parameter end: Which end of the ranges.
  /// - Returns: Inputs for ``RooflineEstimate/init(_:)``.
  public func atEnd(_ end: EstimateRange.End) -> RooflineInputs {
    RooflineInputs(model: model, gpu: gpu, parameters: parameters.atEnd(end))
  }

  /// Checks every input against the range it must lie in.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming the first bad field.
  public func validate() throws {
    try parameters.validate()
  }
}

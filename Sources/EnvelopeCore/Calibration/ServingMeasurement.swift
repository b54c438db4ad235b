/// What a benchmark saw serving one model on one GPU under a stated configuration: the
/// configuration and the figures measured.
///
/// Figures are the benchmark's means over the run. `outputTokensPerSecond` covers all `gpus`
/// (every replica); the per-GPU figure divides it.
public struct ServingMeasurement: Sendable, Equatable, Codable {
  public var modelID: String
  public var gpuID: String
  /// Precision of the weights.
  public var precision: Precision
  /// Precision of the KV cache, when the benchmark states it.
  public var kvPrecision: Precision?
  /// GPUs per replica.
  public var tensorParallel: Int
  /// GPUs the throughput covers: replicas × GPUs per replica.
  public var gpus: Int
  /// The engine's batch cap (`max_num_seqs`, `max_batch_size`), when stated.
  public var batch: Int?
  /// Requests kept in flight by the benchmark client, when stated.
  public var concurrency: Int?
  /// Mean prompt tokens per request.
  public var inputTokens: Double
  /// Mean generated tokens per request.
  public var outputTokens: Double
  /// Output tokens per second over all `gpus`.
  public var outputTokensPerSecond: Double
  /// Mean time to first token.
  public var ttftSeconds: Double?
  /// Mean time per output token (after the first).
  public var tpotSeconds: Double?
  /// Requests completed per second.
  public var requestsPerSecond: Double?
  /// The day the benchmark ran.
  public var measuredOn: CalendarDate
  /// Where it comes from: a tool and file, a report, a URL.
  public var source: String
  public var note: String?

  public init(
    modelID: String, gpuID: String, precision: Precision, kvPrecision: Precision? = nil,
    tensorParallel: Int, gpus: Int? = nil, batch: Int? = nil, concurrency: Int? = nil,
    inputTokens: Double, outputTokens: Double, outputTokensPerSecond: Double,
    ttftSeconds: Double? = nil, tpotSeconds: Double? = nil, requestsPerSecond: Double? = nil,
    measuredOn: CalendarDate, source: String = "", note: String? = nil
  ) {
    self.modelID = modelID
    self.gpuID = gpuID
    self.precision = precision
    self.kvPrecision = kvPrecision
    self.tensorParallel = tensorParallel
    self.gpus = gpus ?? tensorParallel
    self.batch = batch
    self.concurrency = concurrency
    self.inputTokens = inputTokens
    self.outputTokens = outputTokens
    self.outputTokensPerSecond = outputTokensPerSecond
    self.ttftSeconds = ttftSeconds
    self.tpotSeconds = tpotSeconds
    self.requestsPerSecond = requestsPerSecond
    self.measuredOn = measuredOn
    self.source = source
    self.note = note
  }

  /// Output tokens per second per GPU.
  public var outputTokensPerSecondPerGPU: Double { outputTokensPerSecond / Double(gpus) }

  /// Checks every value against the range it must lie in.
  ///
  /// - Throws: ``EngineError`` naming the first bad field and its value.
  public func validate() throws {
    let checks: [(CodingKeys, Double?, QuantityRange)] = [
      (.tensorParallel, Double(tensorParallel), .positiveWholeNumber),
      (.gpus, Double(gpus), .positiveWholeNumber),
      (.batch, batch.map(Double.init), .positiveWholeNumber),
      (.concurrency, concurrency.map(Double.init), .positiveWholeNumber),
      (.inputTokens, inputTokens, .positive), (.outputTokens, outputTokens, .positive),
      (.outputTokensPerSecond, outputTokensPerSecond, .positive),
      (.ttftSeconds, ttftSeconds, .positive), (.tpotSeconds, tpotSeconds, .positive),
      (.requestsPerSecond, requestsPerSecond, .positive),
    ]
    for case (let key, let value?, let range) in checks {
      try Quantity.check(
        value, text: HumanFormat.significant(value), field: key.rawValue, range: range)
    }
    if tensorParallel > RooflineMethod.maximumTensorParallel {
      throw EngineError.outOfRange(
        field: CodingKeys.tensorParallel.rawValue, value: String(tensorParallel),
        reason: "must be at most \(RooflineMethod.maximumTensorParallel) GPUs per replica")
    }
    if gpus % tensorParallel != 0 {
      throw EngineError.outOfRange(
        field: CodingKeys.gpus.rawValue, value: String(gpus),
        reason: "must be a whole number of replicas of \(tensorParallel) GPUs")
    }
  }

  enum CodingKeys: String, CodingKey {
    case precision, gpus, batch, concurrency, source, note
    case modelID = "model_id"
    case gpuID = "gpu_id"
    case kvPrecision = "kv_precision"
    case tensorParallel = "tensor_parallel"
    case inputTokens = "input_tokens"
    case outputTokens = "output_tokens"
    case outputTokensPerSecond = "output_tokens_per_second"
    case ttftSeconds = "ttft_seconds"
    case tpotSeconds = "tpot_seconds"
    case requestsPerSecond = "requests_per_second"
    case measuredOn = "measured_on"
  }
}

/// A measurement as the ledger holds it: immutable, numbered, possibly superseded.
public struct RecordedMeasurement: Sendable, Equatable {
  public var id: Int64
  public var recordedAt: String
  public var measurement: ServingMeasurement
  /// The measurement this one corrects, and why.
  public var supersedes: Int64?
  public var reason: String?
  /// The measurement that corrects this one, if any.
  public var supersededBy: Int64?

  public init(
    id: Int64, recordedAt: String, measurement: ServingMeasurement, supersedes: Int64? = nil,
    reason: String? = nil, supersededBy: Int64? = nil
  ) {
    self.id = id
    self.recordedAt = recordedAt
    self.measurement = measurement
    self.supersedes = supersedes
    self.reason = reason
    self.supersededBy = supersededBy
  }

  /// Whether a later measurement corrects this one.
  public var isSuperseded: Bool { supersededBy != nil }
}

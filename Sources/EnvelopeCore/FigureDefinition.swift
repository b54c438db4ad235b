/// The section of a report a figure belongs to.
public enum FigureGroup: String, Sendable, Equatable, Codable, CaseIterable {
  case compute, memory, fleet, storage, network, training, cost
}

/// What a figure is: its key, its labels, its unit, its report section and whether the ledger
/// holds it in a typed column.
///
/// Every figure any method reports is defined once here; estimates, tables, history, diff,
/// sweeps, JSON and the ledger's columns all read these definitions.
public struct FigureDefinition: Sendable, Hashable {
  /// The snake_case key with its unit in the name, such as `storage_bytes_per_month`.
  ///
  /// The JSON key and, for ledger columns, the column's name.
  public let key: String
  /// A label for reports: `Storage per month`.
  public let label: String
  /// A short label for table columns: `Storage/month`.
  public let shortLabel: String
  public let group: FigureGroup
  public let unit: FigureUnit
  /// Whether `estimates` holds the figure in a typed column of this name.
  public let isLedgerColumn: Bool
  /// Whether the figure is a whole number (GPUs, replicas, a batch), written without a fraction.
  public let isWholeNumber: Bool
  /// The key's hash (this process's), compared before the key: finding a figure in an entry's
  /// list compares definitions by the hundred thousand in a long `history`, and comparing two
  /// different keys character by character was an eighth of its instructions.
  private let keyHash: Int

  init(
    _ key: String, _ label: String, short shortLabel: String? = nil, _ group: FigureGroup,
    _ unit: FigureUnit, column: Bool = false, whole: Bool = false
  ) {
    self.key = key
    self.label = label
    self.shortLabel = shortLabel ?? label
    self.group = group
    self.unit = unit
    self.isLedgerColumn = column
    self.isWholeNumber = whole
    self.keyHash = key.hashValue
  }

  public static func == (lhs: FigureDefinition, rhs: FigureDefinition) -> Bool {
    lhs.keyHash == rhs.keyHash && lhs.key == rhs.key
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(key)
  }
}

extension FigureDefinition {
  // MARK: Compute
  public static let inferenceFLOPs = FigureDefinition(
    "inference_flops", "FLOPs per request", .compute, .flops)
  public static let inferenceSeconds = FigureDefinition(
    "inference_seconds", "Inference time per request", short: "Inference", .compute, .seconds,
    column: true)
  public static let queriesPerSecondPerGPU = FigureDefinition(
    "qps_per_gpu", "QPS per GPU", short: "QPS/GPU", .compute, .requestsPerSecond, column: true)
  public static let decodeSecondsPerToken = FigureDefinition(
    "decode_seconds_per_token", "Decode time per output token", .compute, .seconds)
  public static let bound = FigureDefinition("bound", "Decode bound", .compute, .plain)
  public static let decodeMemorySecondsPerToken = FigureDefinition(
    "decode_memory_seconds_per_token", "Decode step if memory-bound", .compute, .seconds)
  public static let decodeComputeSecondsPerToken = FigureDefinition(
    "decode_compute_seconds_per_token", "Decode step if compute-bound", .compute, .seconds)
  public static let prefillFLOPs = FigureDefinition(
    "prefill_flops", "Prefill FLOPs per request", .compute, .flops)
  public static let prefillSeconds = FigureDefinition(
    "prefill_seconds", "Prefill time per request", .compute, .seconds)
  public static let replicaRequestsPerSecond = FigureDefinition(
    "replica_requests_per_second", "Requests/s per replica", .compute, .requestsPerSecond)
  public static let outputTokensPerSecondPerGPU = FigureDefinition(
    "output_tokens_per_second_per_gpu", "Output tokens/s per GPU", .compute, .count)
  public static let ttftSeconds = FigureDefinition(
    "ttft_seconds", "Time to first token", short: "TTFT", .compute, .seconds)
  public static let tpotSeconds = FigureDefinition(
    "tpot_seconds", "Time per output token", short: "TPOT", .compute, .seconds)
  public static let communicationSecondsPerToken = FigureDefinition(
    "communication_seconds_per_token", "All-reduces per step", .compute, .seconds)

  // MARK: Memory
  public static let weightBytes = FigureDefinition(
    "weight_bytes", "Weights (total parameters)", .memory, .bytes)
  public static let kvCacheBytesPerToken = FigureDefinition(
    "kv_cache_bytes_per_token", "KV cache per token", .memory, .bytes)
  public static let contextTokens = FigureDefinition(
    "context_tokens", "Context per sequence (tokens)", .memory, .count)
  public static let kvCacheBytes = FigureDefinition(
    "kv_cache_bytes", "KV cache for the batch", .memory, .bytes)
  public static let kvCachePoolBytes = FigureDefinition(
    "kv_cache_pool_bytes", "KV cache pool (replica)", .memory, .bytes)
  public static let usableMemoryBytesPerGPU = FigureDefinition(
    "usable_memory_bytes_per_gpu", "Usable memory per GPU", .memory, .bytes)
  public static let minGPUsPerReplica = FigureDefinition(
    "min_gpus_per_replica", "Minimum GPUs per replica", .memory, .count, whole: true)
  public static let tensorParallel = FigureDefinition(
    "tensor_parallel", "Tensor-parallel degree", .memory, .count, whole: true)
  public static let gpusPerReplica = FigureDefinition(
    "gpus_per_replica", "GPUs per replica", .memory, .count, whole: true)
  public static let maxBatch = FigureDefinition(
    "max_batch", "Largest batch that fits", .memory, .count, whole: true)
  public static let batch = FigureDefinition("batch", "Batch", .memory, .count, whole: true)

  // MARK: Fleet
  public static let requestsPerSecond = FigureDefinition(
    "trps", "Total requests per second (TRPS)", short: "TRPS", .fleet, .requestsPerSecond,
    column: true)
  public static let peakRequestsPerSecond = FigureDefinition(
    "peak_requests_per_second", "Busiest-hour requests per second", .fleet, .requestsPerSecond)
  public static let replicas = FigureDefinition("replicas", "Replicas", .fleet, .count, whole: true)
  public static let gpusRequired = FigureDefinition(
    "gpus_required", "GPUs required", short: "GPUs", .fleet, .count, column: true, whole: true)

  // MARK: Storage
  public static let modelStorageBytes = FigureDefinition(
    "model_storage_bytes", "Model storage", short: "Model", .storage, .bytes, column: true)
  public static let userDataBytes = FigureDefinition(
    "user_data_bytes", "User profile data", short: "User data", .storage, .bytes, column: true)
  public static let interactionBytesPerDay = FigureDefinition(
    "interaction_bytes_per_day", "Interaction data per day", .storage, .bytes)
  public static let indexBytesPerDay = FigureDefinition(
    "index_bytes_per_day", "Indexing per day", .storage, .bytes)
  public static let storageBytesPerDay = FigureDefinition(
    "storage_bytes_per_day", "Storage per day", short: "Storage/day", .storage, .bytes,
    column: true)
  public static let storageBytesPerMonth = FigureDefinition(
    "storage_bytes_per_month", "Storage per month", short: "Storage/month", .storage, .bytes,
    column: true)

  // MARK: Network
  public static let ingressBytesPerSecond = FigureDefinition(
    "ingress_bytes_per_second", "Ingress", .network, .bytesPerSecond, column: true)
  public static let ingressBitsPerSecond = FigureDefinition(
    "ingress_bits_per_second", "Ingress (bits)", .network, .bitsPerSecond)
  public static let egressBytesPerSecond = FigureDefinition(
    "egress_bytes_per_second", "Egress", .network, .bytesPerSecond, column: true)
  public static let egressBitsPerSecond = FigureDefinition(
    "egress_bits_per_second", "Egress (bits)", .network, .bitsPerSecond)

  // MARK: Training
  public static let trainingFLOPs = FigureDefinition(
    "training_flops", "Training FLOPs", short: "FLOPs", .training, .flops, column: true)
  public static let trainingSeconds = FigureDefinition(
    "training_seconds", "Training time", .training, .seconds, column: true)
  public static let trainingDays = FigureDefinition(
    "training_days", "Training time (days)", .training, .days)
  public static let gpuHours = FigureDefinition(
    "gpu_hours", "GPU-hours", .training, .hours, column: true)
  /// 6 × active parameters × tokens (+ attention): what model FLOPs utilisation is a share of.
  public static let modelFLOPs = FigureDefinition(
    "model_flops", "Model FLOPs", .training, .flops)
  /// The attention term of the model FLOPs (with a sequence length).
  public static let attentionFLOPs = FigureDefinition(
    "attention_flops", "Attention FLOPs (in model FLOPs)", .training, .flops)
  /// Model FLOPs plus the forward pass recomputation repeats.
  public static let hardwareFLOPs = FigureDefinition(
    "hardware_flops", "Hardware FLOPs", .training, .flops)
  /// The share of peak the hardware FLOPs take: MFU × hardware ÷ model FLOPs.
  public static let hardwareFLOPsUtilization = FigureDefinition(
    "hardware_flops_utilization", "Hardware FLOPs utilisation", short: "HFU", .training, .ratio)

  // MARK: Cost
  public static let monthlyGPUCost = FigureDefinition(
    "monthly_gpu_cost", "GPUs per month", .cost, .money)
  public static let monthlyEgressCost = FigureDefinition(
    "monthly_egress_cost", "Egress per month", .cost, .money)
  public static let monthlyStorageCost = FigureDefinition(
    "monthly_storage_cost", "Storage, first month", .cost, .money)
  public static let monthlyCost = FigureDefinition(
    "monthly_cost", "Total per month", short: "Monthly cost", .cost, .money, column: true)
  public static let trainingCost = FigureDefinition(
    "training_cost", "Training cost", .cost, .money)
  public static let currency = FigureDefinition("currency", "Currency", .cost, .plain)

  /// Every figure, in the order reports list them.
  public static let all: [FigureDefinition] = [
    inferenceFLOPs, inferenceSeconds, queriesPerSecondPerGPU, ttftSeconds, tpotSeconds,
    decodeSecondsPerToken, bound, decodeMemorySecondsPerToken, decodeComputeSecondsPerToken,
    communicationSecondsPerToken, prefillFLOPs, prefillSeconds, replicaRequestsPerSecond,
    outputTokensPerSecondPerGPU, weightBytes, kvCacheBytesPerToken, contextTokens,
    kvCachePoolBytes, kvCacheBytes, usableMemoryBytesPerGPU, minGPUsPerReplica, tensorParallel,
    gpusPerReplica, maxBatch, batch, requestsPerSecond, peakRequestsPerSecond, replicas,
    gpusRequired,
    modelStorageBytes, userDataBytes, interactionBytesPerDay, indexBytesPerDay,
    storageBytesPerDay, storageBytesPerMonth, ingressBytesPerSecond, ingressBitsPerSecond,
    egressBytesPerSecond, egressBitsPerSecond, trainingFLOPs, trainingSeconds, trainingDays,
    gpuHours, modelFLOPs, attentionFLOPs, hardwareFLOPs, hardwareFLOPsUtilization,
    monthlyGPUCost, monthlyEgressCost, monthlyStorageCost, monthlyCost, trainingCost,
    currency,
  ]

  /// The figures `estimates` holds in typed columns, in the order `envelope history` lists them.
  public static let ledgerColumns: [FigureDefinition] = [
    gpusRequired, requestsPerSecond, queriesPerSecondPerGPU, inferenceSeconds, modelStorageBytes,
    userDataBytes, storageBytesPerDay, storageBytesPerMonth, ingressBytesPerSecond,
    egressBytesPerSecond, trainingFLOPs, trainingSeconds, gpuHours, monthlyCost,
  ]

  /// Whether a sweep's point holds the figure in a typed column (`sweep_points`): every
  /// serving figure does.
  public var isSweepPointColumn: Bool { group != .training && self != .trainingCost }

  /// The figures a sweep point holds in typed columns, in report order.
  public static let sweepPointColumns: [FigureDefinition] = all.filter(\.isSweepPointColumn)

  /// The figures `diff --fail-if-increase` checks unless told otherwise.
  public static let budgeted: [FigureDefinition] = [
    gpusRequired, storageBytesPerMonth, egressBytesPerSecond, monthlyCost, gpuHours,
  ]

  private static let byKey: [String: FigureDefinition] = Dictionary(
    uniqueKeysWithValues: all.map { ($0.key, $0) })

  /// A figure no method of this Envelope reports, read from a ledger: shown by its key.
  ///
  /// - Parameter key: The key as recorded.
  /// - Returns: A definition with the key as its label and no unit.
  public static func unregistered(_ key: String) -> FigureDefinition {
    FigureDefinition(key, key, .compute, .plain)
  }

  /// The figure with this key, if any.
  ///
  /// - Parameter key: A JSON key such as `gpus_required`.
  /// - Returns: Its definition, or `nil` for a key no method reports.
  public static func named(_ key: String) -> FigureDefinition? {
    byKey[key]
  }
}

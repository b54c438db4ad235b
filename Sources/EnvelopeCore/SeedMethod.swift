/// The seed's formulas, method `seed`, exactly as `shared/seed/envelope-estimates.md` writes them.
///
/// Each function is one formula of the seed. They take and return plain `Double`s in base units
/// (parameters, FLOP, FLOP/s, bytes, seconds) and never round; rounding is for display only.
/// Another method is added beside this one, never by changing it.
public enum SeedMethod {
  /// Seconds in a day, the seed's denominator for requests per second.
  public static let secondsPerDay = 86_400.0

  /// FLOPs per data item and parameter for one forward (2) and one backward (4) pass.
  public static let trainingFLOPsPerParameter = 6.0

  /// FLOPs per parameter and architecture step for one forward pass.
  public static let inferenceFLOPsPerParameter = 2.0

  // MARK: Training

  /// Total floating-point operations to train a model.
  ///
  /// FLOPs = 6 × parameters × C × data items × epochs
  ///
  /// - Parameters:
  ///   - parameters: Number of trained weights.
  ///   - architectureConstant: C, the model's workload per item: tokens per item for text,
  ///     generation steps for diffusion, 1 where none applies.
  ///   - dataItems: Items in the data set (sentences, documents, images).
  ///   - epochs: Passes over the data set.
  /// - Returns: FLOP.
  public static func trainingFLOPs(
    parameters: Double, architectureConstant: Double, dataItems: Double, epochs: Double
  ) -> Double {
    trainingFLOPsPerParameter * parameters * architectureConstant * dataItems * epochs
  }

  /// Wall-clock time to perform a number of FLOPs on a cluster.
  ///
  /// seconds = FLOPs ÷ (peak FLOP/s per GPU × GPUs × utilisation)
  ///
  /// The seed's formula is utilisation 1: every GPU at its peak all the time.
  ///
  /// - Parameters:
  ///   - totalFLOPs: FLOP to perform.
  ///   - peakFLOPSPerGPU: Peak FLOP/s of one GPU at the training precision.
  ///   - gpuCount: GPUs working together.
  ///   - utilization: Fraction of peak achieved, in (0, 1].
  /// - Returns: Seconds.
  public static func trainingSeconds(
    totalFLOPs: Double, peakFLOPSPerGPU: Double, gpuCount: Double, utilization: Double = 1
  ) -> Double {
    totalFLOPs / (peakFLOPSPerGPU * gpuCount * utilization)
  }

  /// GPU time a training run occupies.
  ///
  /// GPU-hours = seconds × GPUs ÷ 3,600
  ///
  /// - Parameters:
  ///   - trainingSeconds: Wall-clock seconds of the run.
  ///   - gpuCount: GPUs working together.
  /// - Returns: GPU-hours.
  public static func gpuHours(trainingSeconds: Double, gpuCount: Double) -> Double {
    trainingSeconds * gpuCount / 3_600
  }

  // MARK: Inference

  /// FLOPs one request costs.
  ///
  /// FLOPs per request = parameters × 2 × C
  ///
  /// - Parameters:
  ///   - parameters: Number of weights.
  ///   - architectureConstant: C, tokens generated (text) or generation steps (diffusion).
  /// - Returns: FLOP.
  public static func inferenceFLOPs(parameters: Double, architectureConstant: Double) -> Double {
    parameters * inferenceFLOPsPerParameter * architectureConstant
  }

  /// Time one GPU takes to process one request.
  ///
  /// T_inference = (parameters × 2 × C) ÷ R_ops
  ///
  /// - Parameters:
  ///   - parameters: Number of weights.
  ///   - architectureConstant: C, tokens generated (text) or generation steps (diffusion).
  ///   - peakFLOPS: R_ops, peak FLOP/s of one GPU at the chosen precision.
  /// - Returns: Seconds per request.
  public static func inferenceSeconds(
    parameters: Double, architectureConstant: Double, peakFLOPS: Double
  ) -> Double {
    inferenceFLOPs(parameters: parameters, architectureConstant: architectureConstant) / peakFLOPS
  }

  /// Requests one GPU serves per second.
  ///
  /// QPS = 1 ÷ T_inference
  ///
  /// - Parameter inferenceSeconds: Seconds per request.
  /// - Returns: Requests per second per GPU.
  public static func queriesPerSecondPerGPU(inferenceSeconds: Double) -> Double {
    1 / inferenceSeconds
  }

  // MARK: Load

  /// Average requests per second over a day, requests spread uniformly.
  ///
  /// TRPS = (users × requests per user per day) ÷ 86,400
  ///
  /// - Parameters:
  ///   - users: Daily active users.
  ///   - requestsPerUserPerDay: Requests each of them makes a day.
  /// - Returns: Requests per second.
  public static func requestsPerSecond(users: Double, requestsPerUserPerDay: Double) -> Double {
    users * requestsPerUserPerDay / secondsPerDay
  }

  /// GPUs needed to serve the load, rounded up to whole GPUs.
  ///
  /// GPUs = ⌈TRPS ÷ QPS⌉
  ///
  /// - Parameters:
  ///   - requestsPerSecond: TRPS, requests per second to serve.
  ///   - queriesPerSecondPerGPU: QPS, requests one GPU serves per second.
  /// - Returns: Whole GPUs.
  /// - Throws: ``EngineError/resultOutOfRange(figure:reason:)`` when the count is not finite or
  ///   too large to count.
  public static func gpusRequired(requestsPerSecond: Double, queriesPerSecondPerGPU: Double)
    throws -> Int
  {
    try wholeCount(requestsPerSecond / queriesPerSecondPerGPU, figure: "gpus_required")
  }

  // MARK: Storage

  /// Disk space for the model's weights.
  ///
  /// Model storage = parameters × bytes per parameter
  ///
  /// - Parameters:
  ///   - parameters: Number of weights.
  ///   - bytesPerParameter: Bytes per weight at the chosen precision (``Precision``).
  /// - Returns: Bytes.
  public static func modelStorageBytes(parameters: Double, bytesPerParameter: Double) -> Double {
    parameters * bytesPerParameter
  }

  /// Storage for every user's profile.
  ///
  /// User data = users × bytes per user
  ///
  /// - Parameters:
  ///   - users: Users with a profile.
  ///   - bytesPerUser: Bytes of one profile.
  /// - Returns: Bytes.
  public static func userDataBytes(users: Double, bytesPerUser: Double) -> Double {
    users * bytesPerUser
  }

  /// Interaction log written per day.
  ///
  /// Interaction data = DAU × interactions per user per day × bytes per interaction
  ///
  /// - Parameters:
  ///   - dailyActiveUsers: DAU.
  ///   - interactionsPerUserPerDay: Prompt/response pairs each user logs a day.
  ///   - bytesPerInteraction: Bytes of one logged pair.
  /// - Returns: Bytes per day.
  public static func interactionBytesPerDay(
    dailyActiveUsers: Double, interactionsPerUserPerDay: Double, bytesPerInteraction: Double
  ) -> Double {
    dailyActiveUsers * interactionsPerUserPerDay * bytesPerInteraction
  }

  /// Index storage over the interaction log.
  ///
  /// Indexing = interaction data × index ratio
  ///
  /// - Parameters:
  ///   - interactionBytesPerDay: Interaction data per day.
  ///   - indexRatio: Index size as a fraction of the data it indexes (the seed assumes 0.25).
  /// - Returns: Bytes per day.
  public static func indexBytesPerDay(interactionBytesPerDay: Double, indexRatio: Double)
    -> Double
  {
    interactionBytesPerDay * indexRatio
  }

  /// Storage written per day.
  ///
  /// Storage per day = interaction data + indexing
  ///
  /// - Parameters:
  ///   - interactionBytesPerDay: Interaction data per day.
  ///   - indexBytesPerDay: Index storage per day.
  /// - Returns: Bytes per day.
  public static func storageBytesPerDay(interactionBytesPerDay: Double, indexBytesPerDay: Double)
    -> Double
  {
    interactionBytesPerDay + indexBytesPerDay
  }

  /// Storage written per month.
  ///
  /// Storage per month = storage per day × days per month
  ///
  /// - Parameters:
  ///   - storageBytesPerDay: Storage written per day.
  ///   - daysPerMonth: Days in a month (the seed uses 30).
  /// - Returns: Bytes per month.
  public static func storageBytesPerMonth(storageBytesPerDay: Double, daysPerMonth: Double)
    -> Double
  {
    storageBytesPerDay * daysPerMonth
  }

  // MARK: Network

  /// Bandwidth for incoming requests.
  ///
  /// Ingress = TRPS × request size
  ///
  /// - Parameters:
  ///   - requestsPerSecond: TRPS.
  ///   - requestBytes: Bytes of one request (metadata, headers, prompt).
  /// - Returns: Bytes per second.
  public static func ingressBytesPerSecond(requestsPerSecond: Double, requestBytes: Double)
    -> Double
  {
    requestsPerSecond * requestBytes
  }

  /// Bandwidth for outgoing responses.
  ///
  /// Egress = TRPS × response size
  ///
  /// - Parameters:
  ///   - requestsPerSecond: TRPS.
  ///   - responseBytes: Bytes of one response.
  /// - Returns: Bytes per second.
  public static func egressBytesPerSecond(requestsPerSecond: Double, responseBytes: Double)
    -> Double
  {
    requestsPerSecond * responseBytes
  }

  /// A byte rate in bits.
  ///
  /// bits/s = bytes/s × 8
  ///
  /// - Parameter bytesPerSecond: Bytes per second.
  /// - Returns: Bits per second.
  public static func bitsPerSecond(bytesPerSecond: Double) -> Double {
    bytesPerSecond * 8
  }

  /// Rounds a positive figure up to a whole count, refusing what no integer can hold.
  ///
  /// - Throws: ``EngineError/resultOutOfRange(figure:reason:)``.
  static func wholeCount(_ value: Double, figure: String) throws -> Int {
    guard value.isFinite else {
      throw EngineError.resultOutOfRange(figure: figure, reason: "the result is not finite")
    }
    let rounded = value.rounded(.up)
    guard rounded < 9e15 else {
      throw EngineError.resultOutOfRange(
        figure: figure, reason: "\(HumanFormat.significant(rounded)) is too large to count")
    }
    return Int(rounded)
  }
}

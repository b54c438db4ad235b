/// Everything the seed method needs to size a deployment, in base units.
///
/// Sizes are bytes, rates FLOP/s, fractions plain numbers (0.25 for 25%).
public struct ServingInputs: Sendable, Equatable, Codable {
  /// Number of model weights.
  public var parameters: Double
  /// Precision of weights and compute.
  public var precision: Precision
  /// Peak FLOP/s of one GPU at `precision`.
  public var peakFLOPS: Double
  /// C: tokens generated per request for text, generation steps for diffusion.
  public var architectureConstant: Double
  /// Daily active users.
  public var dailyActiveUsers: Double
  /// Requests each daily active user makes a day.
  public var requestsPerUserPerDay: Double
  /// Bytes of one incoming request.
  public var requestBytes: Double
  /// Bytes of one outgoing response.
  public var responseBytes: Double
  /// Bytes of one user's profile.
  public var profileBytes: Double
  /// Users with a stored profile; `nil` means the daily active users.
  public var profileUsers: Double?
  /// Interactions logged per user a day; `nil` means one per request.
  public var interactionsPerUserPerDay: Double?
  /// Bytes of one logged interaction (a prompt/response pair).
  public var interactionBytes: Double
  /// Index size as a fraction of the interaction data.
  public var indexRatio: Double
  /// Days in a month for monthly figures.
  public var daysPerMonth: Double

  /// The seed's index ratio, 25%.
  public static let defaultIndexRatio = 0.25
  /// The seed's month, 30 days.
  public static let defaultDaysPerMonth = 30.0

  public init(
    parameters: Double, precision: Precision, peakFLOPS: Double, architectureConstant: Double,
    dailyActiveUsers: Double, requestsPerUserPerDay: Double, requestBytes: Double,
    responseBytes: Double, profileBytes: Double, profileUsers: Double? = nil,
    interactionsPerUserPerDay: Double? = nil, interactionBytes: Double,
    indexRatio: Double = ServingInputs.defaultIndexRatio,
    daysPerMonth: Double = ServingInputs.defaultDaysPerMonth
  ) {
    self.parameters = parameters
    self.precision = precision
    self.peakFLOPS = peakFLOPS
    self.architectureConstant = architectureConstant
    self.dailyActiveUsers = dailyActiveUsers
    self.requestsPerUserPerDay = requestsPerUserPerDay
    self.requestBytes = requestBytes
    self.responseBytes = responseBytes
    self.profileBytes = profileBytes
    self.profileUsers = profileUsers
    self.interactionsPerUserPerDay = interactionsPerUserPerDay
    self.interactionBytes = interactionBytes
    self.indexRatio = indexRatio
    self.daysPerMonth = daysPerMonth
  }

  /// The seed's worked example: a 3B model at FP16 on an A100 (312 TFLOP/s) serving 100M DAU.
  public static let seedExample = ServingInputs(
    parameters: 3e9, precision: .fp16, peakFLOPS: 312e12, architectureConstant: 500,
    dailyActiveUsers: 100e6, requestsPerUserPerDay: 10, requestBytes: 2_000,
    responseBytes: 10_000, profileBytes: 10_000, interactionsPerUserPerDay: 10,
    interactionBytes: 2_000)

  /// Users whose profiles are stored.
  public var resolvedProfileUsers: Double { profileUsers ?? dailyActiveUsers }

  /// Interactions logged per user a day.
  public var resolvedInteractionsPerUserPerDay: Double {
    interactionsPerUserPerDay ?? requestsPerUserPerDay
  }

  /// Checks every input against the range it must lie in.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming the first bad field.
  public func validate() throws {
    let checks: [(String, Double?, QuantityRange)] = [
      ("parameters", parameters, .positive),
      ("peak_flops", peakFLOPS, .positive),
      ("architecture_constant", architectureConstant, .positive),
      ("daily_active_users", dailyActiveUsers, .positive),
      ("requests_per_user_per_day", requestsPerUserPerDay, .positive),
      ("request_bytes", requestBytes, .nonNegative),
      ("response_bytes", responseBytes, .nonNegative),
      ("profile_bytes", profileBytes, .nonNegative),
      ("profile_users", profileUsers, .nonNegative),
      ("interactions_per_user_per_day", interactionsPerUserPerDay, .nonNegative),
      ("interaction_bytes", interactionBytes, .nonNegative),
      ("index_ratio", indexRatio, .nonNegative),
      ("days_per_month", daysPerMonth, .positive),
    ]
    for (field, value, range) in checks {
      guard let value else { continue }
      try Quantity.check(value, text: HumanFormat.significant(value), field: field, range: range)
    }
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case parameters, precision
    case peakFLOPS = "peak_flops"
    case architectureConstant = "architecture_constant"
    case dailyActiveUsers = "daily_active_users"
    case requestsPerUserPerDay = "requests_per_user_per_day"
    case requestBytes = "request_bytes"
    case responseBytes = "response_bytes"
    case profileBytes = "profile_bytes"
    case profileUsers = "profile_users"
    case interactionsPerUserPerDay = "interactions_per_user_per_day"
    case interactionBytes = "interaction_bytes"
    case indexRatio = "index_ratio"
    case daysPerMonth = "days_per_month"
  }
}

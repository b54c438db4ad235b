/// A deployment's traffic and data: its users, their requests and what each request, response,
/// profile and logged interaction weighs.
///
/// Scenarios state it and the seed method's inputs carry it; both read its fields as their own
/// (`scenario.dailyActiveUsers`) and encode them at their own top level, under the same keys.
public struct Workload: Sendable, Equatable, Codable {
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
    dailyActiveUsers: Double, requestsPerUserPerDay: Double, requestBytes: Double,
    responseBytes: Double, profileBytes: Double, profileUsers: Double? = nil,
    interactionsPerUserPerDay: Double? = nil, interactionBytes: Double,
    indexRatio: Double = Workload.defaultIndexRatio,
    daysPerMonth: Double = Workload.defaultDaysPerMonth
  ) {
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

  /// The seed's worked example: 100M DAU, 10 requests a day, 2 KB requests, 10 KB responses
  /// and profiles, 10 interactions of 2 KB.
  public static let seedExample = Workload(
    dailyActiveUsers: 100e6, requestsPerUserPerDay: 10, requestBytes: 2_000,
    responseBytes: 10_000, profileBytes: 10_000, interactionsPerUserPerDay: 10,
    interactionBytes: 2_000)

  /// Users whose profiles are stored.
  public var resolvedProfileUsers: Double { profileUsers ?? dailyActiveUsers }

  /// Interactions logged per user a day.
  public var resolvedInteractionsPerUserPerDay: Double {
    interactionsPerUserPerDay ?? requestsPerUserPerDay
  }

  /// Checks every value against the range it must lie in.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming the first bad field.
  public func validate() throws {
    let checks: [(CodingKeys, Double?, QuantityRange)] = [
      (.dailyActiveUsers, dailyActiveUsers, .positive),
      (.requestsPerUserPerDay, requestsPerUserPerDay, .positive),
      (.requestBytes, requestBytes, .nonNegative), (.responseBytes, responseBytes, .nonNegative),
      (.profileBytes, profileBytes, .nonNegative), (.profileUsers, profileUsers, .nonNegative),
      (.interactionsPerUserPerDay, interactionsPerUserPerDay, .nonNegative),
      (.interactionBytes, interactionBytes, .nonNegative), (.indexRatio, indexRatio, .nonNegative),
      (.daysPerMonth, daysPerMonth, .positive),
    ]
    for case (let key, let value?, let range) in checks {
      try Quantity.check(
        value, text: HumanFormat.significant(value), field: key.rawValue, range: range)
    }
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
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

/// A value whose ``Workload`` fields read as its own.
public protocol HasWorkload {
  var workload: Workload { get set }
}

extension HasWorkload {
  public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Workload, Value>) -> Value {
    get { workload[keyPath: keyPath] }
    set { workload[keyPath: keyPath] = newValue }
  }

  public subscript<Value>(dynamicMember keyPath: KeyPath<Workload, Value>) -> Value {
    workload[keyPath: keyPath]
  }
}

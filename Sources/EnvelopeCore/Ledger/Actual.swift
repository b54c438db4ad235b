/// A figure that can be measured in production and held against a plan.
///
/// Names match the estimate's JSON keys, so plan and actual line up; short aliases are for
/// people.
public enum ActualMetric: String, CaseIterable, Sendable, Codable {
  /// Storage in use at a date (interaction and index data), in bytes.
  case storageBytes = "storage_bytes"
  /// Requests per second at peak.
  case trps
  /// GPUs in service.
  case gpusRequired = "gpus_required"
  case ingressBytesPerSecond = "ingress_bytes_per_second"
  case egressBytesPerSecond = "egress_bytes_per_second"
  /// Spend for a month, in the scenario's currency.
  case monthlyCost = "monthly_cost"

  /// Short names people may type instead.
  public static let aliases: [String: ActualMetric] = [
    "storage": .storageBytes, "gpus": .gpusRequired, "rps": .trps, "egress": .egressBytesPerSecond,
    "ingress": .ingressBytesPerSecond, "cost": .monthlyCost,
  ]

  /// Reads a metric from its name or alias.
  ///
  /// - Throws: ``EngineError/invalidQuantity(field:value:reason:)`` listing the names.
  public static func parse(_ text: String, field: String = "--metric") throws -> ActualMetric {
    let lower = text.lowercased()
    if let metric = ActualMetric(rawValue: lower) ?? aliases[lower] { return metric }
    let names = allCases.map(\.rawValue) + aliases.keys.sorted()
    throw EngineError.invalidQuantity(
      field: field, value: text, reason: "expected one of " + names.joined(separator: ", "))
  }

  /// What kind of quantity a measurement of this metric is.
  public var quantityKind: QuantityKind {
    switch self {
    case .storageBytes: return .bytes
    case .trps, .gpusRequired: return .count
    case .ingressBytesPerSecond, .egressBytesPerSecond: return .bytesPerSecond
    case .monthlyCost: return .money
    }
  }

  /// The unit values are printed in.
  public var unit: FigureUnit {
    switch self {
    case .storageBytes: return .bytes
    case .trps: return .requestsPerSecond
    case .gpusRequired: return .count
    case .ingressBytesPerSecond, .egressBytesPerSecond: return .bytesPerSecond
    case .monthlyCost: return .money
    }
  }
}

/// A measurement recorded in the ledger's `actuals` table.
public struct Actual: Sendable, Equatable {
  public var id: Int64
  public var recordedAt: String
  public var measuredOn: CalendarDate
  public var scenarioID: String
  public var metric: ActualMetric
  public var value: Double
  public var note: String?

  public init(
    id: Int64, recordedAt: String, measuredOn: CalendarDate, scenarioID: String,
    metric: ActualMetric, value: Double, note: String?
  ) {
    self.id = id
    self.recordedAt = recordedAt
    self.measuredOn = measuredOn
    self.scenarioID = scenarioID
    self.metric = metric
    self.value = value
    self.note = note
  }
}

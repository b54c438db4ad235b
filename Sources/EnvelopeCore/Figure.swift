/// The unit a figure is measured in: base units for machines, a human rendering for people.
public enum FigureUnit: String, Sendable, Equatable, Codable {
  case bytes, bytesPerSecond, bitsPerSecond, seconds, requestsPerSecond, count, flops
  case flopsPerSecond, hours, days, ratio, money, plain

  /// The value written for a person: `6 GB`, `9.615 ms`, `11,574.07 requests/s`.
  public func human(_ value: Double) -> String {
    switch self {
    case .bytes: return HumanFormat.bytes(value)
    case .bytesPerSecond: return HumanFormat.bytesPerSecond(value)
    case .bitsPerSecond: return HumanFormat.bitsPerSecond(value)
    case .seconds: return HumanFormat.seconds(value)
    case .requestsPerSecond: return HumanFormat.number(value) + " requests/s"
    case .count: return HumanFormat.number(value)
    case .flops: return HumanFormat.flops(value)
    case .flopsPerSecond: return HumanFormat.flopsPerSecond(value)
    case .hours: return HumanFormat.number(value) + " h"
    case .days: return HumanFormat.number(value) + " days"
    case .ratio: return HumanFormat.percent(value)
    case .money: return HumanFormat.number(value)
    case .plain: return HumanFormat.significant(value, digits: 6)
    }
  }
}

/// A figure's value: a measured number, a whole count, or a label such as a bound's name.
public enum FigureValue: Sendable, Equatable {
  case number(Double)
  case integer(Int)
  case text(String)

  /// The value as a number, when it is one.
  public var number: Double? {
    switch self {
    case .number(let value): return value
    case .integer(let value): return Double(value)
    case .text: return nil
    }
  }
}

/// One result of an estimate, named as it appears in JSON output and in the ledger.
public struct Figure: Sendable, Equatable {
  /// The snake_case key, with its unit in the name: `storage_bytes_per_month`.
  public var key: String
  /// A short label for tables: `Storage per month`.
  public var label: String
  /// The report section: `compute`, `load`, `storage`, `network`, `training`, `cost`.
  public var group: String
  public var value: FigureValue
  public var unit: FigureUnit

  public init(key: String, label: String, group: String, value: FigureValue, unit: FigureUnit) {
    self.key = key
    self.label = label
    self.group = group
    self.value = value
    self.unit = unit
  }

  /// The value as a person reads it.
  public var humanValue: String {
    switch value {
    case .number(let number): return unit.human(number)
    case .integer(let integer): return unit.human(Double(integer))
    case .text(let text): return text
    }
  }
}

/// One formula of an estimate written out with its numbers, the way the seed's examples read.
public struct Derivation: Sendable, Equatable {
  /// The key of the figure it derives.
  public var key: String
  /// The formula in words: `TRPS = (users × requests per user per day) ÷ 86,400 s`.
  public var formula: String
  /// The same with the numbers substituted and the result: `(100M × 10) ÷ 86,400 = 11,574.07`.
  public var working: String

  public init(key: String, formula: String, working: String) {
    self.key = key
    self.formula = formula
    self.working = working
  }
}

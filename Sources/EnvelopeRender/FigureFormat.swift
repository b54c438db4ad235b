import EnvelopeCore

/// Figures, changes and snapshot values as people read them.
public enum FigureFormat {
  /// A figure's value for people, or an empty string when there is none.
  ///
  /// - Parameters:
  ///   - definition: The figure.
  ///   - value: Its value in base units.
  /// - Returns: `112`, `75 TB`, `115.74 MB/s`.
  public static func human(_ definition: FigureDefinition, _ value: Double?) -> String {
    guard let value else { return "" }
    return definition.unit.human(value)
  }

  /// A change for people: `+12.5%`, `-3%`, `=`; empty when there is none.
  ///
  /// - Parameter percent: The change in percent.
  /// - Returns: The change with its sign, three significant digits.
  public static func change(_ percent: Double?) -> String {
    guard let percent else { return "" }
    if abs(percent) < 0.005 { return "=" }
    return (percent > 0 ? "+" : "") + HumanFormat.significant(percent, digits: 3) + "%"
  }

  /// A percentage of plan for people: `93%`.
  ///
  /// - Parameter percent: The percentage.
  /// - Returns: Rounded to a whole percent.
  public static func percentOfPlan(_ percent: Double) -> String {
    HumanFormat.number(percent, fractionDigits: 0) + "%"
  }

  /// The unit a snapshot or result key names, by the house convention of units in names.
  ///
  /// A figure's key names its registered unit; an input's key (`inputs.request_bytes`) is
  /// read by its last part's suffix.
  ///
  /// - Parameter key: A key or dotted path.
  /// - Returns: The unit, `.plain` when the name gives none.
  public static func unit(forKey key: String) -> FigureUnit {
    if let figure = FigureDefinition.named(key) { return figure.unit }
    let last = key.split(separator: ".").last.map(String.init) ?? key
    if let figure = FigureDefinition.named(last) { return figure.unit }
    if last.hasSuffix("bits_per_second") { return .bitsPerSecond }
    if last.hasSuffix("bytes_per_second") { return .bytesPerSecond }
    if last.hasSuffix("_bytes") || last.hasSuffix("bytes_per_day")
      || last.hasSuffix("bytes_per_month") || last == "bytes" || last.hasSuffix("bytes_per_token")
    {
      return .bytes
    }
    if last.hasSuffix("_seconds") || last.hasSuffix("seconds_per_token") { return .seconds }
    if last.hasSuffix("_flops") || last == "peak_flops" || last.hasSuffix("_ops") {
      return last.hasPrefix("training") || last.hasPrefix("inference") ? .flops : .flopsPerSecond
    }
    if last.hasSuffix("_cost") || last.hasPrefix("price") || last.hasSuffix("_price_per_hour") {
      return .money
    }
    return .plain
  }

  /// A JSON value for people, in the unit its key names.
  ///
  /// - Parameters:
  ///   - key: The value's key or dotted path.
  ///   - value: The value in base units.
  /// - Returns: The value with its unit, or as written when it has none.
  public static func human(key: String, _ value: JSONValue) -> String {
    guard let number = value.numberValue else { return value.plainText }
    let unit = unit(forKey: key)
    return unit == .plain ? value.plainText : unit.human(number)
  }
}

extension FigureUnit {
  /// The base unit a machine-readable value is in.
  public var baseUnit: String {
    switch self {
    case .bytes: return "bytes"
    case .bytesPerSecond: return "bytes/s"
    case .bitsPerSecond: return "bits/s"
    case .seconds: return "seconds"
    case .requestsPerSecond: return "requests/s"
    case .count: return "count"
    case .flops: return "FLOP"
    case .flopsPerSecond: return "FLOP/s"
    case .hours: return "hours"
    case .days: return "days"
    case .ratio: return "ratio"
    case .money: return "currency"
    case .plain: return ""
    }
  }
}

extension JSONValue {
  /// A figure's value as JSON.
  public init(_ value: FigureValue) {
    switch value {
    case .number(let number): self = .number(number)
    case .integer(let integer): self = .integer(integer)
    case .text(let text): self = .string(text)
    }
  }
}

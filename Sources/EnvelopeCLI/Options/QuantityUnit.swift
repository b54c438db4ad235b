import EnvelopeCore

/// What a quantity typed as a flag measures: `Typed<Bytes>` reads `2KB` as 2,000 bytes.
protocol QuantityUnit: ArgumentReader where Value == Double {
  /// The kind of quantity, which decides the units it may be written with.
  static var kind: QuantityKind { get }
}

extension QuantityUnit {
  /// What a flag of this unit accepts unless it says otherwise: sizes, prices and percentages
  /// may be zero, shares lie above 0% and at most 100%, anything else is above zero.
  static var range: QuantityRange {
    switch kind {
    case .bytes, .money, .percent: return .nonNegative
    case .ratio: return .fractionAboveZero
    case .count, .flopsPerSecond, .bytesPerSecond, .seconds: return .positive
    }
  }

  /// Reads a quantity in base units with the engine's rules for its kind, checked against
  /// `range`.
  static func read(_ text: String, range: QuantityRange) throws -> Double {
    try Quantity.parse(text, as: kind, field: "value", range: range)
  }

  static func read(_ text: String) throws -> Double {
    try read(text, range: range)
  }
}

/// A count: `100M` users, `3B` parameters, `500` tokens.
enum Count: QuantityUnit { static let kind = QuantityKind.count }

/// Bytes: `2KB` is 2,000, `4GiB` is 4 × 2^30.
enum Bytes: QuantityUnit { static let kind = QuantityKind.bytes }

/// Operations per second: `312T`, `19.5 TFLOP/s`.
enum FLOPsPerSecond: QuantityUnit { static let kind = QuantityKind.flopsPerSecond }

/// Bytes per second: `2.04TB/s`, `100Gbit/s`.
enum BytesPerSecond: QuantityUnit { static let kind = QuantityKind.bytesPerSecond }

/// A share: `25%` or `0.25`.
enum Ratio: QuantityUnit { static let kind = QuantityKind.ratio }

/// An amount of money: `2.50` or `$2.50`.
enum Money: QuantityUnit { static let kind = QuantityKind.money }

/// A duration: `200ms`, `2s`.
enum Seconds: QuantityUnit { static let kind = QuantityKind.seconds }

/// A number of percent: `10` or `10%`.
enum Percent: QuantityUnit { static let kind = QuantityKind.percent }

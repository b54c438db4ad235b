/// What a quantity measures, which decides the units it may be written with.
public enum QuantityKind: Sendable, Equatable {
  /// A plain count with an optional SI multiplier: `500`, `100M`, `3B` (billion), `1.5k`.
  case count
  /// Bytes with SI (`2KB` = 2,000) or binary (`2KiB` = 2,048) prefixes.
  case bytes
  /// Operations per second: `312T`, `312TFLOPS`, `19.5 TFLOP/s`, `624TOPS`.
  case flopsPerSecond
  /// Bytes per second, or bits per second divided by 8: `2.04TB/s`, `100Gbit/s`.
  case bytesPerSecond
  /// A fraction, written as a percentage or a plain number: `25%` or `0.25`.
  case ratio
  /// An amount of money, with an optional leading `$`: `2.50`.
  case money
  /// A duration in seconds, or with a unit: `2s`, `200ms`, `250us`, `1.5min`, `0.2`.
  case seconds
  /// A number of percent, the sign optional: `10%` and `10` are both 10.
  case percent

  var expectedForm: String {
    switch self {
    case .count: return "a number with an optional K, M, B or T suffix, like 100M"
    case .bytes: return "a size like 2KB, 10 MB, 1TB or 4GiB"
    case .flopsPerSecond: return "a rate like 312T, 312TFLOPS or 19.5 TFLOP/s"
    case .bytesPerSecond: return "a bandwidth like 2.04TB/s, 900GB/s or 100Gbit/s"
    case .ratio: return "a percentage like 25% or a fraction like 0.25"
    case .money: return "an amount like 2.50"
    case .seconds: return "a duration like 200ms, 2s or 1.5min"
    case .percent: return "a percentage like 10 or 10%"
    }
  }

  /// A bound of a range as this kind is written: `31`, `10,000%`, `9 EB`, `2 s`.
  func describe(_ value: Double) -> String {
    switch self {
    case .count, .money: return HumanFormat.number(value)
    case .bytes: return HumanFormat.bytes(value)
    case .flopsPerSecond: return HumanFormat.flopsPerSecond(value)
    case .bytesPerSecond: return HumanFormat.bytesPerSecond(value)
    case .ratio: return HumanFormat.percent(value)
    case .seconds: return HumanFormat.seconds(value)
    case .percent: return HumanFormat.number(value) + "%"
    }
  }
}

/// The values a field accepts once its quantity has been read.
public enum QuantityRange: Sendable, Equatable {
  /// Greater than zero.
  case positive
  /// Zero or more.
  case nonNegative
  /// A whole number of at least one.
  case positiveWholeNumber
  /// Greater than zero and at most one.
  case fractionAboveZero
  /// Zero to one inclusive.
  case fraction
  /// Greater than zero and at most the bound: days in a month, up to 31.
  case positiveUpTo(Double)
  /// Zero to the bound inclusive: an index at most 100 times the data it indexes.
  case nonNegativeUpTo(Double)
  /// The bound or more: a peak-to-average factor of at least 1.
  case atLeast(Double)
  /// From the first bound to the second inclusive: from 1 to 1,000 copies.
  case between(Double, Double)
}

/// Reading human quantities: the SI prefixes of the seed and the binary ones when written.
public enum Quantity {
  /// The largest magnitude any input may have; anything larger is refused as implausible.
  public static let largestInput = 1e30

  /// The largest whole number a count of things (layers, a batch) may be: below 10^15, so
  /// that every such number is exact as a `Double` and fits an `Int`.
  public static let largestWholeNumber = 999_999_999_999_999

  /// Reads `text` as a quantity of `kind` and checks it against `range`.
  ///
  /// - Parameters:
  ///   - text: What the user wrote, for example `2KB` or `100M`.
  ///   - kind: What the quantity measures; decides the units accepted.
  ///   - field: The field's name, used in error messages (`--request-size`).
  ///   - range: The values the field accepts.
  /// - Returns: The quantity in base units (bytes, FLOP/s, bytes/s, seconds, a plain number,
  ///   a fraction, or a number of percent).
  /// - Throws: ``EngineError`` naming the field and the value when the text is malformed, has
  ///   an unknown unit, is not finite, or lies outside `range`.
  public static func parse(
    _ text: String, as kind: QuantityKind, field: String, range: QuantityRange = .positive
  ) throws -> Double {
    let value = try read(text, as: kind, field: field)
    try check(value, text: text, field: field, range: range, kind: kind)
    return value
  }

  /// Reads `text` as a whole number of at least 1: `32`, `4k`, `1,024`.
  ///
  /// - Parameters:
  ///   - text: What the user wrote.
  ///   - field: The field's name, used in error messages (`--layers`).
  /// - Returns: The number, at most ``largestWholeNumber``.
  /// - Throws: ``EngineError`` naming the field and the value when the text is not a count, is
  ///   not a whole number of at least 1, or is larger than ``largestWholeNumber``.
  public static func parseWholeNumber(_ text: String, field: String) throws -> Int {
    let value = try parse(text, as: .count, field: field, range: .positiveWholeNumber)
    guard value <= Double(largestWholeNumber) else {
      throw EngineError.outOfRange(field: field, value: text, reason: "must be less than 1e15")
    }
    return Int(value)
  }

  /// Checks that a value, however obtained, lies in `range` and is a usable finite number.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)``.
  public static func check(
    _ value: Double, text: @autoclosure () -> String, field: String, range: QuantityRange
  )
    throws
  {
    try check(value, text: text(), field: field, range: range, kind: nil)
  }

  /// Checks a value against `range`, writing a bound as `kind` writes it (`10,000%`) when known.
  static func check(
    _ value: Double, text: @autoclosure () -> String, field: String, range: QuantityRange,
    kind: QuantityKind?
  ) throws {
    func refuse(_ reason: String) -> EngineError {
      .outOfRange(field: field, value: text(), reason: reason)
    }
    func bound(_ limit: Double) -> String {
      kind?.describe(limit) ?? HumanFormat.significant(limit)
    }
    guard value.isFinite, abs(value) <= largestInput else {
      throw refuse("larger than the largest accepted value 1e30")
    }
    switch range {
    case .positive:
      if value <= 0 { throw refuse("must be greater than 0") }
    case .nonNegative:
      if value < 0 { throw refuse("must not be negative") }
    case .positiveWholeNumber:
      if value < 1 || value.rounded(.towardZero) != value {
        throw refuse("must be a whole number of at least 1")
      }
    case .fractionAboveZero:
      if value <= 0 || value > 1 { throw refuse("must be above 0% and at most 100%") }
    case .fraction:
      if value < 0 || value > 1 { throw refuse("must be between 0% and 100%") }
    case .positiveUpTo(let limit):
      if value <= 0 { throw refuse("must be greater than 0") }
      if value > limit { throw refuse("must be at most \(bound(limit))") }
    case .nonNegativeUpTo(let limit):
      if value < 0 { throw refuse("must not be negative") }
      if value > limit { throw refuse("must be at most \(bound(limit))") }
    case .atLeast(let limit):
      if value < limit { throw refuse("must be at least \(bound(limit))") }
    case .between(let lower, let upper):
      if value < lower || value > upper {
        throw refuse("must be from \(bound(lower)) to \(bound(upper))")
      }
    }
  }

  static func read(_ text: String, as kind: QuantityKind, field: String) throws -> Double {
    func invalid(_ reason: String) -> EngineError {
      .invalidQuantity(field: field, value: text, reason: reason)
    }
    var body = Substring(text.trimmedWhitespace)
    if body.isEmpty { throw invalid("empty; expected \(kind.expectedForm)") }
    if kind == .money, body.first == "$" { body = body.dropFirst() }
    if body.first == "-" { throw invalid("negative values are not accepted") }
    if body.first == "+" { body = body.dropFirst() }
    let (number, rest) = splitNumber(body)
    guard !number.isEmpty, let magnitude = Double(number.filter { $0 != "," && $0 != "_" })
    else {
      throw invalid("not a number; expected \(kind.expectedForm)")
    }
    guard magnitude.isFinite else { throw invalid("too large to represent") }
    let unit = String(rest.trimmedWhitespace)
    guard let multiplier = multiplier(for: unit, kind: kind) else {
      throw invalid("unknown unit '\(unit)'; expected \(kind.expectedForm)")
    }
    let value = magnitude * multiplier
    guard value.isFinite else { throw invalid("too large to represent") }
    return value
  }

  /// Splits the leading decimal number (digits, separators, one point, an exponent) from its unit.
  static func splitNumber(_ text: Substring) -> (number: Substring, rest: Substring) {
    var index = text.startIndex
    var sawDigit = false
    var sawPoint = false
    while index < text.endIndex {
      let character = text[index]
      if character.isASCII, character.isNumber {
        sawDigit = true
      } else if character == "." && !sawPoint {
        sawPoint = true
      } else if (character == "," || character == "_") && sawDigit {
        // Thousands separators: 100,000,000 or 100_000_000.
      } else {
        break
      }
      index = text.index(after: index)
    }
    guard sawDigit else { return (text[text.startIndex..<text.startIndex], text) }
    // An exponent only when digits follow it, so that `2EB` stays 2 exabytes.
    if index < text.endIndex, text[index] == "e" || text[index] == "E" {
      var probe = text.index(after: index)
      if probe < text.endIndex, text[probe] == "+" || text[probe] == "-" {
        probe = text.index(after: probe)
      }
      var exponentEnd = probe
      while exponentEnd < text.endIndex, text[exponentEnd].isASCII, text[exponentEnd].isNumber {
        exponentEnd = text.index(after: exponentEnd)
      }
      if exponentEnd > probe { index = exponentEnd }
    }
    return (text[text.startIndex..<index], text[index...])
  }

  static let decimalPrefixes: [String: Double] = [
    "": 1, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12, "p": 1e15, "e": 1e18,
  ]
  static let binaryPrefixes: [String: Double] = [
    "ki": 1024, "mi": 1_048_576, "gi": 1_073_741_824, "ti": 1_099_511_627_776,
    "pi": 1_125_899_906_842_624, "ei": 1_152_921_504_606_846_976,
  ]

  static func multiplier(for unit: String, kind: QuantityKind) -> Double? {
    let lower = unit.lowercased()
    switch kind {
    case .count:
      let counts: [String: Double] = [
        "": 1, "k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9, "g": 1e9, "t": 1e12,
      ]
      return counts[lower]
    case .bytes:
      return prefixed(lower, units: ["b", "bytes", "byte", ""])
    case .flopsPerSecond:
      return prefixed(lower, units: ["flops", "flop/s", "ops", "op/s", ""])
    case .bytesPerSecond:
      let suffixes: [(String, Double)] = [
        ("B/s", 1), ("bytes/s", 1), ("bit/s", 0.125), ("bits/s", 0.125), ("bps", 0.125),
        ("b/s", 0.125),
      ]
      for (suffix, scale) in suffixes where unit.hasSuffix(suffix) {
        let prefix = String(unit.dropLast(suffix.count)).lowercased()
        if let value = decimalPrefixes[prefix] ?? binaryPrefixes[prefix] { return value * scale }
      }
      return nil
    case .ratio:
      if lower == "%" { return 0.01 }
      return lower.isEmpty ? 1 : nil
    case .money:
      return lower.isEmpty ? 1 : nil
    case .seconds:
      let units: [String: Double] = [
        "": 1, "s": 1, "ms": 1e-3, "us": 1e-6, "\u{B5}s": 1e-6, "\u{3BC}s": 1e-6, "min": 60,
      ]
      return units[lower]
    case .percent:
      return lower.isEmpty || lower == "%" ? 1 : nil
    }
  }

  /// The multiplier of `unit` when it is an SI or binary prefix followed by one of `units`.
  static func prefixed(_ unit: String, units: [String]) -> Double? {
    for suffix in units where unit.hasSuffix(suffix) {
      let prefix = String(unit.dropLast(suffix.count))
      if let value = decimalPrefixes[prefix] ?? binaryPrefixes[prefix] { return value }
    }
    return nil
  }
}

extension StringProtocol {
  /// The text without leading and trailing spaces, tabs and newlines.
  var trimmedWhitespace: SubSequence {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return self[endIndex...] }
    return self[first...last]
  }
}

/// Printing quantities for people: SI decimal prefixes, a few significant digits, grouped digits.
///
/// Machine-readable output carries base units instead; these functions are only for tables,
/// reports and `--explain`.
public enum HumanFormat {
  /// A number with thousands separators and at most `fractionDigits` decimals, trailing zeros
  /// removed: `11,574.07`, `104`, `100,000,000`.
  public static func number(_ value: Double, fractionDigits: Int = 2) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    let text = fixed(abs(value), fractionDigits: fractionDigits)
    let parts = text.split(separator: ".", maxSplits: 1)
    var integer = String(parts[0])
    if integer.count > 3, !integer.contains("e") {
      var grouped = ""
      for (offset, character) in integer.enumerated() {
        if offset > 0, (integer.count - offset) % 3 == 0 { grouped.append(",") }
        grouped.append(character)
      }
      integer = grouped
    }
    let sign = value < 0 && text != "0" ? "-" : ""
    return parts.count == 2 ? "\(sign)\(integer).\(parts[1])" : "\(sign)\(integer)"
  }

  /// A number rounded to `digits` significant digits, trailing zeros removed: `9.615`, `185.2`.
  public static func significant(_ value: Double, digits: Int = 4) -> String {
    guard value.isFinite, value != 0 else { return number(value) }
    var magnitude = abs(value)
    var exponent = 0
    while magnitude >= 10 {
      magnitude /= 10
      exponent += 1
    }
    while magnitude < 1 {
      magnitude *= 10
      exponent -= 1
    }
    let fractionDigits = max(0, digits - 1 - exponent)
    return number(value, fractionDigits: fractionDigits)
  }

  static let prefixes: [(Double, String)] = [
    (1e24, "Y"), (1e21, "Z"), (1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"),
    (1e3, "k"),
  ]

  /// A value scaled by the largest SI prefix not above it, with at most two decimals and
  /// `unit` after the prefix: `si(6e9, unit: "B")` is `6 GB`, `si(23_148_148, unit: "B/s")`
  /// is `23.15 MB/s`.
  public static func si(_ value: Double, unit: String, digits: Int = 4) -> String {
    let magnitude = abs(value)
    for (scale, prefix) in prefixes where magnitude >= scale {
      let scaled = value / scale
      let prefixUnit = prefix == "k" && unit == "B" ? "KB" : "\(prefix)\(unit)"
      return "\(number(scaled, fractionDigits: 2)) \(prefixUnit)"
    }
    return unit.isEmpty
      ? significant(value, digits: digits) : "\(significant(value, digits: digits)) \(unit)"
  }

  /// Bytes with a decimal prefix: `6 GB`, `2.5 TB`, `2 KB`.
  public static func bytes(_ value: Double) -> String { si(value, unit: "B") }

  /// Bytes per second with a decimal prefix: `23.15 MB/s`.
  public static func bytesPerSecond(_ value: Double) -> String { si(value, unit: "B/s") }

  /// Bits per second with a decimal prefix: `185.2 Mbit/s`.
  public static func bitsPerSecond(_ value: Double) -> String { si(value, unit: "bit/s") }

  /// Operations per second with a decimal prefix: `312 TFLOP/s`.
  public static func flopsPerSecond(_ value: Double) -> String { si(value, unit: "FLOP/s") }

  /// An operation count with a decimal prefix: `3 TFLOP`.
  public static func flops(_ value: Double) -> String { si(value, unit: "FLOP") }

  /// A count with a short multiplier: `100M`, `3B`, `11.57k`.
  public static func count(_ value: Double) -> String {
    let magnitude = abs(value)
    let scales: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
    for (scale, suffix) in scales where magnitude >= scale {
      return significant(value / scale, digits: 4) + suffix
    }
    return significant(value, digits: 4)
  }

  /// A duration in the largest unit that keeps it readable: `9.615 ms`, `41.03 min`, `12.5 days`.
  public static func seconds(_ value: Double) -> String {
    let magnitude = abs(value)
    switch magnitude {
    case 0: return "0 s"
    case ..<1e-3: return significant(value * 1e6) + " µs"
    case ..<1: return significant(value * 1e3) + " ms"
    case ..<120: return significant(value) + " s"
    case ..<7_200: return significant(value / 60) + " min"
    case ..<172_800: return significant(value / 3_600) + " h"
    case ..<(3_650 * 86_400): return significant(value / 86_400) + " days"
    default: return significant(value / (365 * 86_400)) + " years"
    }
  }

  /// A fraction as a percentage: `25%`.
  public static func percent(_ fraction: Double) -> String {
    significant(fraction * 100, digits: 4) + "%"
  }

  /// A value with at most `fractionDigits` decimals, without grouping.
  ///
  /// Rounds half away from zero and removes trailing zeros (and a trailing point). Very large
  /// values use exponent notation.
  static func fixed(_ value: Double, fractionDigits: Int) -> String {
    // A Double carries about 16 significant digits, and the scale must stay a UInt64.
    let fractionDigits = min(fractionDigits, 15)
    var scale = 1.0
    for _ in 0..<fractionDigits { scale *= 10 }
    let scaled = (value * scale).rounded()
    guard scaled < 9e15 else {
      if value < 9e15 { return fixed(value, fractionDigits: max(0, fractionDigits - 1)) }
      // Beyond UInt64's range (about 1.8e19), the shortest exact text of the Double.
      return value >= 1.8e19 ? "\(value)" : String(UInt64(value.rounded()))
    }
    let whole = UInt64(scaled)
    let divisor = UInt64(scale)
    let integerPart = whole / divisor
    var fraction = String(whole % divisor)
    guard fractionDigits > 0 else { return String(integerPart) }
    fraction = String(repeating: "0", count: fractionDigits - fraction.count) + fraction
    while fraction.last == "0" { fraction.removeLast() }
    return fraction.isEmpty ? String(integerPart) : "\(integerPart).\(fraction)"
  }
}

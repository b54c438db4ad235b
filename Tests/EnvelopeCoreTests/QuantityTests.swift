import Testing

@testable import EnvelopeCore

struct QuantityTests {
  struct Good: CustomTestStringConvertible, Sendable {
    var text: String
    var kind: QuantityKind
    var value: Double
    var testDescription: String { text }
  }

  @Test(arguments: [
    Good(text: "100M", kind: .count, value: 100e6),
    Good(text: "3B", kind: .count, value: 3e9),
    Good(text: "1.5k", kind: .count, value: 1_500),
    Good(text: "100,000,000", kind: .count, value: 100e6),
    Good(text: "500", kind: .count, value: 500),
    Good(text: "3e9", kind: .count, value: 3e9),
    Good(text: "2KB", kind: .bytes, value: 2_000),
    Good(text: "10 KB", kind: .bytes, value: 10_000),
    Good(text: "1TB", kind: .bytes, value: 1e12),
    Good(text: "80GB", kind: .bytes, value: 80e9),
    Good(text: "2KiB", kind: .bytes, value: 2_048),
    Good(text: "4GiB", kind: .bytes, value: 4 * 1_073_741_824),
    Good(text: "2EB", kind: .bytes, value: 2e18),
    Good(text: "512", kind: .bytes, value: 512),
    Good(text: "312T", kind: .flopsPerSecond, value: 312e12),
    Good(text: "312TFLOPS", kind: .flopsPerSecond, value: 312e12),
    Good(text: "19.5T", kind: .flopsPerSecond, value: 19.5e12),
    Good(text: "19.5 TFLOP/s", kind: .flopsPerSecond, value: 19.5e12),
    Good(text: "624TOPS", kind: .flopsPerSecond, value: 624e12),
    Good(text: "312e12", kind: .flopsPerSecond, value: 312e12),
    Good(text: "2.04TB/s", kind: .bytesPerSecond, value: 2.04e12),
    Good(text: "900 GB/s", kind: .bytesPerSecond, value: 900e9),
    Good(text: "100Gbit/s", kind: .bytesPerSecond, value: 12.5e9),
    Good(text: "800Mbps", kind: .bytesPerSecond, value: 100e6),
    Good(text: "25%", kind: .ratio, value: 0.25),
    Good(text: "0.25", kind: .ratio, value: 0.25),
    Good(text: "$2.50", kind: .money, value: 2.5),
    Good(text: "200ms", kind: .seconds, value: 0.2),
    Good(text: "2s", kind: .seconds, value: 2),
    Good(text: "1.5", kind: .seconds, value: 1.5),
    Good(text: "1.5min", kind: .seconds, value: 90),
    Good(text: "250us", kind: .seconds, value: 250e-6),
    Good(text: "250\u{B5}s", kind: .seconds, value: 250e-6),
    Good(text: "10", kind: .percent, value: 10),
    Good(text: "10%", kind: .percent, value: 10),
    Good(text: "0.5%", kind: .percent, value: 0.5),
  ])
  func parsesHumanQuantities(_ good: Good) throws {
    let value = try Quantity.parse(good.text, as: good.kind, field: "--x", range: .nonNegative)
    #expect(abs(value - good.value) <= 1e-12 * good.value)
  }

  struct Bad: CustomTestStringConvertible, Sendable {
    var text: String
    var kind: QuantityKind
    var range: QuantityRange
    var testDescription: String { "\(text.isEmpty ? "(empty)" : text)" }
  }

  @Test(arguments: [
    Bad(text: "-5", kind: .count, range: .positive),
    Bad(text: "0", kind: .count, range: .positive),
    Bad(text: "NaN", kind: .count, range: .positive),
    Bad(text: "nan", kind: .bytes, range: .positive),
    Bad(text: "inf", kind: .count, range: .positive),
    Bad(text: "10XB", kind: .bytes, range: .positive),
    Bad(text: "1e400", kind: .count, range: .positive),
    Bad(text: "", kind: .bytes, range: .positive),
    Bad(text: "   ", kind: .bytes, range: .positive),
    Bad(text: "1e31", kind: .count, range: .positive),
    Bad(text: "abc", kind: .flopsPerSecond, range: .positive),
    Bad(text: "2.5", kind: .count, range: .positiveWholeNumber),
    Bad(text: "150%", kind: .ratio, range: .fraction),
    Bad(text: "0%", kind: .ratio, range: .fractionAboveZero),
    Bad(text: "2TB", kind: .bytesPerSecond, range: .positive),
    Bad(text: "1.2.3", kind: .count, range: .positive),
    Bad(text: "12 apples", kind: .count, range: .positive),
    Bad(text: "5 apples", kind: .seconds, range: .positive),
    Bad(text: "2h", kind: .seconds, range: .positive),
    Bad(text: "0ms", kind: .seconds, range: .positive),
    Bad(text: "lots", kind: .percent, range: .nonNegative),
    Bad(text: "10 percent", kind: .percent, range: .nonNegative),
    Bad(text: "40", kind: .count, range: .positiveUpTo(31)),
    Bad(text: "0", kind: .count, range: .positiveUpTo(31)),
    Bad(text: "15000%", kind: .ratio, range: .nonNegativeUpTo(100)),
    Bad(text: "0.5", kind: .count, range: .atLeast(1)),
  ])
  func refusesMalformedValuesNamingFieldAndValue(_ bad: Bad) {
    do {
      _ = try Quantity.parse(bad.text, as: bad.kind, field: "--dau", range: bad.range)
      Issue.record("accepted \(bad.text)")
    } catch let error as EngineError {
      #expect(error.description.contains("--dau"))
      #expect(error.description.contains("'\(bad.text)'"))
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  struct Bound: CustomTestStringConvertible, Sendable {
    var text: String
    var kind: QuantityKind
    var range: QuantityRange
    var reason: String
    var testDescription: String { "\(text) (\(reason))" }
  }

  /// A bound is written as its field's quantities are, so the message says what to type.
  @Test(arguments: [
    Bound(text: "40", kind: .count, range: .positiveUpTo(31), reason: "must be at most 31"),
    Bound(text: "0", kind: .count, range: .positiveUpTo(31), reason: "must be greater than 0"),
    Bound(
      text: "15000%", kind: .ratio, range: .nonNegativeUpTo(100),
      reason: "must be at most 10,000%"),
    Bound(text: "1e19", kind: .bytes, range: .positiveUpTo(9e18), reason: "must be at most 9 EB"),
    Bound(text: "0.5", kind: .count, range: .atLeast(1), reason: "must be at least 1"),
    Bound(
      text: "2000", kind: .count, range: .between(1, 1_000), reason: "must be from 1 to 1,000"),
    Bound(text: "0", kind: .count, range: .between(1, 1_000), reason: "must be from 1 to 1,000"),
  ])
  func boundsAreWrittenInTheFieldsUnits(_ bound: Bound) {
    #expect(throws: EngineError.outOfRange(field: "--x", value: bound.text, reason: bound.reason)) {
      try Quantity.parse(bound.text, as: bound.kind, field: "--x", range: bound.range)
    }
  }

  @Test(arguments: [
    ("32", 32), ("4k", 4_000), ("1,024", 1_024), ("999999999999999", 999_999_999_999_999),
  ])
  func wholeNumbers(_ text: String, _ value: Int) throws {
    #expect(try Quantity.parseWholeNumber(text, field: "--layers") == value)
  }

  @Test(arguments: [
    ("2.5", "must be a whole number of at least 1"), ("0", "must be a whole number of at least 1"),
    ("1e15", "must be less than 1e15"), ("1e16", "must be less than 1e15"),
  ])
  func wholeNumbersOutOfRange(_ text: String, _ reason: String) {
    #expect(throws: EngineError.outOfRange(field: "--layers", value: text, reason: reason)) {
      try Quantity.parseWholeNumber(text, field: "--layers")
    }
  }

  @Test func precisionBytes() throws {
    let expected: [Precision: Double] = [
      .fp64: 8, .fp32: 4, .tf32: 4, .fp16: 2, .bf16: 2, .fp8: 1, .int8: 1, .int4: 0.5,
    ]
    for (precision, bytes) in expected { #expect(precision.bytesPerParameter == bytes) }
    #expect(try Precision.parse("FP16") == .fp16)
    #expect(throws: EngineError.self) { try Precision.parse("fp12") }
  }

  @Test(arguments: [
    (11_574.074, "11,574.07"), (104.0, "104"), (100e6, "100,000,000"), (0.5, "0.5"),
    (1234.0, "1,234"), (-2.5, "-2.5"),
  ])
  func numbers(_ value: Double, _ text: String) {
    #expect(HumanFormat.number(value) == text)
  }

  /// Extreme values a user can type (found by scripts/reliability/bad_input.py) print instead
  /// of trapping: beyond UInt64's range, and so small that 4 significant digits would need a
  /// scale beyond it.
  @Test(arguments: [
    (18_446_744_073_709_551_616.0, "1.8446744073709552e+19"), (1e20, "1e+20"),
    (Double.leastNonzeroMagnitude, "0"), (1e-30, "0"), (1.5e-7, "0.00000015"),
  ])
  func extremeSignificantValues(_ value: Double, _ text: String) {
    #expect(HumanFormat.significant(value) == text)
  }

  @Test(arguments: [
    (6e9, "6 GB"), (2e3, "2 KB"), (64.8e9, "64.8 GB"), (75e12, "75 TB"), (999, "999 B"),
  ])
  func bytes(_ value: Double, _ text: String) {
    #expect(HumanFormat.bytes(value) == text)
  }
}

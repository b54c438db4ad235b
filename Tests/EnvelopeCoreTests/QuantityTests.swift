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
    (5e-324, "0"), (1e-30, "0"), (1.5e-7, "0.00000015"),
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

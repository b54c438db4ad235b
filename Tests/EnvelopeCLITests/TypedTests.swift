import EnvelopeCore
import Testing

@testable import EnvelopeCLI

/// Typed options read their text by the engine's rules, keep it as typed, and say why they
/// refuse a value.
struct TypedTests {
  // No ledger (the option types alone), so one backend is as good as the other.
  @Test func aQuantityHasItsValueInBaseUnitsAndKeepsItsText() throws {
    let size = try #require(Typed<Bytes>(argument: "2KB"))
    #expect(size.value == 2_000)
    #expect(size.text == "2KB")
    #expect(Typed<Ratio>(argument: "25%")?.value == 0.25)
    #expect(Typed<Percent>(argument: "10")?.value == 10)
    #expect(Typed<Seconds>(argument: "200ms")?.value == 0.2)
    // Sizes and prices may be zero; counts, rates and shares may not.
    #expect(Typed<Bytes>(argument: "0")?.value == 0)
    #expect(Typed<Money>(argument: "0")?.value == 0)
    #expect(Typed<FLOPsPerSecond>(argument: "0") == nil)
    #expect(Typed<Ratio>(argument: "0%") == nil)
    let precision = try #require(Typed<Precision>(argument: "FP16"))
    #expect(precision.value == .fp16)
    #expect(precision.text == "FP16")
  }

  /// ArgumentParser reports a refused `ExpressibleByArgument` value without a reason; the reason
  /// the type noted is added to that message, and to no other.
  @Test func aRefusedValueGivesArgumentParsersMessageItsReason() {
    #expect(Typed<CatalogueID<GPUProfile>>(argument: "A100") == nil)
    let message = "The value 'A100' is invalid for '<id>'"
    #expect(
      Refusal.explain(message)
        == message + ": a GPU id is 1 to 64 lowercase letters, digits, '.', '_' or '-', "
        + "starting with a letter or digit, like a100-80gb")
    let other = "The value 'a100' is invalid for '<id>'"
    #expect(Refusal.explain(other) == other)
    let explained = "The value 'A100' is invalid for '--gpu <ids>': a GPU id is …"
    #expect(Refusal.explain(explained) == explained)
    // A value refused on another thread in between does not hide this one's reason.
    #expect(Typed<Count>(argument: "0") == nil)
    #expect(Refusal.explain(message).hasPrefix(message + ": a GPU id is"))
    #expect(Refusal.explain("The value ' is invalid for 'x'") == "The value ' is invalid for 'x'")
  }

  @Test func aFlagWithARangeOfItsOwnHasAReaderSayingWhy() {
    let daysPerMonth = Typed<Count>.reader(.positiveUpTo(31))
    #expect(throws: Refusal("must be at most 31")) { try daysPerMonth("40") }
    let peakFactor = Typed<Count>.reader(.atLeast(1), note: "peak ≥ average")
    #expect(throws: Refusal("must be at least 1 (peak ≥ average)")) { try peakFactor("0.5") }
    #expect(
      throws: Refusal(
        "not a number; expected a number with an optional K, M, B or T suffix, like 100M")
    ) {
      try daysPerMonth("many")
    }
  }

  @Test func aListNamesTheItemItRefuses() throws {
    #expect(try CommaSeparated<Precision>.read("fp16, fp8") == [.fp16, .fp8])
    #expect(
      throws: Refusal("'fp12': expected one of fp64, fp32, tf32, fp16, bf16, fp8, int8, int4")
    ) {
      try CommaSeparated<Precision>.read("fp16,fp12")
    }
  }
}

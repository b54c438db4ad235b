import Foundation
import Testing

@testable import EnvelopeCore

/// The engine's JSON: the serialiser, the encoder and merge patches.
struct JSONValueTests {
  struct SerialisationCase: Sendable, CustomTestStringConvertible {
    var name: String
    var value: JSONValue
    var compact: String
    var testDescription: String { name }
  }

  @Test(arguments: [
    SerialisationCase(name: "null", value: .null, compact: "null"),
    SerialisationCase(name: "whole double", value: .number(75e12), compact: "75000000000000"),
    SerialisationCase(name: "fraction", value: .number(0.1), compact: "0.1"),
    SerialisationCase(
      name: "large double", value: .number(8.0860987392e22), compact: "8.0860987392e+22"),
    SerialisationCase(name: "not finite", value: .number(.infinity), compact: "null"),
    SerialisationCase(name: "negative", value: .integer(-3), compact: "-3"),
    SerialisationCase(
      name: "escapes", value: .string("a\"b\\c\nd\u{01}é"), compact: #""a\"b\\c\nd\u0001é""#),
    SerialisationCase(
      name: "ordered object", value: .object([("z", .bool(true)), ("a", .array([.null]))]),
      compact: #"{"z":true,"a":[null]}"#),
    SerialisationCase(
      name: "empty containers", value: .array([.object([]), .array([])]), compact: "[{},[]]"),
  ])
  func serialisesCompactly(_ example: SerialisationCase) throws {
    #expect(example.value.serialized() == example.compact)
    // Whatever Foundation reads back is the same number or text.
    if example.compact != "null" {
      let parsed = try JSONSerialization.jsonObject(
        with: Data(example.compact.utf8), options: [.fragmentsAllowed])
      #expect(parsed is NSObject)
    }
  }

  @Test func prettyOutputIndentsByTwo() {
    let value = JSONValue.object([("a", .array([.integer(1), .integer(2)])), ("b", .object([]))])
    #expect(value.serialized(pretty: true) == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}")
  }

  @Test func doublesReadBackExactly() throws {
    for number in [
      11574.074074074075, 0.009615384615384616, 1.0 / 3, 6.02e23, Double.leastNonzeroMagnitude,
    ] {
      let text = JSONValue.number(number).serialized()
      #expect(Double(text) == number, "\(text)")
    }
  }

  /// Members come in the order the type encodes them: its `CodingKeys` order when synthesised.
  @Test func theEncoderKeepsOrderAndKeysOfCodingKeys() throws {
    let value = try JSONValueEncoder().encode(CostInputs(gpuPricePerHour: 2))
    #expect(
      value.serialized()
        == #"{"currency":"USD","gpu_price_per_hour":2,"storage_price_per_tb_month":23,"egress_price_per_gb":0.09,"days_per_month":30}"#
    )
    // Optionals left out are absent, as JSONEncoder writes them.
    let empty = try JSONValueEncoder().encode(CostInputs())
    #expect(empty.serialized().contains("gpu_price_per_hour") == false)
  }

  @Test func theEncoderAgreesWithFoundation() throws {
    let snapshot = EntrySnapshot(
      kind: .serving, method: .roofline, scenario: nil,
      model: ModelProfile(id: "m", name: "M", parameters: 8e9, layers: 32),
      gpu: GPUProfile(id: "g", name: "G", peakFLOPS: [.fp16: 312e12], memoryBytes: 80e9),
      overrides: [ScenarioOverride("--dau", "2M")],
      inputs: .roofline(
        RooflineParameters(
          precision: .fp16, dailyActiveUsers: 2e6, requestsPerUserPerDay: 6, inputTokens: 800,
          outputTokens: 300)),
      seedInputs: .seedExample)
    let ours = try JSONValueEncoder().encode(snapshot)
    let foundation = try JSONDecoder().decode(
      JSONValue.self, from: try JSONEncoder().encode(snapshot))
    // The same text once members are in one order (whole numbers print the same either way).
    #expect(sorted(ours).serialized() == foundation.serialized())
  }

  @Test func memoizedTypesEncodeTheSameAsOthers() throws {
    let encoder = JSONValueEncoder(memoizing: [ModelProfile.self])
    let plain = JSONValueEncoder()
    var model = ModelProfile(id: "m", name: "M", parameters: 8e9, layers: 32)
    for parameters in [8e9, 8e9, 7e9] {
      model.parameters = parameters
      let cost = CostInputs(gpuPricePerHour: parameters / 1e9)
      #expect(try encoder.encode(model) == (try plain.encode(model)))
      #expect(try encoder.encode(cost) == (try plain.encode(cost)))
    }
  }

  /// The same value with every object's members in key order, as JSONValue's decoder reads.
  func sorted(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(let members):
      return .object(members.sorted { $0.0 < $1.0 }.map { ($0.0, sorted($0.1)) })
    case .array(let items): return .array(items.map(sorted))
    default: return value
    }
  }

  struct PatchCase: Sendable, CustomTestStringConvertible {
    var name: String
    var base: String
    var target: String
    var patch: String?
    var testDescription: String { name }
  }

  @Test(arguments: [
    PatchCase(name: "same", base: #"{"a":1}"#, target: #"{"a":1}"#, patch: nil),
    PatchCase(
      name: "changed leaf", base: #"{"a":1,"b":2}"#, target: #"{"a":1,"b":3}"#, patch: #"{"b":3}"#),
    PatchCase(
      name: "nested", base: #"{"s":{"x":1,"y":2}}"#, target: #"{"s":{"x":1,"y":5}}"#,
      patch: #"{"s":{"y":5}}"#),
    PatchCase(name: "removed", base: #"{"a":1,"b":2}"#, target: #"{"a":1}"#, patch: #"{"b":null}"#),
    PatchCase(
      name: "nulled", base: #"{"a":1,"b":2}"#, target: #"{"a":1,"b":null}"#, patch: #"{"b":null}"#),
    PatchCase(
      name: "added", base: #"{"a":1}"#, target: #"{"a":1,"c":[1,2]}"#, patch: #"{"c":[1,2]}"#),
    PatchCase(
      name: "array replaced", base: #"{"c":[1,2]}"#, target: #"{"c":[1]}"#, patch: #"{"c":[1]}"#),
    PatchCase(
      name: "object to number", base: #"{"s":{"x":1}}"#, target: #"{"s":3}"#, patch: #"{"s":3}"#),
  ])
  func mergePatchesRoundTrip(_ example: PatchCase) throws {
    let base = try #require(JSONValue(testText: example.base))
    let target = try #require(JSONValue(testText: example.target))
    let patch = JSONValue.mergePatch(from: base, to: target)
    #expect(patch?.serialized() == example.patch)
    let patched = patch.map { base.applyingMergePatch($0) } ?? base
    // Null members and absent ones mean the same.
    #expect(sorted(withoutNulls(patched)) == sorted(withoutNulls(target)))
  }

  func withoutNulls(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(let members):
      return .object(members.filter { $0.1 != .null }.map { ($0.0, withoutNulls($0.1)) })
    case .array(let items): return .array(items.map(withoutNulls))
    default: return value
    }
  }
}

extension JSONValue {
  init?(testText: String) {
    guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(testText.utf8)) else {
      return nil
    }
    self = value
  }
}

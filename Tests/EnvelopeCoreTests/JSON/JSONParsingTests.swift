import Foundation
import Testing

@testable import EnvelopeCore

/// The engine's JSON reader, which the measurement importers read result files with.
struct JSONParsingTests {
  struct ParseCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var value: JSONValue
    var testDescription: String { name }
  }

  @Test(arguments: [
    ParseCase(name: "integer", text: "42", value: .integer(42)),
    ParseCase(name: "negative fraction", text: "-0.25", value: .number(-0.25)),
    ParseCase(name: "exponent", text: "1.5e3", value: .number(1500)),
    ParseCase(name: "whole with exponent", text: "2E+2", value: .number(200)),
    ParseCase(
      name: "beyond Int", text: "12345678901234567890", value: .number(1.2345678901234567e19)),
    ParseCase(
      name: "literals", text: "[true, false, null]",
      value: .array([.bool(true), .bool(false), .null])),
    ParseCase(
      name: "object keeps its order", text: #" { "z" : 1, "a" : [ ] , "m": {} } "#,
      value: .object([("z", .integer(1)), ("a", .array([])), ("m", .object([]))])),
    ParseCase(
      name: "escapes", text: #""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#,
      value: .string("a\"b\\c/d\n\té😀")),
    ParseCase(name: "lone surrogate", text: #""\ud800x""#, value: .string("\u{FFFD}x")),
    ParseCase(name: "UTF-8 as is", text: #""µs → ns""#, value: .string("µs → ns")),
    ParseCase(
      name: "Python's infinities",
      text: #"{"request_rate": Infinity, "low": -Infinity}"#,
      value: .object([("request_rate", .number(.infinity)), ("low", .number(-.infinity))])),
  ])
  func readsJSON(_ example: ParseCase) throws {
    #expect(try JSONValue(parsing: example.text) == example.value)
  }

  @Test func readsPythonsNaN() throws {
    guard case .number(let value) = try JSONValue(parsing: "NaN") else {
      Issue.record("NaN is not a number")
      return
    }
    #expect(value.isNaN)
  }

  /// Whatever the engine writes, it reads back the same.
  @Test func readsWhatItWrites() throws {
    let value = JSONValue.object([
      ("name", .string("line\nbreak \"quoted\" \u{01}")),
      ("figures", .array([.number(0.1), .integer(-7)])),
      ("nested", .object([("empty", .null), ("flag", .bool(false))])),
    ])
    #expect(try JSONValue(parsing: value.serialized()) == value)
    #expect(try JSONValue(parsing: value.serialized(pretty: true)) == value)
  }

  struct ErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var error: JSONSyntaxError
    var testDescription: String { name }
  }

  @Test(arguments: [
    ErrorCase(
      name: "empty", text: "",
      error: JSONSyntaxError(
        line: 1, column: 1, reason: "expected a value, found the end of the text")),
    ErrorCase(
      name: "cut off", text: "{\"a\": 1,\n  \"b\": [1, 2",
      error: JSONSyntaxError(
        line: 2, column: 13, reason: "expected ',' or ']', found the end of the text")),
    ErrorCase(
      name: "trailing comma", text: "{\"a\": 1,}",
      error: JSONSyntaxError(
        line: 1, column: 9, reason: "expected a member name in quotes, found '}'")),
    ErrorCase(
      name: "two values", text: "{}\n{}",
      error: JSONSyntaxError(line: 2, column: 1, reason: "unexpected text after the JSON value")),
    ErrorCase(
      name: "leading zero", text: "[01]",
      error: JSONSyntaxError(line: 1, column: 3, reason: "expected ',' or ']', found '1'")),
    ErrorCase(
      name: "bare word", text: "MLPerf Results Summary",
      error: JSONSyntaxError(line: 1, column: 1, reason: "expected a value, found 'M'")),
    ErrorCase(
      name: "control character", text: "\"a\nb\"",
      error: JSONSyntaxError(
        line: 1, column: 3, reason: "a control character in a string must be escaped")),
    ErrorCase(
      name: "bad escape", text: #""\x""#,
      error: JSONSyntaxError(line: 1, column: 3, reason: "unknown escape '\\x'")),
    ErrorCase(
      name: "column counts characters", text: "[\"é\" 1]",
      error: JSONSyntaxError(line: 1, column: 6, reason: "expected ',' or ']', found '1'")),
  ])
  func refusesWhatIsNotJSON(_ example: ErrorCase) {
    #expect(throws: example.error) { try JSONValue(parsing: example.text) }
  }

  /// Deep nesting is refused, not a stack overflow.
  @Test func refusesDeepNesting() {
    let text = String(repeating: "[", count: 100_000)
    #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: text) }
    #expect(throws: Never.self) {
      try JSONValue(
        parsing: String(repeating: "[", count: 500) + String(repeating: "]", count: 500))
    }
  }

  @Test func errorsSayWhere() {
    #expect(
      JSONSyntaxError(line: 3, column: 7, reason: "expected ',' or '}', found 'x'").description
        == "invalid JSON at line 3, column 7: expected ',' or '}', found 'x'")
  }
}

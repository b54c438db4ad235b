/// JSON text that could not be read, and where.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The line, from 1.
  public var line: Int
  /// The character on that line, from 1.
  public var column: Int
  public var reason: String

  public init(line: Int, column: Int, reason: String) {
    self.line = line
    self.column = column
    self.reason = reason
  }

  public var description: String {
    "invalid JSON at line \(line), column \(column): \(reason)"
  }
}

extension JSONValue {
  /// Reads one JSON value (RFC 8259), members of objects in the order written.
  ///
  /// `NaN`, `Infinity` and `-Infinity` are read as numbers too: Python's `json` module writes
  /// them for floats that are not finite, and benchmark tools are written in Python. Whole
  /// numbers without a fraction or exponent that fit an `Int` are ``integer(_:)``.
  ///
  /// - Parameter text: The JSON text; white space around the value is allowed.
  /// - Throws: ``JSONSyntaxError`` at the first character that is not JSON, for text after
  ///   the value, or for nesting deeper than 512 levels.
  public init(parsing text: String) throws {
    var parser = JSONParser(Array(text.utf8))
    self = try parser.document()
  }
}

/// A recursive-descent reader of JSON bytes.
private struct JSONParser {
  let bytes: [UInt8]
  var index = 0
  var depth = 0
  static let maximumDepth = 512

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  mutating func document() throws -> JSONValue {
    skipWhitespace()
    let value = try self.value()
    skipWhitespace()
    if index < bytes.count { throw error("unexpected text after the JSON value") }
    return value
  }

  var current: UInt8? { index < bytes.count ? bytes[index] : nil }

  mutating func skipWhitespace() {
    while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
      index += 1
    }
  }

  /// The error at the current byte, with its line and column.
  func error(_ reason: String) -> JSONSyntaxError {
    var line = 1
    var column = 1
    for byte in bytes[..<min(index, bytes.count)] {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return JSONSyntaxError(line: line, column: column, reason: reason)
  }

  /// What the current byte is, for messages: `'x'` or `the end of the text`.
  var found: String {
    guard let byte = current else { return "the end of the text" }
    if byte >= 0x20, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    return "byte 0x\(String(byte, radix: 16))"
  }

  mutating func value() throws -> JSONValue {
    guard let byte = current else { throw error("expected a value, found the end of the text") }
    switch byte {
    case UInt8(ascii: "{"): return try nested { try $0.object() }
    case UInt8(ascii: "["): return try nested { try $0.array() }
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "N"): return try literal("NaN", .number(.nan))
    case UInt8(ascii: "I"): return try literal("Infinity", .number(.infinity))
    case UInt8(ascii: "-") where bytes[index...].starts(with: "-Infinity".utf8):
      return try literal("-Infinity", .number(-.infinity))
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    default: throw error("expected a value, found \(found)")
    }
  }

  mutating func nested(_ body: (inout JSONParser) throws -> JSONValue) throws -> JSONValue {
    depth += 1
    defer { depth -= 1 }
    if depth > Self.maximumDepth { throw error("nested more than \(Self.maximumDepth) levels") }
    return try body(&self)
  }

  mutating func literal(_ word: String, _ value: JSONValue) throws -> JSONValue {
    guard bytes[index...].starts(with: word.utf8) else {
      throw error("expected a value, found \(found)")
    }
    index += word.utf8.count
    return value
  }

  mutating func expect(_ byte: UInt8, _ what: String) throws {
    guard current == byte else { throw error("expected \(what), found \(found)") }
    index += 1
  }

  mutating func object() throws -> JSONValue {
    index += 1
    var members: [(String, JSONValue)] = []
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\"") else {
        throw error("expected a member name in quotes, found \(found)")
      }
      let key = try string()
      skipWhitespace()
      try expect(UInt8(ascii: ":"), "':' after the member name")
      skipWhitespace()
      members.append((key, try value()))
      skipWhitespace()
      if current == UInt8(ascii: ",") {
        index += 1
        continue
      }
      try expect(UInt8(ascii: "}"), "',' or '}'")
      return .object(members)
    }
  }

  mutating func array() throws -> JSONValue {
    index += 1
    var values: [JSONValue] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      index += 1
      return .array(values)
    }
    while true {
      skipWhitespace()
      values.append(try value())
      skipWhitespace()
      if current == UInt8(ascii: ",") {
        index += 1
        continue
      }
      try expect(UInt8(ascii: "]"), "',' or ']'")
      return .array(values)
    }
  }

  mutating func string() throws -> String {
    index += 1
    var text: [UInt8] = []
    while let byte = current {
      index += 1
      switch byte {
      case UInt8(ascii: "\""):
        return String(decoding: text, as: UTF8.self)
      case UInt8(ascii: "\\"):
        try escape(into: &text)
      case ..<0x20:
        index -= 1
        throw error("a control character in a string must be escaped")
      default:
        text.append(byte)
      }
    }
    throw error("a string is not closed")
  }

  /// Reads the escape after a backslash and appends what it stands for.
  mutating func escape(into text: inout [UInt8]) throws {
    guard let byte = current else { throw error("a string is not closed") }
    index += 1
    let simple: [UInt8: UInt8] = [
      UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F,
      UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A,
      UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
    ]
    if let replacement = simple[byte] {
      text.append(replacement)
      return
    }
    guard byte == UInt8(ascii: "u") else {
      index -= 1
      throw error("unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
    }
    var scalar = try hexQuad()
    if (0xD800..<0xDC00).contains(scalar), bytes[index...].starts(with: "\\u".utf8) {
      let mark = index
      index += 2
      let low = try hexQuad()
      if (0xDC00..<0xE000).contains(low) {
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
      } else {
        index = mark
      }
    }
    text.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
  }

  mutating func hexQuad() throws -> UInt32 {
    guard index + 4 <= bytes.count,
      let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
    else { throw error("expected four hexadecimal digits after '\\u'") }
    index += 4
    return value
  }

  mutating func number() throws -> JSONValue {
    let start = index
    func digits() -> Int {
      let first = index
      while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
        index += 1
      }
      return index - first
    }
    if current == UInt8(ascii: "-") { index += 1 }
    if current == UInt8(ascii: "0") {
      index += 1
    } else if digits() == 0 {
      throw error("expected a digit, found \(found)")
    }
    var whole = true
    if current == UInt8(ascii: ".") {
      index += 1
      whole = false
      if digits() == 0 { throw error("expected a digit after '.', found \(found)") }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      index += 1
      whole = false
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
      if digits() == 0 { throw error("expected a digit in the exponent, found \(found)") }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    if whole, let integer = Int(text) { return .integer(integer) }
    guard let number = Double(text) else { throw error("'\(text)' is not a number") }
    return .number(number)
  }
}

import EnvelopeCore

extension JSONValue {
  /// An encodable value as JSON, members in the order the value encodes them.
  public init(encoding value: some Encodable) throws {
    self = try JSONValueEncoder().encode(value)
  }

  /// The member named `key` of an object.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  /// The value as a number, when it is one.
  public var numberValue: Double? {
    switch self {
    case .number(let value): return value
    case .integer(let value): return Double(value)
    default: return nil
    }
  }

  /// Leaf values by dotted path (`gpu.peak_flops.fp16`), for comparing snapshots.
  public func flattened(prefix: String = "") -> [(String, JSONValue)] {
    switch self {
    case .object(let members):
      return members.flatMap { key, value in
        value.flattened(prefix: prefix.isEmpty ? key : prefix + "." + key)
      }
    case .array(let values):
      return values.enumerated().flatMap { index, value in
        value.flattened(prefix: prefix + "[\(index)]")
      }
    default:
      return [(prefix, self)]
    }
  }

  /// The value in a CSV cell: numbers exactly as JSON writes them, text as is, null empty.
  public var csvText: String {
    switch self {
    case .null: return ""
    case .string(let value): return value
    case .bool, .number, .integer, .array, .object: return serialized()
    }
  }

  /// The value as a person reads it in a table.
  public var plainText: String {
    switch self {
    case .null: return ""
    case .bool(let value): return value ? "true" : "false"
    case .number(let value): return HumanFormat.significant(value, digits: 6)
    case .integer(let value): return String(value)
    case .string(let value): return value
    case .array, .object: return serialized()
    }
  }
}

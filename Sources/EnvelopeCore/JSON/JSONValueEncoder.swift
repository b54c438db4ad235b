/// Encodes any `Encodable` into a ``JSONValue``, object members in the order they are encoded.
///
/// Written by hand because the standard library has no encoder and Foundation's `JSONEncoder`
/// produces only text: a sweep compares every point's snapshot with its base as values, a
/// million times, and a text round trip per point would cost more than the rest of the point.
public struct JSONValueEncoder {
  public init() {}

  /// The value as JSON.
  ///
  /// - Parameter value: Anything `Encodable`.
  /// - Returns: Its JSON value; a non-finite number encodes as `null`.
  /// - Throws: What the value's `encode(to:)` throws.
  public func encode(_ value: some Encodable) throws -> JSONValue {
    let root = JSONNode()
    try value.encode(to: NodeEncoder(node: root, codingPath: []))
    return root.value
  }
}

/// A JSON value under construction: containers hand out nodes that fill in later.
final class JSONNode {
  enum Content {
    case empty
    case value(JSONValue)
    case object([(String, JSONNode)])
    case array([JSONNode])
  }

  var content = Content.empty

  var value: JSONValue {
    switch content {
    case .empty: return .object([])
    case .value(let value): return value
    case .object(let members): return .object(members.map { ($0.0, $0.1.value) })
    case .array(let items): return .array(items.map(\.value))
    }
  }

  func member(_ key: String) -> JSONNode {
    var members: [(String, JSONNode)] = []
    if case .object(let existing) = content { members = existing }
    if let found = members.first(where: { $0.0 == key }) { return found.1 }
    let node = JSONNode()
    members.append((key, node))
    content = .object(members)
    return node
  }

  func appended() -> JSONNode {
    var items: [JSONNode] = []
    if case .array(let existing) = content { items = existing }
    let node = JSONNode()
    items.append(node)
    content = .array(items)
    return node
  }

  func becomeObject() {
    if case .object = content { return }
    content = .object([])
  }

  func becomeArray() {
    if case .array = content { return }
    content = .array([])
  }
}

struct NodeEncoder: Encoder {
  let node: JSONNode
  var codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    node.becomeObject()
    return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    node.becomeArray()
    return UnkeyedNodeContainer(node: node, codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleNodeContainer(node: node, codingPath: codingPath)
  }
}

/// Encodes a leaf into a node: numbers, strings, booleans and null as themselves.
private func encodeValue(_ value: some Encodable, into node: JSONNode, path: [any CodingKey])
  throws
{
  switch value {
  case let number as Double: node.content = .value(number.isFinite ? .number(number) : .null)
  case let number as Float:
    node.content = .value(number.isFinite ? .number(Double(number)) : .null)
  case let integer as Int: node.content = .value(.integer(integer))
  case let integer as Int64: node.content = .value(.integer(Int(integer)))
  case let integer as Int32: node.content = .value(.integer(Int(integer)))
  case let text as String: node.content = .value(.string(text))
  case let flag as Bool: node.content = .value(.bool(flag))
  default: try value.encode(to: NodeEncoder(node: node, codingPath: path))
  }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let node: JSONNode
  var codingPath: [any CodingKey]

  mutating func encodeNil(forKey key: Key) throws {
    node.member(key.stringValue).content = .value(.null)
  }

  mutating func encode(_ value: some Encodable, forKey key: Key) throws {
    try encodeValue(value, into: node.member(key.stringValue), path: codingPath + [key])
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    let child = node.member(key.stringValue)
    child.becomeObject()
    return KeyedEncodingContainer(
      KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    let child = node.member(key.stringValue)
    child.becomeArray()
    return UnkeyedNodeContainer(node: child, codingPath: codingPath + [key])
  }

  mutating func superEncoder() -> any Encoder {
    NodeEncoder(node: node.member("super"), codingPath: codingPath)
  }

  mutating func superEncoder(forKey key: Key) -> any Encoder {
    NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
  }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
  let node: JSONNode
  var codingPath: [any CodingKey]
  var count: Int {
    if case .array(let items) = node.content { return items.count }
    return 0
  }

  mutating func encodeNil() throws { node.appended().content = .value(.null) }

  mutating func encode(_ value: some Encodable) throws {
    try encodeValue(value, into: node.appended(), path: codingPath)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    let child = node.appended()
    child.becomeObject()
    return KeyedEncodingContainer(
      KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath))
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    let child = node.appended()
    child.becomeArray()
    return UnkeyedNodeContainer(node: child, codingPath: codingPath)
  }

  mutating func superEncoder() -> any Encoder {
    NodeEncoder(node: node.appended(), codingPath: codingPath)
  }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
  let node: JSONNode
  var codingPath: [any CodingKey]

  mutating func encodeNil() throws { node.content = .value(.null) }

  mutating func encode(_ value: some Encodable) throws {
    try encodeValue(value, into: node, path: codingPath)
  }
}

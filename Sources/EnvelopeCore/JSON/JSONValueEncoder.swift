/// Encodes any `Encodable` into a ``JSONValue``, object members in the order they are encoded.
///
/// Written by hand because the standard library has no encoder and Foundation's `JSONEncoder`
/// produces only text: a sweep compares every point's snapshot with its base as values, a
/// million times, and a text round trip per point would cost more than the rest of the point.
public final class JSONValueEncoder {
  let context: EncodingContext

  /// An encoder that re-uses the JSON of the last value of each of `memoized`'s types when
  /// the next one is equal: a sweep's points share a model and a GPU, encoded once.
  ///
  /// - Parameter memoized: Types whose values repeat from one encode to the next.
  public init(memoizing memoized: [any (Encodable & Equatable).Type] = []) {
    context = EncodingContext(memoized: Set(memoized.map { ObjectIdentifier($0) }))
  }

  /// The value as JSON.
  ///
  /// - Parameter value: Anything `Encodable`.
  /// - Returns: Its JSON value; a non-finite number encodes as `null`.
  /// - Throws: What the value's `encode(to:)` throws.
  public func encode(_ value: some Encodable) throws -> JSONValue {
    let root = JSONNode()
    try encodeValue(value, into: root, path: [], context: context)
    return root.value
  }
}

/// What one encoder remembers between values: the last value of each memoized type and its
/// JSON.
final class EncodingContext {
  let memoized: Set<ObjectIdentifier>
  var memo: [ObjectIdentifier: (value: any Equatable, json: JSONValue)] = [:]

  init(memoized: Set<ObjectIdentifier>) {
    self.memoized = memoized
  }

  /// The remembered JSON of a value equal to `value`, if any.
  func remembered<Value: Encodable>(_ value: Value) -> JSONValue? {
    guard let entry = memo[ObjectIdentifier(Value.self)], let equatable = value as? any Equatable
    else { return nil }
    return Self.same(equatable, entry.value) ? entry.json : nil
  }

  private static func same<Left: Equatable>(_ left: Left, _ right: any Equatable) -> Bool {
    (right as? Left) == left
  }
}

/// A JSON value under construction: containers hand out nodes that fill in later.
final class JSONNode {
  enum Kind {
    case empty, value, object, array
  }

  var kind = Kind.empty
  var leaf = JSONValue.null
  var keys: [String] = []
  var children: [JSONNode] = []

  var value: JSONValue {
    switch kind {
    case .empty: return .object([])
    case .value: return leaf
    case .object: return .object(zip(keys, children.map(\.value)).map { ($0, $1) })
    case .array: return .array(children.map(\.value))
    }
  }

  func set(_ value: JSONValue) {
    kind = .value
    leaf = value
  }

  /// The member `key`, added when new.
  ///
  /// Members are rarely encoded twice, so the search runs from the end.
  func member(_ key: String) -> JSONNode {
    becomeObject()
    if let index = keys.lastIndex(of: key) { return children[index] }
    let node = JSONNode()
    keys.append(key)
    children.append(node)
    return node
  }

  func appended() -> JSONNode {
    becomeArray()
    let node = JSONNode()
    children.append(node)
    return node
  }

  func becomeObject() {
    if kind != .object {
      kind = .object
      keys = []
      children = []
    }
  }

  func becomeArray() {
    if kind != .array {
      kind = .array
      keys = []
      children = []
    }
  }
}

struct NodeEncoder: Encoder {
  let node: JSONNode
  var codingPath: [any CodingKey]
  let context: EncodingContext
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    node.becomeObject()
    return KeyedEncodingContainer(
      KeyedNodeContainer<Key>(node: node, codingPath: codingPath, context: context))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    node.becomeArray()
    return UnkeyedNodeContainer(node: node, codingPath: codingPath, context: context)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleNodeContainer(node: node, codingPath: codingPath, context: context)
  }
}

/// Encodes a value into a node: numbers, strings, booleans and null as themselves, a memoized
/// type's value as the JSON remembered for an equal one.
private func encodeValue<Value: Encodable>(
  _ value: Value, into node: JSONNode, path: [any CodingKey], context: EncodingContext
) throws {
  if !context.memoized.isEmpty, context.memoized.contains(ObjectIdentifier(Value.self)) {
    let type = ObjectIdentifier(Value.self)
    if let json = context.remembered(value) {
      node.set(json)
      return
    }
    try value.encode(to: NodeEncoder(node: node, codingPath: path, context: context))
    if let equatable = value as? any Equatable { context.memo[type] = (equatable, node.value) }
    return
  }
  switch value {
  case let number as Double: node.set(number.isFinite ? .number(number) : .null)
  case let number as Float: node.set(number.isFinite ? .number(Double(number)) : .null)
  case let integer as Int: node.set(.integer(integer))
  case let integer as Int64: node.set(.integer(Int(integer)))
  case let integer as Int32: node.set(.integer(Int(integer)))
  case let text as String: node.set(.string(text))
  case let flag as Bool: node.set(.bool(flag))
  default: try value.encode(to: NodeEncoder(node: node, codingPath: path, context: context))
  }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let node: JSONNode
  var codingPath: [any CodingKey]
  let context: EncodingContext

  mutating func encodeNil(forKey key: Key) throws {
    node.member(key.stringValue).set(.null)
  }

  mutating func encode(_ value: some Encodable, forKey key: Key) throws {
    try encodeValue(
      value, into: node.member(key.stringValue), path: codingPath + [key], context: context)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    let child = node.member(key.stringValue)
    child.becomeObject()
    return KeyedEncodingContainer(
      KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key], context: context))
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    let child = node.member(key.stringValue)
    child.becomeArray()
    return UnkeyedNodeContainer(node: child, codingPath: codingPath + [key], context: context)
  }

  mutating func superEncoder() -> any Encoder {
    NodeEncoder(node: node.member("super"), codingPath: codingPath, context: context)
  }

  mutating func superEncoder(forKey key: Key) -> any Encoder {
    NodeEncoder(
      node: node.member(key.stringValue), codingPath: codingPath + [key], context: context)
  }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
  let node: JSONNode
  var codingPath: [any CodingKey]
  let context: EncodingContext
  var count: Int { node.children.count }

  mutating func encodeNil() throws { node.appended().set(.null) }

  mutating func encode(_ value: some Encodable) throws {
    try encodeValue(value, into: node.appended(), path: codingPath, context: context)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    let child = node.appended()
    child.becomeObject()
    return KeyedEncodingContainer(
      KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath, context: context))
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    let child = node.appended()
    child.becomeArray()
    return UnkeyedNodeContainer(node: child, codingPath: codingPath, context: context)
  }

  mutating func superEncoder() -> any Encoder {
    NodeEncoder(node: node.appended(), codingPath: codingPath, context: context)
  }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
  let node: JSONNode
  var codingPath: [any CodingKey]
  let context: EncodingContext

  mutating func encodeNil() throws { node.set(.null) }

  mutating func encode(_ value: some Encodable) throws {
    try encodeValue(value, into: node, path: codingPath, context: context)
  }
}

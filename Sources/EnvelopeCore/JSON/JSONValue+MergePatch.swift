extension JSONValue {
  /// The JSON merge patch (RFC 7396) that turns `base` into `target`: the members that differ,
  /// objects compared member by member, anything else replaced whole, a member `base` has and
  /// `target` lacks (or holds as `null`) removed with `null`.
  ///
  /// SQLite's `json_patch(base, patch)` applies it, as ``applyingMergePatch(_:)`` does.
  ///
  /// - Parameters:
  ///   - base: The value patched.
  ///   - target: The value the patch must produce.
  /// - Returns: The patch; `nil` when the two are the same.
  public static func mergePatch(from base: JSONValue, to target: JSONValue) -> JSONValue? {
    guard case .object(let baseMembers) = base, case .object(let targetMembers) = target else {
      return base == target ? nil : target
    }
    var patch: [(String, JSONValue)] = []
    // Values of one type encode their members in one order: look beside the same place first.
    func old(_ key: String, at index: Int) -> JSONValue? {
      if index < baseMembers.count, baseMembers[index].0 == key { return baseMembers[index].1 }
      return baseMembers.first { $0.0 == key }?.1
    }
    for (index, (key, value)) in targetMembers.enumerated() {
      guard let old = old(key, at: index) else {
        if value != .null { patch.append((key, value)) }
        continue
      }
      if value == .null {
        if old != .null { patch.append((key, .null)) }
      } else if let change = mergePatch(from: old, to: value) {
        // A replaced object must not keep members of the old one.
        if case .object = value, case .object = old {
          patch.append((key, change))
        } else {
          patch.append((key, value))
        }
      }
    }
    for (index, (key, old)) in baseMembers.enumerated() where old != .null {
      let kept =
        index < targetMembers.count && targetMembers[index].0 == key
        || targetMembers.contains { $0.0 == key }
      if !kept { patch.append((key, .null)) }
    }
    return patch.isEmpty ? nil : .object(patch)
  }

  /// This value with a JSON merge patch (RFC 7396) applied.
  ///
  /// - Parameter patch: An object's members replace, remove (`null`) or patch (objects) this
  ///   value's; any other patch replaces the value.
  /// - Returns: The patched value.
  public func applyingMergePatch(_ patch: JSONValue) -> JSONValue {
    guard case .object(let changes) = patch else { return patch }
    var members: [(String, JSONValue)] = []
    if case .object(let existing) = self { members = existing }
    for (key, change) in changes {
      let index = members.firstIndex { $0.0 == key }
      if change == .null {
        if let index { members.remove(at: index) }
      } else if let index {
        members[index].1 = members[index].1.applyingMergePatch(change)
      } else {
        members.append((key, JSONValue.object([]).applyingMergePatch(change)))
      }
    }
    return .object(members)
  }
}

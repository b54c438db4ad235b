/// A catalogue item (GPU, model or scenario) with its bookkeeping.
public struct CatalogueEntry<Value: Sendable & Equatable>: Sendable, Equatable {
  public var value: Value
  /// When the item was retired (kept because recorded entries refer to it); `nil` when active.
  public var retiredAt: String?
  /// When the item was last added or changed, UTC ISO 8601.
  public var updatedAt: String

  public init(value: Value, retiredAt: String? = nil, updatedAt: String) {
    self.value = value
    self.retiredAt = retiredAt
    self.updatedAt = updatedAt
  }

  /// Whether the item is retired.
  public var isRetired: Bool { retiredAt != nil }
}

/// What removing a catalogue item did.
public enum RemovalOutcome: Sendable, Equatable {
  /// Nothing referred to it: it is gone.
  case deleted
  /// Scenarios or recorded entries refer to it: it is kept, marked retired, hidden from lists.
  case retired(referencedBy: String)
}

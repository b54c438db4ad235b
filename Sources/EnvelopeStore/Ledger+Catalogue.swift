import EnvelopeCore
internal import GRDB

extension Ledger {
  /// The items of one kind, by id; retired ones only when asked.
  ///
  /// - Parameters:
  ///   - kind: `GPUProfile.self`, `ModelProfile.self` or `Scenario.self`.
  ///   - includeRetired: Whether to list retired items too.
  /// - Returns: The items with their bookkeeping.
  /// - Throws: ``StoreError`` when the ledger cannot be read.
  public func items<Item: LedgerCatalogueItem>(_ kind: Item.Type, includeRetired: Bool = false)
    throws -> [CatalogueEntry<Item>]
  {
    try read { db in
      let table = Item.catalogueTable
      let filter = includeRetired ? "" : " WHERE retired_at IS NULL"
      var entries: [CatalogueEntry<Item>] = []
      try db.forEachRow("SELECT * FROM \(table.name)\(filter) ORDER BY id") { row in
        entries.append(try table.entry(row))
      }
      return entries
    }
  }

  /// One item, retired or not.
  ///
  /// - Parameters:
  ///   - kind: `GPUProfile.self`, `ModelProfile.self` or `Scenario.self`.
  ///   - id: The item's id.
  /// - Returns: The item with its bookkeeping.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` with the closest ids.
  public func item<Item: LedgerCatalogueItem>(_ kind: Item.Type, id: String) throws
    -> CatalogueEntry<Item>
  {
    try read { db in try Self.entry(kind, id: id, in: db) }
  }

  /// One GPU, retired or not: ``item(_:id:)`` for GPUs.
  public func gpu(_ id: String) throws -> CatalogueEntry<GPUProfile> {
    try item(GPUProfile.self, id: id)
  }

  /// One model, retired or not: ``item(_:id:)`` for models.
  public func model(_ id: String) throws -> CatalogueEntry<ModelProfile> {
    try item(ModelProfile.self, id: id)
  }

  /// One scenario, retired or not: ``item(_:id:)`` for scenarios.
  public func scenario(_ id: String) throws -> CatalogueEntry<Scenario> {
    try item(Scenario.self, id: id)
  }

  /// Adds an item, stamped with the ledger's clock.
  ///
  /// - Parameter item: The new item; a scenario's model and GPU must be in the catalogue and
  ///   not retired.
  /// - Throws: ``StoreError/duplicate(kind:id:)`` when the id exists, a scenario's unknown or
  ///   retired model or GPU, or a refusal of the schema's constraints.
  public func add<Item: LedgerCatalogueItem>(_ item: Item) throws {
    let now = clock().description
    try write { db in
      let table = Item.catalogueTable
      if try Self.storedEntry(Item.self, id: item.id, in: db) != nil {
        throw StoreError.duplicate(kind: Item.kindName, id: item.id)
      }
      try table.requireActiveReferences(item, db)
      try table.insert(item, now, nil, db)
    }
  }

  /// Replaces an item's values, stamped with the ledger's clock.
  ///
  /// Recorded entries keep the values they were computed with. A retired item stays retired
  /// unless `restore` is set.
  ///
  /// - Parameters:
  ///   - item: The new values, under an existing id.
  ///   - restore: Whether to bring a retired item back.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown id, a scenario's
  ///   unknown or retired model or GPU, or a refusal of the schema's constraints.
  public func update<Item: LedgerCatalogueItem>(_ item: Item, restore: Bool = false) throws {
    let now = clock().description
    try write { db in
      let table = Item.catalogueTable
      let current = try Self.entry(Item.self, id: item.id, in: db)
      try table.requireActiveReferences(item, db)
      try table.update(item, now, restore ? nil : current.retiredAt, db)
    }
  }

  /// Adds the items that are new and replaces those that exist, all or nothing.
  ///
  /// Replaced items are stamped with the ledger's clock; retired ones stay retired.
  ///
  /// - Parameter items: The items, each id once.
  /// - Returns: How many were added and how many replaced.
  /// - Throws: ``StoreError`` when a scenario names an unknown or retired model or GPU, or the
  ///   schema refuses a value; then nothing is written.
  @discardableResult
  public func importItems<Item: LedgerCatalogueItem>(_ items: [Item]) throws -> (
    added: Int, updated: Int
  ) {
    let now = clock().description
    return try write { db in
      let table = Item.catalogueTable
      for item in items { try table.requireActiveReferences(item, db) }
      var counts = (added: 0, updated: 0)
      for item in items {
        if let current = try Self.storedEntry(Item.self, id: item.id, in: db) {
          try table.update(item, now, current.retiredAt, db)
          counts.updated += 1
        } else {
          try table.insert(item, now, nil, db)
          counts.added += 1
        }
      }
      return counts
    }
  }

  /// Removes an item, or retires it when others refer to it.
  ///
  /// Scenarios refer to GPUs and models; ledger entries and measurements to scenarios. A
  /// retired item is stamped with the ledger's clock.
  ///
  /// - Parameters:
  ///   - kind: `GPUProfile.self`, `ModelProfile.self` or `Scenario.self`.
  ///   - id: The item's id.
  /// - Returns: Whether it was deleted or retired, and what refers to it.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown id.
  public func remove<Item: LedgerCatalogueItem>(_ kind: Item.Type, id: String) throws
    -> RemovalOutcome
  {
    let now = clock().description
    return try write { db in
      let table = Item.catalogueTable
      _ = try Self.entry(kind, id: id, in: db)
      guard let referrers = try table.referrers(id, db) else {
        try db.execute("DELETE FROM \(table.name) WHERE id = ?", [id])
        return .deleted
      }
      try db.execute(
        "UPDATE \(table.name) SET retired_at = ? WHERE id = ? AND retired_at IS NULL", [now, id])
      return .retired(referencedBy: referrers)
    }
  }

  // MARK: Helpers

  /// One item, retired or not.
  ///
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` with the closest active ids.
  static func entry<Item: LedgerCatalogueItem>(_: Item.Type, id: String, in db: SQLSession)
    throws -> CatalogueEntry<Item>
  {
    if let entry = try storedEntry(Item.self, id: id, in: db) { return entry }
    let ids = try db.values(
      String.self, "SELECT id FROM \(Item.catalogueTable.name) WHERE retired_at IS NULL")
    throw StoreError.unknown(
      kind: Item.kindName, id: id, suggestions: Suggestions.closest(to: id, in: ids))
  }

  /// One item, or `nil` when there is none with that id.
  static func storedEntry<Item: LedgerCatalogueItem>(_: Item.Type, id: String, in db: SQLSession)
    throws -> CatalogueEntry<Item>?
  {
    let table = Item.catalogueTable
    // Plain SQL rather than `fetchOne(key:)`, which first introspects the schema (views too).
    var entry: CatalogueEntry<Item>?
    try db.forEachRow("SELECT * FROM \(table.name) WHERE id = ?", [id], streaming: false) { row in
      entry = try table.entry(row)
    }
    return entry
  }

  /// Refuses a model or GPU the catalogue lacks or has retired, for what refers to them: a
  /// scenario, a measurement, a calibration.
  ///
  /// - Parameters:
  ///   - modelID: The model, when there is one.
  ///   - gpuID: The GPU.
  ///   - db: The connection.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` or ``StoreError/retired(kind:id:)``.
  static func requireActive(modelID: String?, gpuID: String, in db: SQLSession) throws {
    if let modelID, try entry(ModelProfile.self, id: modelID, in: db).isRetired {
      throw StoreError.retired(kind: ModelProfile.kindName, id: modelID)
    }
    if try entry(GPUProfile.self, id: gpuID, in: db).isRetired {
      throw StoreError.retired(kind: GPUProfile.kindName, id: gpuID)
    }
  }

  /// One scenario, retired or not, for the ledger's own checks.
  ///
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` with the closest active ids.
  static func scenario(_ id: String, in db: SQLSession) throws -> CatalogueEntry<Scenario> {
    try entry(Scenario.self, id: id, in: db)
  }
}

import EnvelopeCore
import GRDB

extension Ledger {
  // MARK: GPUs

  /// The GPUs in the catalogue, by id; retired ones only when asked.
  public func gpus(includeRetired: Bool = false) throws -> [CatalogueEntry<GPUProfile>] {
    try read { db in
      var request = GPURecord.order(GPURecord.Columns.id)
      if !includeRetired { request = request.filter(GPURecord.Columns.retiredAt == nil) }
      return try request.fetchAll(db).map(\.entry)
    }
  }

  /// One GPU, retired or not.
  ///
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` with the closest ids.
  public func gpu(_ id: String) throws -> CatalogueEntry<GPUProfile> {
    try read { db in try Self.gpu(id, in: db) }
  }

  static func gpu(_ id: String, in db: Database) throws -> CatalogueEntry<GPUProfile> {
    // Plain SQL rather than `fetchOne(key:)`, which first introspects the schema (views too).
    if let record = try GPURecord.fetchOne(
      db, sql: "SELECT * FROM gpus WHERE id = ?", arguments: [id])
    {
      return record.entry
    }
    let ids = try String.fetchAll(db, sql: "SELECT id FROM gpus WHERE retired_at IS NULL")
    throw StoreError.unknown(
      kind: "GPU", id: id, suggestions: Suggestions.closest(to: id, in: ids))
  }

  /// Adds a GPU.
  ///
  /// - Throws: ``StoreError/duplicate(kind:id:)`` when the id exists, or a refusal of the
  ///   schema's constraints.
  public func addGPU(_ gpu: GPUProfile) throws {
    try write { db in
      try Self.refuseDuplicate(kind: "GPU", table: "gpus", id: gpu.id, in: db)
      try GPURecord(gpu).insert(db)
    }
  }

  /// Replaces a GPU's values; recorded entries keep the values they were computed with.
  ///
  /// - Parameters:
  ///   - gpu: The new values, under an existing id.
  ///   - restore: Whether to bring a retired GPU back.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown id.
  public func updateGPU(_ gpu: GPUProfile, restore: Bool = false) throws {
    try write { db in
      _ = try Self.gpu(gpu.id, in: db)
      try Self.updateKeepingRetirement(GPURecord(gpu), in: db)
      try Self.touch(table: "gpus", id: gpu.id, restore: restore, in: db)
    }
  }

  /// Adds the GPUs that are new and replaces those that exist, all or nothing.
  ///
  /// - Returns: How many were added and how many replaced.
  public func importGPUs(_ gpus: [GPUProfile]) throws -> (added: Int, updated: Int) {
    try write { db in try Self.upsert(gpus.map(GPURecord.init), ids: gpus.map(\.id), in: db) }
  }

  /// Removes a GPU, or retires it when scenarios refer to it.
  public func removeGPU(_ id: String) throws -> RemovalOutcome {
    try write { db in
      _ = try Self.gpu(id, in: db)
      let scenarios = try String.fetchAll(
        db, sql: "SELECT id FROM scenarios WHERE gpu_id = ? ORDER BY id", arguments: [id])
      return try Self.removeOrRetire(
        table: "gpus", id: id,
        referencedBy: scenarios.isEmpty ? nil : "scenarios " + scenarios.joined(separator: ", "),
        in: db)
    }
  }

  // MARK: Models

  /// The models in the catalogue, by id; retired ones only when asked.
  public func models(includeRetired: Bool = false) throws -> [CatalogueEntry<ModelProfile>] {
    try read { db in
      var request = ModelRecord.order(ModelRecord.Columns.id)
      if !includeRetired { request = request.filter(ModelRecord.Columns.retiredAt == nil) }
      return try request.fetchAll(db).map(\.entry)
    }
  }

  /// One model, retired or not.
  ///
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` with the closest ids.
  public func model(_ id: String) throws -> CatalogueEntry<ModelProfile> {
    try read { db in try Self.model(id, in: db) }
  }

  static func model(_ id: String, in db: Database) throws -> CatalogueEntry<ModelProfile> {
    // Plain SQL rather than `fetchOne(key:)`, which first introspects the schema (views too).
    if let record = try ModelRecord.fetchOne(
      db, sql: "SELECT * FROM models WHERE id = ?", arguments: [id])
    {
      return record.entry
    }
    let ids = try String.fetchAll(db, sql: "SELECT id FROM models WHERE retired_at IS NULL")
    throw StoreError.unknown(
      kind: "model", id: id, suggestions: Suggestions.closest(to: id, in: ids))
  }

  /// Adds a model.
  public func addModel(_ model: ModelProfile) throws {
    try write { db in
      try Self.refuseDuplicate(kind: "model", table: "models", id: model.id, in: db)
      try ModelRecord(model).insert(db)
    }
  }

  /// Replaces a model's values; recorded entries keep the values they were computed with.
  public func updateModel(_ model: ModelProfile, restore: Bool = false) throws {
    try write { db in
      _ = try Self.model(model.id, in: db)
      try Self.updateKeepingRetirement(try ModelRecord(model), in: db)
      try Self.touch(table: "models", id: model.id, restore: restore, in: db)
    }
  }

  /// Adds the models that are new and replaces those that exist, all or nothing.
  public func importModels(_ models: [ModelProfile]) throws -> (added: Int, updated: Int) {
    try write { db in
      try Self.upsert(models.map(ModelRecord.init), ids: models.map(\.id), in: db)
    }
  }

  /// Removes a model, or retires it when scenarios refer to it.
  public func removeModel(_ id: String) throws -> RemovalOutcome {
    try write { db in
      _ = try Self.model(id, in: db)
      let scenarios = try String.fetchAll(
        db, sql: "SELECT id FROM scenarios WHERE model_id = ? ORDER BY id", arguments: [id])
      return try Self.removeOrRetire(
        table: "models", id: id,
        referencedBy: scenarios.isEmpty ? nil : "scenarios " + scenarios.joined(separator: ", "),
        in: db)
    }
  }

  // MARK: Scenarios

  /// The scenarios, by id; retired ones only when asked.
  public func scenarios(includeRetired: Bool = false) throws -> [CatalogueEntry<Scenario>] {
    try read { db in
      let filter = includeRetired ? "" : " WHERE retired_at IS NULL"
      return try Row.fetchAll(db, sql: "SELECT * FROM scenarios\(filter) ORDER BY id").map {
        try Self.scenarioEntry($0)
      }
    }
  }

  /// One scenario, retired or not.
  ///
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` with the closest ids.
  public func scenario(_ id: String) throws -> CatalogueEntry<Scenario> {
    try read { db in try Self.scenario(id, in: db) }
  }

  static func scenario(_ id: String, in db: Database) throws -> CatalogueEntry<Scenario> {
    if let row = try Row.fetchOne(db, sql: "SELECT * FROM scenarios WHERE id = ?", arguments: [id])
    {
      return try scenarioEntry(row)
    }
    let ids = try String.fetchAll(db, sql: "SELECT id FROM scenarios WHERE retired_at IS NULL")
    throw StoreError.unknown(
      kind: "scenario", id: id, suggestions: Suggestions.closest(to: id, in: ids))
  }

  static func scenarioEntry(_ row: Row) throws -> CatalogueEntry<Scenario> {
    CatalogueEntry(
      value: try Scenario(row: row), retiredAt: row["retired_at"], updatedAt: row["updated_at"])
  }

  /// Adds a scenario; its model and GPU must be in the catalogue and not retired.
  public func addScenario(_ scenario: Scenario) throws {
    try write { db in
      try Self.refuseDuplicate(kind: "scenario", table: "scenarios", id: scenario.id, in: db)
      try Self.requireActive(scenario, in: db)
      try scenario.insert(db)
    }
  }

  /// Replaces a scenario's values; recorded entries keep the values they were computed with.
  public func updateScenario(_ scenario: Scenario, restore: Bool = false) throws {
    try write { db in
      _ = try Self.scenario(scenario.id, in: db)
      try Self.requireActive(scenario, in: db)
      try Self.updateKeepingRetirement(scenario, in: db)
      try Self.touch(table: "scenarios", id: scenario.id, restore: restore, in: db)
    }
  }

  /// Adds the scenarios that are new and replaces those that exist, all or nothing.
  ///
  /// - Returns: How many were added and how many replaced.
  /// - Throws: ``StoreError`` when a scenario names an unknown or retired model or GPU.
  public func importScenarios(_ scenarios: [Scenario]) throws -> (added: Int, updated: Int) {
    try write { db in
      for scenario in scenarios { try Self.requireActive(scenario, in: db) }
      return try Self.upsert(scenarios, ids: scenarios.map(\.id), in: db)
    }
  }

  /// Removes a scenario, or retires it when recorded entries or measurements refer to it.
  public func removeScenario(_ id: String) throws -> RemovalOutcome {
    try write { db in
      _ = try Self.scenario(id, in: db)
      func count(_ table: String) throws -> Int {
        try Int.fetchOne(
          db, sql: "SELECT count(*) FROM \(table) WHERE scenario_id = ?", arguments: [id]) ?? 0
      }
      let entries = try count("estimates")
      let actuals = entries == 0 ? try count("actuals") : 0
      let referencedBy =
        entries > 0 ? "\(entries) ledger entries" : actuals > 0 ? "\(actuals) actuals" : nil
      return try Self.removeOrRetire(table: "scenarios", id: id, referencedBy: referencedBy, in: db)
    }
  }

  // MARK: Helpers

  /// Inserts the records that are new and replaces those that exist.
  static func upsert<Record: PersistableRecord>(_ records: [Record], ids: [String], in db: Database)
    throws -> (added: Int, updated: Int)
  {
    var counts = (added: 0, updated: 0)
    for (record, id) in zip(records, ids) {
      if try Record.exists(db, key: id) {
        try updateKeepingRetirement(record, in: db)
        try touch(table: Record.databaseTableName, id: id, restore: false, in: db)
        counts.updated += 1
      } else {
        try record.insert(db)
        counts.added += 1
      }
    }
    return counts
  }

  /// Writes a record's values over its row, leaving `retired_at` as it is: only an update
  /// with `restore` brings a retired item back.
  static func updateKeepingRetirement<Record: PersistableRecord>(_ record: Record, in db: Database)
    throws
  {
    let columns = try db.columns(in: Record.databaseTableName).map(\.name)
    try record.update(db, columns: columns.filter { $0 != "retired_at" })
  }

  static func requireActive(_ scenario: Scenario, in db: Database) throws {
    let model = try Self.model(scenario.modelID, in: db)
    if model.isRetired { throw StoreError.retired(kind: "model", id: scenario.modelID) }
    let gpu = try Self.gpu(scenario.gpuID, in: db)
    if gpu.isRetired { throw StoreError.retired(kind: "GPU", id: scenario.gpuID) }
  }

  static func refuseDuplicate(kind: String, table: String, id: String, in db: Database) throws {
    let exists =
      try Bool.fetchOne(
        db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ?)", arguments: [id]) ?? false
    if exists { throw StoreError.duplicate(kind: kind, id: id) }
  }

  static func touch(table: String, id: String, restore: Bool, in db: Database) throws {
    let retired = restore ? ", retired_at = NULL" : ""
    try db.execute(
      sql: """
        UPDATE \(table) SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')\(retired)
        WHERE id = ?
        """,
      arguments: [id])
  }

  static func removeOrRetire(table: String, id: String, referencedBy: String?, in db: Database)
    throws -> RemovalOutcome
  {
    if let referencedBy {
      try db.execute(
        sql: """
          UPDATE \(table) SET retired_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
          WHERE id = ? AND retired_at IS NULL
          """,
        arguments: [id])
      return .retired(referencedBy: referencedBy)
    }
    try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [id])
    return .deleted
  }
}

import EnvelopeCore
internal import GRDB

extension Ledger {
  /// Records one estimate and returns it as stored.
  ///
  /// - Throws: ``StoreError`` when the superseded entry does not exist or is already
  ///   superseded, the scenario is unknown, or the database refuses the write.
  @discardableResult
  public func record(_ entry: NewLedgerEntry) throws -> LedgerEntry {
    try write { db in
      if let supersedes = entry.supersedes {
        let target = try Self.entry(supersedes, in: db)
        if let later = target.supersededBy {
          throw StoreError.refused(
            reason:
              "entry \(supersedes) is already superseded by entry \(later); supersede \(later)")
        }
      }
      if let scenarioID = entry.scenarioID { _ = try Self.scenario(scenarioID, in: db) }
      let arguments = try EstimateRecord.arguments(entry, recordedAt: clock().description)
      guard let id = try db.value(Int64.self, EstimateRecord.insertSQL, arguments) else {
        throw StoreError.database(reason: "estimates returned no id")
      }
      return try Self.entry(id, in: db)
    }
  }

  /// One entry.
  ///
  /// - Throws: ``StoreError/unknownEntry(id:)``.
  public func entry(_ id: Int64) throws -> LedgerEntry {
    try read { db in try Self.entry(id, in: db) }
  }

  /// Entries in `as_of` order, then recording order, filtered as asked.
  ///
  /// - Parameters:
  ///   - scenarioID: Only this scenario's entries.
  ///   - kind: Only entries of this kind.
  ///   - since: Only entries whose `as_of` is on or after this date.
  ///   - until: Only entries whose `as_of` is on or before this date.
  ///   - currentOnly: Leave out entries a later entry supersedes.
  ///   - sweepPoints: Whether to include the points of sweeps.
  ///   - limit: At most this many, the latest ones.
  /// - Returns: The entries, oldest `as_of` first.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown scenario.
  public func entries(
    scenarioID: String? = nil, kind: EntryKind? = nil, since: CalendarDate? = nil,
    until: CalendarDate? = nil, currentOnly: Bool = false, sweepPoints: Bool = true,
    limit: Int? = nil
  ) throws -> [LedgerEntry] {
    var entries: [LedgerEntry] = []
    try forEachEntry(
      scenarioID: scenarioID, kind: kind, since: since, until: until, currentOnly: currentOnly,
      sweepPoints: sweepPoints, limit: limit
    ) { entries.append($0) }
    return entries
  }

  /// A scenario's plans: its current serving entries that are not sweep points, oldest first.
  ///
  /// - Parameters:
  ///   - scenarioID: The scenario.
  ///   - until: Only plans as of this date or earlier.
  ///   - withSnapshots: Whether to read each plan in full, or only its typed columns' figures
  ///     (enough to hold measurements against, and fast for a scenario of many plans).
  /// - Returns: The plans by as-of date, then recording order.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown scenario.
  public func plans(scenarioID: String, until: CalendarDate? = nil, withSnapshots: Bool = true)
    throws -> [LedgerEntry]
  {
    var plans: [LedgerEntry] = []
    try forEachEntry(
      scenarioID: scenarioID, kind: .serving, until: until, currentOnly: true, sweepPoints: false,
      withSnapshots: withSnapshots
    ) { plans.append($0) }
    return plans
  }

  /// Streams entries in `as_of` order, then recording order, in constant memory.
  ///
  /// - Parameters:
  ///   - scenarioID: Only this scenario's entries.
  ///   - kind: Only entries of this kind.
  ///   - since: Only entries whose `as_of` is on or after this date.
  ///   - until: Only entries whose `as_of` is on or before this date.
  ///   - after: Only entries whose `as_of` is after this date.
  ///   - currentOnly: Leave out entries a later entry supersedes.
  ///   - sweepPoints: Whether to include the points of sweeps.
  ///   - limit: At most this many, the latest ones.
  ///   - withSnapshots: Whether to read the snapshot and every figure (only the typed columns'
  ///     figures otherwise).
  ///   - body: Called with each entry.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown scenario, or what
  ///   `body` throws.
  public func forEachEntry(
    scenarioID: String? = nil, kind: EntryKind? = nil, since: CalendarDate? = nil,
    until: CalendarDate? = nil, after: CalendarDate? = nil, currentOnly: Bool = false,
    sweepPoints: Bool = true, limit: Int? = nil, withSnapshots: Bool = true,
    _ body: (LedgerEntry) throws -> Void
  ) throws {
    try read { db in
      if let scenarioID { _ = try Self.scenario(scenarioID, in: db) }
      var conditions: [String] = []
      var arguments: SQLArguments = []
      if let scenarioID {
        conditions.append("e.scenario_id = ?")
        arguments.append(scenarioID)
      }
      if let kind {
        conditions.append("e.kind = ?")
        arguments.append(kind.rawValue)
      }
      if let since {
        conditions.append("e.as_of >= ?")
        arguments.append(since.description)
      }
      if let until {
        conditions.append("e.as_of <= ?")
        arguments.append(until.description)
      }
      if let after {
        conditions.append("e.as_of > ?")
        arguments.append(after.description)
      }
      if currentOnly {
        conditions.append("NOT EXISTS (SELECT 1 FROM estimates s WHERE s.supersedes = e.id)")
      }
      if !sweepPoints { conditions.append("e.sweep_id IS NULL") }
      let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
      let select = withSnapshots ? EstimateRecord.selectSQL : EstimateRecord.selectSummarySQL
      var sql = "\(select) \(whereClause) ORDER BY e.as_of, e.id"
      if let limit {
        sql =
          "SELECT * FROM (\(select) \(whereClause) ORDER BY e.as_of DESC, e.id DESC "
          + "LIMIT \(max(0, limit))) AS latest ORDER BY as_of, id"
      }
      try db.forEach(EstimateRecord.self, sql, arguments) { record in
        try body(try record.entry())
      }
    }
  }

  /// Number of entries in the ledger.
  public func entryCount() throws -> Int {
    try read { db in try db.value(Int.self, "SELECT count(*) FROM estimates") ?? 0 }
  }

  static func entry(_ id: Int64, in db: SQLSession) throws -> LedgerEntry {
    guard
      let record = try db.fetchOne(
        EstimateRecord.self, "\(EstimateRecord.selectSQL) WHERE e.id = ?", [id])
    else { throw StoreError.unknownEntry(id: id) }
    return try record.entry()
  }
}

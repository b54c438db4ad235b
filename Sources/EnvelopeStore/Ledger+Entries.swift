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
      let id = try Self.insert(entry, in: db)
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

  /// A scenario's plans: its current serving entries that are not sweep points, oldest first,
  /// read in full.
  ///
  /// - Parameters:
  ///   - scenarioID: The scenario.
  ///   - until: Only plans as of this date or earlier.
  /// - Returns: The plans by as-of date, then recording order.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown scenario.
  public func plans(scenarioID: String, until: CalendarDate? = nil) throws -> [LedgerEntry] {
    try entries(
      scenarioID: scenarioID, kind: .serving, until: until, currentOnly: true, sweepPoints: false)
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
      var arguments: [(any DatabaseValueConvertible)?] = []
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
      let select = withSnapshots ? Self.selectSQL : Self.selectSummarySQL
      var sql = "\(select) \(whereClause) ORDER BY e.as_of, e.id"
      if let limit {
        sql =
          "SELECT * FROM (\(select) \(whereClause) ORDER BY e.as_of DESC, e.id DESC "
          + "LIMIT \(max(0, limit))) ORDER BY as_of, id"
      }
      let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
      while let row = try rows.next() {
        try body(try Self.entry(from: row))
      }
    }
  }

  /// Entries recorded by one sweep, in order.
  public func entries(sweepID: String) throws -> [LedgerEntry] {
    try read { db in
      try Row.fetchAll(
        db, sql: "\(Self.selectSQL) WHERE e.sweep_id = ? ORDER BY e.id", arguments: [sweepID]
      ).map { try Self.entry(from: $0) }
    }
  }

  /// Number of entries in the ledger.
  public func entryCount() throws -> Int {
    try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM estimates") ?? 0 }
  }

  // MARK: SQL

  static let insertSQL = """
    INSERT INTO estimates (
      recorded_at, as_of, kind, scenario_id, method, envelope_version, note, supersedes,
      supersede_reason, sweep_id, inputs, results,
      \(FigureDefinition.ledgerColumns.map(\.key).joined(separator: ", "))
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(
      FigureDefinition.ledgerColumns.map(\.key).map { _ in "?" }.joined(separator: ", ")))
    """

  static let selectSQL = """
    SELECT e.*, (SELECT s.id FROM estimates s WHERE s.supersedes = e.id) AS superseded_by
    FROM estimates e
    """

  static let selectSummarySQL = """
    SELECT e.id, e.recorded_at, e.as_of, e.kind, e.scenario_id, e.method, e.envelope_version,
      e.note, e.supersedes, e.supersede_reason, e.sweep_id, '' AS inputs, '' AS results,
      \(FigureDefinition.ledgerColumns.map(\.key).map { "e." + $0 }.joined(separator: ", ")),
      (SELECT s.id FROM estimates s WHERE s.supersedes = e.id) AS superseded_by
    FROM estimates e
    """

  static func insert(_ entry: NewLedgerEntry, in db: Database) throws -> Int64 {
    try insert(entry, with: try db.cachedStatement(sql: insertSQL), in: db)
  }

  @discardableResult
  static func insert(
    _ entry: NewLedgerEntry, with statement: Statement, in db: Database, checked: Bool = true
  ) throws -> Int64 {
    if let supersedes = entry.supersedes {
      let target = try Self.entry(supersedes, in: db)
      if let later = target.supersededBy {
        throw StoreError.refused(
          reason: "entry \(supersedes) is already superseded by entry \(later); supersede \(later)")
      }
    }
    if checked, let scenarioID = entry.scenarioID { _ = try Self.scenario(scenarioID, in: db) }
    var values: [(any DatabaseValueConvertible)?] = []
    for key in FigureDefinition.ledgerColumns.map(\.key) {
      let figure = entry.figures.first { $0.key == key }
      switch figure?.value {
      case .integer(let integer): values.append(integer)
      case .number(let number): values.append(number)
      case .text, nil: values.append(DatabaseValue.null)
      }
    }
    let head: [(any DatabaseValueConvertible)?] = [
      entry.recordedAt, entry.asOf.description, entry.kind.rawValue, entry.scenarioID,
      entry.method.rawValue, entry.envelopeVersion, entry.note, entry.supersedes,
      entry.supersedeReason, entry.sweepID, try entry.snapshot.jsonText(),
      JSONValue.figures(entry.figures).serialized(),
    ]
    try statement.execute(arguments: StatementArguments(head + values))
    return db.lastInsertedRowID
  }

  static func entry(_ id: Int64, in db: Database) throws -> LedgerEntry {
    guard let row = try Row.fetchOne(db, sql: "\(selectSQL) WHERE e.id = ?", arguments: [id])
    else { throw StoreError.unknownEntry(id: id) }
    return try entry(from: row)
  }

  static func entry(from row: Row) throws -> LedgerEntry {
    let id: Int64 = row["id"]
    let asOfText: String = row["as_of"]
    let kindText: String = row["kind"]
    let methodText: String = row["method"]
    guard let kind = EntryKind(rawValue: kindText),
      let method = EstimationMethod(rawValue: methodText)
    else {
      throw StoreError.database(reason: "entry \(id) has an unknown kind or method")
    }
    let inputs: String = row["inputs"]
    let results: String = row["results"]
    var figures: [Figure]
    if results.isEmpty {
      // A summary: the figures the ledger holds in typed columns.
      figures = []
      for definition in FigureDefinition.ledgerColumns {
        guard let value = row[definition.key] as Double? else { continue }
        let whole = definition.isWholeNumber && value.magnitude < 9e18
        figures.append(Figure(definition, whole ? .integer(Int(value)) : .number(value)))
      }
    } else {
      figures = try [Figure](jsonText: results, entryID: id)
    }
    return LedgerEntry(
      id: id, recordedAt: row["recorded_at"], asOf: try CalendarDate.parse(asOfText),
      kind: kind, scenarioID: row["scenario_id"], method: method,
      envelopeVersion: row["envelope_version"], note: row["note"], supersedes: row["supersedes"],
      supersedeReason: row["supersede_reason"], supersededBy: row["superseded_by"],
      sweepID: row["sweep_id"],
      snapshot: inputs.isEmpty ? nil : try EntrySnapshot(jsonText: inputs, entryID: id),
      figures: figures)
  }
}

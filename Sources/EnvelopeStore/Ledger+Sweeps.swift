import EnvelopeCore
internal import GRDB

extension Ledger {
  /// Records a sweep and all its points in one transaction: every point or, on any error or
  /// interruption, none.
  ///
  /// The first point's snapshot is stored once, as the sweep's base; each point stores only
  /// the JSON merge patch that turns the base into its own snapshot, and its figures in typed
  /// columns. Points are pulled from `next` one at a time through one prepared statement, so a
  /// grid of a million points is recorded in constant memory. When `next` throws, the whole
  /// sweep is rolled back.
  ///
  /// - Parameters:
  ///   - sweep: The sweep's id, scenario, date and grid.
  ///   - next: Produces the next point, `nil` after the last.
  ///   - progress: Called after each point with the number recorded so far.
  /// - Returns: How many points were recorded.
  /// - Throws: ``StoreError`` when the scenario is unknown, the sweep is empty, or a point has a
  ///   figure no column holds, or what `next` throws; then nothing is recorded.
  public func recordSweep(
    _ sweep: NewSweep, next: () throws -> SweepPoint?, progress: (Int) -> Void = { _ in }
  ) throws -> Int {
    try write { db in
      _ = try Self.scenario(sweep.scenarioID, in: db)
      let number = try Int.fetchOne(db, sql: "SELECT coalesce(max(number), 0) + 1 FROM sweeps") ?? 1
      let columns = FigureDefinition.sweepPointColumns
      let statement = try db.makeStatement(
        sql: """
          INSERT INTO sweep_points (sweep, point, inputs, \(columns.map(\.key).joined(separator: ", ")))
          VALUES (?, ?, ?\(String(repeating: ", ?", count: columns.count)))
          """)
      let encoder = JSONValueEncoder()
      var base: JSONValue?
      var count = 0
      while let point = try next() {
        let snapshot = try encoder.encode(point.snapshot)
        let patch = base.flatMap { JSONValue.mergePatch(from: $0, to: snapshot) } ?? .object([])
        if base == nil { base = snapshot }
        var values: [(any DatabaseValueConvertible)?] = [number, count + 1, patch.serialized()]
        values.reserveCapacity(3 + columns.count)
        for column in columns {
          switch point.figures[column] {
          case .integer(let integer): values.append(integer)
          case .number(let value): values.append(value)
          case .text(let text): values.append(text)
          case nil: values.append(nil)
          }
        }
        if let stray = point.figures.first(where: { !columns.contains($0.definition) }) {
          throw StoreError.refused(
            reason: "a sweep point cannot hold the figure \(stray.key); nothing was recorded")
        }
        try statement.execute(arguments: StatementArguments(values))
        count += 1
        progress(count)
      }
      guard count > 0, let base else {
        throw StoreError.refused(reason: "the sweep has no points")
      }
      try db.execute(
        sql: """
          INSERT INTO sweeps (id, recorded_at, scenario_id, grid, points, number, as_of, note,
            envelope_version, base_inputs)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          sweep.id, sweep.recordedAt, sweep.scenarioID,
          JSONValue.array(sweep.grid.map(JSONValue.string)).serialized(), count, number,
          sweep.asOf.description, sweep.note, sweep.envelopeVersion, base.serialized(),
        ])
      return count
    }
  }

  /// The sweeps recorded, by as-of date, then recording order.
  ///
  /// - Parameters:
  ///   - scenarioID: Only this scenario's.
  ///   - since: Only sweeps as of this date or later.
  ///   - until: Only sweeps as of this date or earlier.
  /// - Returns: Each sweep with its grid and point count.
  /// - Throws: ``StoreError`` when the ledger cannot be read.
  public func sweeps(
    scenarioID: String? = nil, since: CalendarDate? = nil, until: CalendarDate? = nil
  ) throws -> [SweepSummary] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM (\(Self.sweepSummarySQL)) AS s
          WHERE (?1 IS NULL OR s.scenario_id = ?1) AND (?2 IS NULL OR s.as_of >= ?2)
            AND (?3 IS NULL OR s.as_of <= ?3)
          ORDER BY s.as_of, s.recorded_at, s.id
          """,
        arguments: [scenarioID, since?.description, until?.description]
      ).map(Self.sweepSummary)
    }
  }

  /// One sweep.
  ///
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown sweep.
  public func sweep(_ id: String) throws -> SweepSummary {
    try read { db in try Self.sweep(id, in: db) }
  }

  /// One point of a sweep, with its full snapshot.
  ///
  /// - Parameters:
  ///   - sweepID: The sweep.
  ///   - point: 1 for the grid's first point.
  /// - Returns: The point.
  /// - Throws: ``StoreError`` for an unknown sweep or a point it does not have.
  public func sweepPoint(sweepID: String, point: Int) throws -> SweepPoint {
    var found: SweepPoint?
    try forEachSweepPoint(sweepID: sweepID, from: point, limit: 1) { found = $0 }
    guard let found, found.index == point else {
      let sweep = try self.sweep(sweepID)
      throw StoreError.refused(
        reason: "sweep \(sweepID) has points 1 to \(sweep.points), not \(point)")
    }
    return found
  }

  /// Streams a sweep's points in grid order, each with its full snapshot.
  ///
  /// - Parameters:
  ///   - sweepID: The sweep.
  ///   - first: The first point streamed.
  ///   - limit: At most this many.
  ///   - body: Called with each point.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown sweep, or what
  ///   `body` throws.
  public func forEachSweepPoint(
    sweepID: String, from first: Int = 1, limit: Int? = nil, _ body: (SweepPoint) throws -> Void
  ) throws {
    try read { db in
      _ = try Self.sweep(sweepID, in: db)
      let compact = try Row.fetchOne(
        db, sql: "SELECT number, base_inputs FROM sweeps WHERE id = ?", arguments: [sweepID])
      let limitClause = limit.map { " LIMIT \(max(0, $0))" } ?? ""
      guard let number = compact?["number"] as Int64?,
        let baseText = compact?["base_inputs"] as String?,
        let base = JSONValue(jsonText: baseText)
      else {
        // Recorded before version 5: its points are entries.
        let rows = try Row.fetchCursor(
          db, sql: "\(Self.selectSQL) WHERE e.sweep_id = ? ORDER BY e.id LIMIT ? OFFSET ?",
          arguments: [sweepID, limit ?? -1, first - 1])
        var index = first - 1
        while let row = try rows.next() {
          index += 1
          let entry = try Self.entry(from: row)
          guard let snapshot = entry.snapshot else { continue }
          try body(SweepPoint(index: index, snapshot: snapshot, figures: entry.figures))
        }
        return
      }
      let rows = try Row.fetchCursor(
        db,
        sql: "SELECT * FROM sweep_points WHERE sweep = ? AND point >= ? ORDER BY point"
          + limitClause,
        arguments: [number, first])
      while let row = try rows.next() {
        let index: Int = row["point"]
        let patchText: String = row["inputs"]
        guard let patch = JSONValue(jsonText: patchText) else {
          throw StoreError.database(reason: "point \(index) of sweep \(sweepID) has bad inputs")
        }
        let snapshot = try EntrySnapshot(
          jsonText: base.applyingMergePatch(patch).serialized(), entryID: Int64(index))
        var figures: [Figure] = []
        for column in FigureDefinition.sweepPointColumns {
          switch row[column.key] as DatabaseValue? {
          case let value? where value.isNull: continue
          case let value?:
            if let text = String.fromDatabaseValue(value) {
              figures.append(Figure(column, .text(text)))
            } else if column.isWholeNumber, let integer = Int.fromDatabaseValue(value) {
              figures.append(Figure(column, .integer(integer)))
            } else if let number = Double.fromDatabaseValue(value) {
              figures.append(Figure(column, .number(number)))
            }
          case nil: continue
          }
        }
        try body(SweepPoint(index: index, snapshot: snapshot, figures: figures))
      }
    }
  }

  /// Every sweep with its date and note, from its own columns or, for sweeps recorded before
  /// version 5, from its points.
  static let sweepSummarySQL = """
    SELECT s.id, s.recorded_at, s.scenario_id, s.grid, s.points,
      coalesce(s.as_of, p.as_of) AS as_of, coalesce(s.note, p.note) AS note
    FROM sweeps AS s
    LEFT JOIN (SELECT sweep_id, min(as_of) AS as_of, min(note) AS note FROM estimates
               WHERE sweep_id IS NOT NULL GROUP BY sweep_id) AS p ON p.sweep_id = s.id
    """

  static func sweep(_ id: String, in db: Database) throws -> SweepSummary {
    if let row = try Row.fetchOne(
      db, sql: "SELECT * FROM (\(sweepSummarySQL)) WHERE id = ?", arguments: [id])
    {
      return try sweepSummary(row)
    }
    let ids = try String.fetchAll(db, sql: "SELECT id FROM sweeps")
    throw StoreError.unknown(
      kind: "sweep", id: id, suggestions: Suggestions.closest(to: id, in: ids))
  }

  static func sweepSummary(_ row: Row) throws -> SweepSummary {
    let gridText: String = row["grid"]
    var axes: [String] = []
    if case .array(let values)? = JSONValue(jsonText: gridText) {
      for case .string(let axis) in values { axes.append(axis) }
    }
    let asOf: String = row["as_of"] ?? ""
    return SweepSummary(
      id: row["id"], scenarioID: row["scenario_id"], recordedAt: row["recorded_at"],
      asOf: try CalendarDate.parse(asOf), points: row["points"], grid: axes, note: row["note"])
  }
}

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
      let number =
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(number), 0) + 1 FROM sweeps") ?? 1
      let statement = try db.makeStatement(sql: SweepPointRecord.insertSQL)
      let encoder = JSONValueEncoder(memoizing: [ModelProfile.self, GPUProfile.self])
      var base: JSONValue?
      var count = 0
      while let point = try next() {
        let snapshot = try encoder.encode(point.snapshot)
        let patch = base.flatMap { JSONValue.mergePatch(from: $0, to: snapshot) } ?? .object([])
        if base == nil { base = snapshot }
        try statement.execute(
          arguments: try SweepPointRecord.arguments(
            point, sweep: number, index: count + 1, patch: patch))
        count += 1
        progress(count)
      }
      guard count > 0, let base else {
        throw StoreError.refused(reason: "the sweep has no points")
      }
      try db.execute(
        sql: SweepRecord.insertSQL,
        arguments: [
          sweep.id, clock().description, sweep.scenarioID,
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
      try SweepRecord.fetchAll(
        db,
        sql: """
          SELECT * FROM (\(SweepRecord.selectSQL)) AS s
          WHERE (?1 IS NULL OR s.scenario_id = ?1) AND (?2 IS NULL OR s.as_of >= ?2)
            AND (?3 IS NULL OR s.as_of <= ?3)
          ORDER BY s.as_of, s.recorded_at, s.id
          """,
        arguments: [scenarioID, since?.description, until?.description]
      ).map { try $0.summary() }
    }
  }

  /// One sweep.
  ///
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` for an unknown sweep.
  public func sweep(_ id: String) throws -> SweepSummary {
    try read { db in try Self.sweep(id, in: db).summary() }
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
      let sweep = try Self.sweep(sweepID, in: db)
      guard let number = sweep.number, let text = sweep.baseInputs,
        let base = JSONValue(jsonText: text)
      else {
        // Recorded before version 5: its points are entries.
        let rows = try EstimateRecord.fetchCursor(
          db,
          sql: "\(EstimateRecord.selectSQL) WHERE e.sweep_id = ? ORDER BY e.id LIMIT ? OFFSET ?",
          arguments: [sweepID, limit ?? -1, first - 1])
        var index = first - 1
        while let record = try rows.next() {
          index += 1
          let entry = try record.entry()
          guard let snapshot = entry.snapshot else { continue }
          try body(SweepPoint(index: index, snapshot: snapshot, figures: entry.figures))
        }
        return
      }
      let rows = try SweepPointRecord.fetchCursor(
        db,
        sql: "SELECT * FROM sweep_points WHERE sweep = ? AND point >= ? ORDER BY point LIMIT ?",
        arguments: [number, first, limit ?? -1])
      while let record = try rows.next() {
        try body(try record.point(base: base, sweepID: sweepID))
      }
    }
  }

  static func sweep(_ id: String, in db: Database) throws -> SweepRecord {
    if let record = try SweepRecord.fetchOne(
      db, sql: "SELECT * FROM (\(SweepRecord.selectSQL)) WHERE id = ?", arguments: [id])
    {
      return record
    }
    let ids = try String.fetchAll(db, sql: "SELECT id FROM sweeps")
    throw StoreError.unknown(
      kind: "sweep", id: id, suggestions: Suggestions.closest(to: id, in: ids))
  }
}

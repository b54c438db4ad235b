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
        try db.value(Int64.self, "SELECT coalesce(max(number), 0) + 1 FROM sweeps") ?? 1
      let encoder = JSONValueEncoder(memoizing: [ModelProfile.self, GPUProfile.self])
      var base: JSONValue?
      var count = 0
      try db.executeMany(SweepPointRecord.insertSQL) {
        if count > 0 { progress(count) }
        guard let point = try next() else { return nil }
        let snapshot = try encoder.encode(point.snapshot)
        let patch = base.flatMap { JSONValue.mergePatch(from: $0, to: snapshot) } ?? .object([])
        if base == nil { base = snapshot }
        count += 1
        return try SweepPointRecord.arguments(point, sweep: number, index: count, patch: patch)
      }
      guard count > 0, let base else {
        throw StoreError.refused(reason: "the sweep has no points")
      }
      try db.execute(
        SweepRecord.insertSQL,
        [
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
      var conditions: [String] = []
      var arguments: SQLArguments = []
      for (condition, value) in [
        ("s.scenario_id = ?", scenarioID), ("s.as_of >= ?", since?.description),
        ("s.as_of <= ?", until?.description),
      ] {
        guard let value else { continue }
        conditions.append(condition)
        arguments.append(value)
      }
      let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
      return try db.fetchAll(
        SweepRecord.self,
        "SELECT * FROM (\(SweepRecord.selectSQL)) AS s\(filter) ORDER BY s.as_of, s.recorded_at, s.id",
        arguments
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
        var index = first - 1
        try db.forEach(
          EstimateRecord.self,
          "\(EstimateRecord.selectSQL) WHERE e.sweep_id = ? ORDER BY e.id\(Self.limit(limit ?? Int.max)) "
            + "OFFSET ?", [sweepID, first - 1]
        ) { record in
          index += 1
          let entry = try record.entry()
          guard let snapshot = entry.snapshot else { return }
          try body(SweepPoint(index: index, snapshot: snapshot, figures: entry.figures))
        }
        return
      }
      try db.forEach(
        SweepPointRecord.self,
        "SELECT * FROM sweep_points WHERE sweep = ? AND point >= ? ORDER BY point"
          + Self.limit(limit), [number, first]
      ) { record in
        try body(try record.point(base: base, sweepID: sweepID))
      }
    }
  }

  /// A `LIMIT` clause, or none: what both backends read the same (SQLite takes `LIMIT -1` for
  /// no limit, PostgreSQL does not; SQLite needs a `LIMIT` before an `OFFSET`, so a legacy
  /// sweep's points are read with `LIMIT Int.max`).
  static func limit(_ limit: Int?) -> String {
    limit.map { " LIMIT \(max(0, $0))" } ?? ""
  }

  static func sweep(_ id: String, in db: SQLSession) throws -> SweepRecord {
    if let record = try db.fetchOne(
      SweepRecord.self, "SELECT * FROM (\(SweepRecord.selectSQL)) AS s WHERE id = ?", [id])
    {
      return record
    }
    let ids = try db.values(String.self, "SELECT id FROM sweeps")
    throw StoreError.unknown(
      kind: "sweep", id: id, suggestions: Suggestions.closest(to: id, in: ids))
  }
}

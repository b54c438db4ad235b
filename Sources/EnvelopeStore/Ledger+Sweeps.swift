import EnvelopeCore
import GRDB

extension Ledger {
  /// Records a sweep and all its points in one transaction: every point or, on any error or
  /// interruption, none.
  ///
  /// Points are pulled from `next` one at a time through one prepared statement, so a grid
  /// of a million points is recorded in constant memory. When `next` throws, the whole sweep
  /// is rolled back.
  ///
  /// - Parameters:
  ///   - id: The sweep's id, which every point carries as `sweep_id`.
  ///   - scenarioID: The scenario swept.
  ///   - grid: The grid's definition, as JSON.
  ///   - recordedAt: Now, UTC ISO 8601.
  ///   - next: Produces the next point, `nil` after the last; each must carry `sweepID == id`.
  ///   - progress: Called after each point with the number recorded so far.
  /// - Returns: How many points were recorded.
  /// - Throws: ``StoreError`` when the scenario is unknown, the sweep is empty, or a point is
  ///   refused, or what `next` throws; then nothing is recorded.
  public func recordSweep(
    id: String, scenarioID: String, grid: JSONValue, recordedAt: String,
    next: () throws -> NewLedgerEntry?, progress: (Int) -> Void = { _ in }
  ) throws -> Int {
    try write { db in
      _ = try Self.scenario(scenarioID, in: db)
      let statement = try db.makeStatement(sql: Self.insertSQL)
      var count = 0
      while let entry = try next() {
        guard entry.sweepID == id else {
          throw StoreError.refused(reason: "a point of sweep \(id) carries another sweep id")
        }
        try Self.insert(entry, with: statement, in: db, checked: false)
        count += 1
        progress(count)
      }
      guard count > 0 else { throw StoreError.refused(reason: "the sweep has no points") }
      try db.execute(
        sql:
          "INSERT INTO sweeps (id, recorded_at, scenario_id, grid, points) VALUES (?, ?, ?, ?, ?)",
        arguments: [id, recordedAt, scenarioID, grid.serialized(), count])
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
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT s.*, p.as_of, p.note FROM sweeps AS s
          JOIN (SELECT sweep_id, min(as_of) AS as_of, min(note) AS note FROM estimates
                WHERE sweep_id IS NOT NULL GROUP BY sweep_id) AS p ON p.sweep_id = s.id
          WHERE (?1 IS NULL OR s.scenario_id = ?1) AND (?2 IS NULL OR p.as_of >= ?2)
            AND (?3 IS NULL OR p.as_of <= ?3)
          ORDER BY p.as_of, s.recorded_at, s.id
          """,
        arguments: [scenarioID, since?.description, until?.description])
      return try rows.map { row in
        let gridText: String = row["grid"]
        let grid = JSONValue(jsonText: gridText)
        var axes: [String] = []
        if case .array(let values)? = grid {
          for case .string(let axis) in values { axes.append(axis) }
        }
        let asOf: String = row["as_of"]
        return SweepSummary(
          id: row["id"], scenarioID: row["scenario_id"], recordedAt: row["recorded_at"],
          asOf: try CalendarDate.parse(asOf), points: row["points"], grid: axes, note: row["note"])
      }
    }
  }
}

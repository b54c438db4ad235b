import EnvelopeCore
internal import GRDB

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

  /// The sweeps recorded, newest first: id, scenario, date, points.
  public func sweeps() throws -> [(id: String, scenarioID: String, recordedAt: String, points: Int)]
  {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM sweeps ORDER BY recorded_at DESC, id").map {
        (
          id: $0["id"], scenarioID: $0["scenario_id"], recordedAt: $0["recorded_at"],
          points: $0["points"]
        )
      }
    }
  }
}

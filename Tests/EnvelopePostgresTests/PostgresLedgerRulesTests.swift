import Testing

@testable import EnvelopePostgres

/// The guarantees the PostgreSQL schema keeps by itself, as the SQLite ledger's does: what is
/// recorded is never changed or removed, a correction names what it corrects and why, and the
/// checks refuse malformed rows.
@Suite(.needsServer)
struct PostgresLedgerRulesTests {
  struct ImmutableCase: CustomTestStringConvertible, Sendable {
    var table: String
    /// Inserts one row and returns its id.
    var insert: String
    var message: String
    var testDescription: String { table }
  }

  static let immutableCases: [ImmutableCase] = [
    ImmutableCase(
      table: "estimates",
      insert: """
        INSERT INTO estimates (recorded_at, as_of, kind, scenario_id, method, envelope_version,
          inputs, results, gpus_required)
        VALUES ('2026-05-01T12:00:00Z', '2026-05-01', 'serving', 'seed-chat', 'seed', 'test',
          '{"method": "seed"}', '{}', 3)
        RETURNING id
        """,
      message: "estimates are immutable: record a new entry that supersedes this one"),
    ImmutableCase(
      table: "actuals",
      insert: """
        INSERT INTO actuals (recorded_at, measured_on, scenario_id, metric, value,
          envelope_version)
        VALUES ('2026-05-01T12:00:00Z', '2026-05-01', 'seed-chat', 'trps', 12.5, 'test')
        RETURNING id
        """,
      message: "actuals are immutable: record a new measurement"),
    ImmutableCase(
      table: "measurements",
      insert: """
        INSERT INTO measurements (recorded_at, measured_on, model_id, gpu_id, precision,
          tensor_parallel, gpus, input_tokens, output_tokens, output_tokens_per_second,
          envelope_version)
        VALUES ('2026-05-01T12:00:00Z', '2026-05-01', 'seed-3b', 'a100-80gb', 'fp16', 1, 1,
          512, 128, 2400, 'test')
        RETURNING id
        """,
      message: "measurements are immutable: record a new measurement that supersedes this one"),
    ImmutableCase(
      table: "calibrations",
      insert: """
        INSERT INTO calibrations (recorded_at, gpu_id, factors, measurements, error_before,
          error_after, residuals, envelope_version)
        VALUES ('2026-05-01T12:00:00Z', 'a100-80gb', '{"bandwidth_efficiency": 0.8}', 1, 0.2,
          0.05, '[]', 'test')
        RETURNING id
        """,
      message: "calibrations are immutable: record a new calibration"),
  ]

  @Test(arguments: immutableCases)
  func recordedRowsCannotBeChangedOrRemoved(_ row: ImmutableCase) throws {
    try TestServer.withSession { session in
      try PostgresMigrator.migrate(session)
      let id = try #require(session.query(row.insert).rows.first?.first)
      let before = try session.query("SELECT * FROM \(row.table)")
      let refused = PostgresLedgerError.query(sqlState: "P0001", message: row.message)
      #expect(throws: refused) {
        try session.query("UPDATE \(row.table) SET recorded_at = recorded_at WHERE id = $1", [id])
      }
      #expect(throws: refused) {
        try session.query("DELETE FROM \(row.table) WHERE id = $1", [id])
      }
      #expect(throws: refused) { try session.query("TRUNCATE \(row.table) CASCADE") }
      #expect(try session.query("SELECT * FROM \(row.table)") == before)
    }
  }

  @Test func aCorrectionNeedsItsReasonAndCorrectsOneEntryOnce() throws {
    try TestServer.withSession { session in
      try PostgresMigrator.migrate(session)
      let insert = Self.immutableCases[0].insert
      let original = try #require(session.query(insert).rows.first?.first)
      func supersede(_ reason: PostgresValue) throws {
        try session.query(
          """
          INSERT INTO estimates (recorded_at, as_of, kind, scenario_id, method,
            envelope_version, inputs, results, supersedes, supersede_reason)
          VALUES ('2026-05-02T12:00:00Z', '2026-05-01', 'serving', 'seed-chat', 'seed', 'test',
            '{}', '{}', $1, $2)
          """, [original, reason])
      }
      let check = #expect(throws: PostgresLedgerError.self) { try supersede(.null) }
      #expect(check.map(\.sqlState) == "23514", "a CHECK refuses a correction without a reason")
      try supersede(.text("the DAU was a typo"))
      let twice = #expect(throws: PostgresLedgerError.self) { try supersede(.text("again")) }
      #expect(twice.map(\.sqlState) == "23505", "an entry is superseded at most once")
      // Only the correction is current.
      let current = try session.query("SELECT supersede_reason FROM current_estimates")
      #expect(current.rows == [[.text("the DAU was a typo")]])
      let missing = #expect(throws: PostgresLedgerError.self) {
        try session.query(
          """
          INSERT INTO estimates (recorded_at, as_of, kind, method, envelope_version, inputs,
            results, supersedes, supersede_reason)
          VALUES ('2026-05-02T12:00:00Z', '2026-05-01', 'serving', 'seed', 'test', '{}', '{}',
            999, 'no such entry')
          """)
      }
      #expect(missing.map(\.sqlState) == "23503", "a correction names an entry that exists")
    }
  }

  @Test(arguments: [
    RefusedStatement(
      why: "an id with a capital letter",
      sql: "INSERT INTO gpus (id, name) VALUES ('A100', 'A100')", sqlState: "23514"),
    RefusedStatement(
      why: "an id starting with a dot",
      sql: "INSERT INTO gpus (id, name) VALUES ('.a100', 'A100')", sqlState: "23514"),
    RefusedStatement(
      why: "a negative peak",
      sql: "INSERT INTO gpus (id, name, fp16_flops) VALUES ('x1', 'X', -1)", sqlState: "23514"),
    RefusedStatement(
      why: "a scenario on a GPU that does not exist",
      sql: """
        INSERT INTO scenarios (id, model_id, gpu_id, precision, daily_active_users,
          requests_per_user_per_day, request_bytes, response_bytes, profile_bytes,
          interaction_bytes)
        VALUES ('s', 'seed-3b', 'no-such-gpu', 'fp16', 1, 1, 0, 0, 0, 0)
        """, sqlState: "23503"),
    RefusedStatement(
      why: "a date that is not a calendar day",
      sql: """
        INSERT INTO actuals (recorded_at, measured_on, scenario_id, metric, value,
          envelope_version)
        VALUES ('2026-05-01T12:00:00Z', '2026-02-30', 'seed-chat', 'trps', 1, 'test')
        """, sqlState: "23514"),
    RefusedStatement(
      why: "a snapshot that is not a JSON object",
      sql: """
        INSERT INTO estimates (recorded_at, as_of, kind, method, envelope_version, inputs,
          results)
        VALUES ('2026-05-01T12:00:00Z', '2026-05-01', 'serving', 'seed', 'test', '[1]', '{}')
        """, sqlState: "23514"),
    RefusedStatement(
      why: "a snapshot that is not JSON",
      sql: """
        INSERT INTO estimates (recorded_at, as_of, kind, method, envelope_version, inputs,
          results)
        VALUES ('2026-05-01T12:00:00Z', '2026-05-01', 'serving', 'seed', 'test', '{', '{}')
        """, sqlState: "22P02"),
    RefusedStatement(
      why: "GPUs that are not whole replicas",
      sql: """
        INSERT INTO measurements (recorded_at, measured_on, model_id, gpu_id, precision,
          tensor_parallel, gpus, input_tokens, output_tokens, output_tokens_per_second,
          envelope_version)
        VALUES ('2026-05-01T12:00:00Z', '2026-05-01', 'seed-3b', 'a100-80gb', 'fp16', 2, 3,
          512, 128, 2400, 'test')
        """, sqlState: "23514"),
    RefusedStatement(
      why: "a shipped GPU a scenario uses cannot be removed",
      sql: "DELETE FROM gpus WHERE id = 'a100-80gb'", sqlState: "23503"),
  ])
  func theSchemaRefusesMalformedRows(_ row: RefusedStatement) throws {
    try TestServer.withSession { session in
      try PostgresMigrator.migrate(session)
      let error = #expect(throws: PostgresLedgerError.self) { try session.query(row.sql) }
      #expect(error.map(\.sqlState) == row.sqlState, "\(String(describing: error))")
    }
  }
}

import Testing

@testable import EnvelopePostgres

/// `envelope sql`'s path on PostgreSQL: the server itself refuses every write, whatever shape
/// it takes, even for a superuser; nothing here parses the SQL.
@Suite(.needsServer)
struct PostgresReadOnlyTests {
  /// 25006 is read_only_sql_transaction; 25001, active_sql_transaction, is PostgreSQL's answer
  /// to changing the mode once the transaction has run a query.
  static let writes: [RefusedStatement] = [
    RefusedStatement(
      why: "INSERT",
      sql: "INSERT INTO gpus (id, name) VALUES ('sneaky', 'Sneaky')", sqlState: "25006"),
    RefusedStatement(why: "UPDATE", sql: "UPDATE gpus SET notes = 'changed'", sqlState: "25006"),
    RefusedStatement(
      why: "a CTE with DELETE",
      sql: "WITH gone AS (DELETE FROM gpus RETURNING id) SELECT count(*) FROM gone",
      sqlState: "25006"),
    RefusedStatement(
      why: "SET TRANSACTION READ WRITE", sql: "SET TRANSACTION READ WRITE", sqlState: "25001"),
    RefusedStatement(
      why: "set_config of transaction_read_only",
      sql: "SELECT set_config('transaction_read_only', 'off', true)", sqlState: "25001"),
    RefusedStatement(
      why: "a volatile function that deletes",
      sql: "SELECT envelope_test_purge_gpus()", sqlState: "25006"),
    RefusedStatement(why: "CREATE TABLE", sql: "CREATE TABLE stolen (id int)", sqlState: "25006"),
    RefusedStatement(why: "DROP VIEW", sql: "DROP VIEW estimate_summary", sqlState: "25006"),
    RefusedStatement(
      why: "nextval", sql: "SELECT nextval('envelope_test_counter')", sqlState: "25006"),
    RefusedStatement(
      why: "two statements", sql: "SELECT 1; DELETE FROM gpus", sqlState: "42601"),
  ]

  @Test(arguments: writes)
  func aWriteIsRefusedByTheServer(_ row: RefusedStatement) throws {
    try TestServer.withSession { session in
      try PostgresMigrator.migrate(session)
      // Made beforehand, as the superuser, outside the read-only path: a function that writes
      // when called, and a sequence.
      try session.query(
        """
        CREATE FUNCTION envelope_test_purge_gpus() RETURNS bigint LANGUAGE sql VOLATILE
        AS 'DELETE FROM gpus WHERE id NOT IN (SELECT gpu_id FROM scenarios) RETURNING 1::bigint'
        """)
      try session.query("CREATE SEQUENCE envelope_test_counter")
      let before = try session.query("SELECT * FROM gpus ORDER BY id")
      let error = #expect(throws: PostgresLedgerError.self) {
        try session.readOnlyQuery(row.sql)
      }
      #expect(error.map(\.sqlState) == row.sqlState, "\(String(describing: error))")
      // Nothing changed, and the session is usable and back outside any transaction.
      #expect(try session.query("SELECT * FROM gpus ORDER BY id") == before)
      #expect(try session.query("SELECT count(*) FROM estimate_summary").rows == [[.integer(0)]])
      #expect(try session.query("SELECT to_regclass('stolen') IS NULL").rows == [[.bool(true)]])
      #expect(
        try session.query("SELECT last_value, is_called FROM envelope_test_counter").rows == [
          [.integer(1), .bool(false)]
        ])
      #expect(try session.query("SHOW transaction_read_only").rows == [[.text("off")]])
    }
  }

  @Test func aReadGivesItsColumnsAndRowsAndLeavesNoTransactionOpen() throws {
    try TestServer.withSession { session in
      try PostgresMigrator.migrate(session)
      let result = try session.readOnlyQuery(
        "SELECT id, memory_bytes FROM gpus WHERE id = $1", [.text("a100-80gb")])
      #expect(result.columns == ["id", "memory_bytes"])
      #expect(result.rows == [[.text("a100-80gb"), .integer(85_899_345_920)]])
      let empty = try session.readOnlyQuery("SELECT id FROM gpus WHERE false")
      #expect(empty.columns == ["id"])
      #expect(empty.rows.isEmpty)
      // The next statement runs in a transaction of its own, able to write.
      #expect(try session.query("SHOW transaction_read_only").rows == [[.text("off")]])
      try session.query("INSERT INTO gpus (id, name) VALUES ('after', 'After')")
    }
  }
}

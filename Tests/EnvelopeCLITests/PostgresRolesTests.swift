import Foundation
import Testing

/// The roles README recommends for a team ledger: a writer that owns the ledger, and
/// `envelope_reader`, granted only `SELECT`, that `envelope sql` runs as.
@Suite(
  .enabled(
    if: TestServer.url != nil, "needs ENVELOPE_TEST_POSTGRES_URL (make test starts a server)"))
struct PostgresRolesTests {
  @Test func sqlRunsAsTheReadingRoleAndTheServerRefusesItsWrites() throws {
    let writer = "envelope_writer_" + UUID().uuidString.prefix(8).lowercased()
    let database = try TestServer.createDatabase()
    try TestServer.psql("CREATE ROLE \(writer) LOGIN PASSWORD 'writer-secret'")
    defer {
      try? TestServer.dropDatabase(database)
      _ = try? TestServer.psql("DROP ROLE IF EXISTS \(writer)")
      _ = try? TestServer.psql("DROP ROLE IF EXISTS envelope_reader")
    }
    try TestServer.psql("ALTER DATABASE \(database) OWNER TO \(writer)")
    let port = try TestServer.psql("SHOW port").trimmingCharacters(in: .whitespacesAndNewlines)
    let url = "postgresql://\(writer):writer-secret@127.0.0.1:\(port)/\(database)"
    let sandbox = try Sandbox(ledger: false)
    #expect(try sandbox.run(["ledger", "init", "--db", url]).status == 0)
    try sandbox.run(["estimate", "seed-chat", "--db", url])
    // Without the reading role, sql runs as the writer, still in a read-only transaction.
    let asWriter = try sandbox.run([
      "sql", "SELECT current_user AS who", "--db", url, "--format", "csv",
    ])
    #expect(asWriter.stdout == "who\n\(writer)\n", "\(asWriter.stderr)")
    // The operator's grants, as README gives them.
    _ = try? TestServer.psql("CREATE ROLE envelope_reader NOLOGIN")
    try TestServer.psql(
      """
      GRANT USAGE ON SCHEMA public TO envelope_reader;
      GRANT SELECT ON ALL TABLES IN SCHEMA public TO envelope_reader;
      GRANT envelope_reader TO \(writer);
      CREATE FUNCTION forget() RETURNS bigint LANGUAGE sql
        AS 'DELETE FROM actuals RETURNING 1';
      """, database: database)
    let asReader = try sandbox.run([
      "sql", "SELECT current_user AS who, count(*) AS n FROM estimates", "--db", url,
      "--format", "csv",
    ])
    #expect(asReader.stdout == "who,n\nenvelope_reader,1\n", "\(asReader.stderr)")
    for write in [
      "INSERT INTO actuals (recorded_at) VALUES ('x')",
      "WITH gone AS (DELETE FROM estimates RETURNING id) SELECT count(*) FROM gone",
      "SELECT forget()",
    ] {
      let refused = try sandbox.run(["sql", write, "--db", url])
      #expect(refused.status == 1, "\(write)")
      #expect(refused.stderr.contains("envelope sql only reads"), "\(write): \(refused.stderr)")
    }
    #expect(
      try sandbox.run([
        "sql", "SELECT count(*) AS n FROM estimates", "--db", url, "--format", "csv",
      ])
      .stdout == "n\n1\n")
  }
}

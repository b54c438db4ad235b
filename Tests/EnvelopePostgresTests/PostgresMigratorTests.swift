import Foundation
import Synchronization
import Testing

@testable import EnvelopePostgres

/// The PostgreSQL ledger's migrations on a real server, each test in a database of its own.
@Suite(.needsServer)
struct PostgresMigratorTests {
  /// What a refused migration must leave as it was: the recorded migrations and every table,
  /// view, column and trigger of the database.
  func schema(_ session: PostgresSession) throws -> PostgresResult {
    try session.query(
      """
      SELECT c.relname::text, c.relkind::text, a.attname::text, a.atttypid::bigint
      FROM pg_class AS c
      JOIN pg_namespace AS n ON n.oid = c.relnamespace AND n.nspname = 'public'
      LEFT JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      UNION ALL
      SELECT t.tgname::text, 'trigger', NULL, NULL FROM pg_trigger AS t WHERE NOT t.tgisinternal
      ORDER BY 1, 2, 3
      """)
  }

  func records(_ session: PostgresSession) throws -> [PostgresMigrator.Record] {
    try PostgresMigrator.appliedMigrations(session)
  }

  @Test func aFreshDatabaseGetsEveryVersionAndASecondRunIsANoOp() throws {
    try TestServer.withSession { session in
      #expect(try records(session).isEmpty)
      #expect(try PostgresMigrator.migrate(session) == Array(1...12))
      #expect(PostgresMigration.latestVersion == 12)
      let applied = try records(session)
      #expect(applied.map(\.version) == Array(1...12))
      #expect(
        applied.map(\.name) == [
          "initial", "shipped_catalogue", "actuals_and_sweeps", "plans", "compact_sweeps",
          "catalogue_efficiencies", "serving_model", "measurements", "entry_calibration",
          "all_reduce_bandwidth", "matmul_throughput", "communication_efficiency",
        ])
      #expect(applied.map(\.checksum) == PostgresMigration.embedded.map(\.checksum))
      let before = try schema(session)
      #expect(try PostgresMigrator.migrate(session) == [])
      #expect(try schema(session) == before)
      #expect(try records(session) == applied)
      // Each applied_at is the time of applying, in the ledger's ISO 8601 form.
      let stamps = try session.query("SELECT applied_at FROM envelope_migrations").rows
      #expect(stamps.count == 12)
      for case .text(let stamp) in stamps.joined() {
        #expect(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "\(stamp)")
      }
    }
  }

  /// Two first runs at once: both wait for the lock after finding an empty database, one
  /// applies everything, the other then finds nothing to do.
  @Test func twoConcurrentMigrationsBothSucceedAndApplyEachVersionOnce() throws {
    try TestServer.withDatabase { location in
      let holder = try PostgresSession.connect(to: location)
      defer { holder.close() }
      // Hold the migrator's lock so that both migrators are surely past their first look and
      // waiting when it is released.
      try holder.query("SELECT pg_advisory_lock($1)", [.integer(PostgresMigrator.lockKey)])
      let outcomes = Outcomes()
      let finished = DispatchGroup()
      for _ in 0..<2 {
        finished.enter()
        Thread.detachNewThread {
          defer { finished.leave() }
          let outcome = Result<[Int], any Error> {
            let session = try PostgresSession.connect(to: location)
            defer { session.close() }
            return try PostgresMigrator.migrate(session)
          }
          outcomes.list.withLock { $0.append(outcome) }
        }
      }
      try waitForAdvisoryLockWaiters(2, session: holder)
      try holder.query("SELECT pg_advisory_unlock($1)", [.integer(PostgresMigrator.lockKey)])
      #expect(finished.wait(timeout: .now() + 60) == .success)
      let applied = outcomes.list.withLock { $0.map { try? $0.get() } }
      #expect(applied.count == 2)
      #expect(applied.contains { $0 == Array(1...12) }, "\(applied)")
      #expect(applied.contains { $0 == [] }, "\(applied)")
      let versions = try holder.query(
        "SELECT version, count(*) FROM envelope_migrations GROUP BY version ORDER BY version")
      #expect(versions.rows == (1...12).map { [.integer(Int64($0)), .integer(1)] })
    }
  }

  /// What the concurrent migrators returned, gathered from their threads.
  final class Outcomes: Sendable {
    let list = Mutex<[Result<[Int], any Error>]>([])
  }

  /// Waits until `count` sessions wait for the migrator's advisory lock.
  func waitForAdvisoryLockWaiters(_ count: Int, session: PostgresSession) throws {
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline {
      let waiting = try session.query(
        """
        SELECT count(*) FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted AND database = (
          SELECT oid FROM pg_database WHERE datname = current_database())
        """)
      if waiting.rows == [[.integer(Int64(count))]] { return }
      Thread.sleep(forTimeInterval: 0.02)
    }
    Issue.record("\(count) migrators never waited for the lock")
  }

  @Test func anAlteredMigrationIsRefusedAndTheDatabaseLeftAsItWas() throws {
    try TestServer.withSession { session in
      try PostgresMigrator.migrate(session)
      try session.query(
        "UPDATE envelope_migrations SET checksum = repeat('0', 64) WHERE version = 4")
      // Version 9 now looks pending: applying it before refusing would fail differently
      // (calibration_id exists) or change the schema.
      try session.query("DELETE FROM envelope_migrations WHERE version = 9")
      let before = try schema(session)
      let records = try records(session)
      #expect(
        throws: PostgresLedgerError.checksumMismatch(
          database: session.location.database, version: 4, name: "plans")
      ) { try PostgresMigrator.migrate(session) }
      #expect(try schema(session) == before)
      #expect(try self.records(session) == records)
    }
  }

  @Test func aLedgerFromANewerEnvelopeIsRefusedAndLeftAsItWas() throws {
    try TestServer.withSession { session in
      try PostgresMigrator.migrate(session)
      try session.query(
        "INSERT INTO envelope_migrations (version, name, checksum) VALUES (13, 'future', 'x')")
      let before = try schema(session)
      #expect(
        throws: PostgresLedgerError.newerSchema(
          database: session.location.database, version: 13, known: 12)
      ) { try PostgresMigrator.migrate(session) }
      #expect(try schema(session) == before)
      #expect(try records(session).map(\.version) == Array(1...13))
    }
  }

  @Test func aDatabaseHoldingOtherTablesIsNotALedgerAndIsLeftAlone() throws {
    try TestServer.withSession { session in
      try session.query("CREATE TABLE customers (id bigint PRIMARY KEY, name text)")
      try session.query("INSERT INTO customers VALUES (1, 'Ada')")
      let before = try schema(session)
      let error = PostgresLedgerError.notALedger(database: session.location.database)
      #expect(throws: error) { try PostgresMigrator.migrate(session) }
      #expect(try schema(session) == before)
      #expect(
        try session.query("SELECT to_regclass('envelope_migrations') IS NULL").rows == [
          [.bool(true)]
        ])
      #expect(try session.query("SELECT name FROM customers").rows == [[.text("Ada")]])
      #expect(error.description.contains("refusing to touch it"))
    }
  }
}

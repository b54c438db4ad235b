/// Brings a PostgreSQL database up to this build's ledger schema, as the SQLite ledger's
/// migrations do a file.
///
/// `envelope_migrations` records each applied migration's version, name and SHA-256. A database
/// whose record holds a migration this build does not know ("written by a newer Envelope") or one
/// whose checksum differs is refused, untouched; so is a database that holds tables but no
/// `envelope_migrations`. Pending migrations are applied each in its own transaction, under a
/// session-level advisory lock (`pg_advisory_lock`) with a fixed key, so that two first runs at
/// once apply each migration once: the second waits, then finds nothing left to do. The lock is
/// per database; ledgers in other databases do not wait for it.
public enum PostgresMigrator {
  /// The advisory lock's key: "ENVF", as the SQLite ledger's application_id.
  public static let lockKey: Int64 = 0x454E_5646

  /// One applied migration as `envelope_migrations` records it.
  public struct Record: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var checksum: String
  }

  /// Checks the database's applied migrations, then applies the pending ones.
  ///
  /// - Parameters:
  ///   - session: A session as a role that may create tables in the current schema.
  ///   - read: The applied migrations when the caller has just read them, to save reading them
  ///     again.
  /// - Returns: The versions this call applied, in order (empty when up to date).
  /// - Throws: ``PostgresLedgerError/notALedger(database:)``,
  ///   ``PostgresLedgerError/newerSchema(database:version:known:)``,
  ///   ``PostgresLedgerError/checksumMismatch(database:version:name:)`` (the database untouched),
  ///   or a failing migration's error (that migration rolled back).
  @discardableResult
  public static func migrate(_ session: PostgresSession, applied read: [Record]? = nil) throws
    -> [Int]
  {
    let known = PostgresMigration.embedded
    let database = session.location.database
    // Up to date: nothing to wait for. Read without the lock, the database may be half-way
    // through another process's migrations (tables there, envelope_migrations not yet
    // committed), so anything short of up to date is decided again under the lock.
    if let found = read ?? (try? appliedMigrations(session)), found.count == known.count {
      try verify(found, database: database)
      return []
    }
    try session.query("SELECT pg_advisory_lock($1)", [.integer(lockKey)])
    defer { _ = try? session.query("SELECT pg_advisory_unlock($1)", [.integer(lockKey)]) }
    // Under the lock no other migrator is at work; one may have finished while we waited.
    let applied = try appliedMigrations(session)
    try verify(applied, database: database)
    let current = applied.last?.version ?? 0
    var versions: [Int] = []
    for migration in known where migration.version > current {
      try session.transaction {
        try session.query(
          """
          CREATE TABLE IF NOT EXISTS envelope_migrations (
            version bigint PRIMARY KEY NOT NULL,
            name text COLLATE "C" NOT NULL,
            checksum text COLLATE "C" NOT NULL,
            applied_at text COLLATE "C" NOT NULL
              DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
          )
          """)
        try session.run(script: migration.sql)
        try session.query(
          "INSERT INTO envelope_migrations (version, name, checksum) VALUES ($1, $2, $3)",
          [.integer(Int64(migration.version)), .text(migration.name), .text(migration.checksum)])
      }
      versions.append(migration.version)
    }
    return versions
  }

  /// The migrations `envelope_migrations` records, in order; empty for an empty database.
  ///
  /// - Throws: ``PostgresLedgerError/notALedger(database:)`` when the current schema holds
  ///   tables, views or sequences but no `envelope_migrations`.
  public static func appliedMigrations(_ session: PostgresSession) throws -> [Record] {
    let table = try session.query("SELECT to_regclass('envelope_migrations') IS NOT NULL")
    guard table.rows == [[.bool(true)]] else {
      let objects = try session.query(
        """
        SELECT count(*) FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p', 'f', 'S')
        """)
      guard objects.rows == [[.integer(0)]] else {
        throw PostgresLedgerError.notALedger(database: session.location.database)
      }
      return []
    }
    return try session.query(
      "SELECT version, name, checksum FROM envelope_migrations ORDER BY version"
    ).rows.map { row in
      guard case .integer(let version) = row[0], case .text(let name) = row[1],
        case .text(let checksum) = row[2]
      else { throw PostgresLedgerError.notALedger(database: session.location.database) }
      return Record(version: Int(version), name: name, checksum: checksum)
    }
  }

  /// Refuses migrations this build does not carry or carries with other contents.
  ///
  /// - Parameters:
  ///   - applied: What the database records.
  ///   - database: The database's name, for messages.
  /// - Throws: ``PostgresLedgerError/newerSchema(database:version:known:)`` or
  ///   ``PostgresLedgerError/checksumMismatch(database:version:name:)``.
  public static func verify(_ applied: [Record], database: String) throws {
    let known = PostgresMigration.embedded
    for (offset, record) in applied.enumerated() {
      guard offset < known.count else {
        throw PostgresLedgerError.newerSchema(
          database: database, version: applied.last?.version ?? record.version,
          known: PostgresMigration.latestVersion)
      }
      guard known[offset].version == record.version, known[offset].checksum == record.checksum
      else {
        throw PostgresLedgerError.checksumMismatch(
          database: database, version: record.version, name: record.name)
      }
    }
  }
}

internal import GRDB

extension Ledger {
  /// Checks that `db` is an Envelope ledger this binary understands, then applies the pending
  /// migrations, each in its own immediate transaction, recording its checksum; then switches
  /// a file to write-ahead logging.
  ///
  /// - Parameters:
  ///   - db: The connection.
  ///   - path: The file's path, for messages.
  ///   - wal: Whether to switch to write-ahead logging (a file's ledger; not one in memory).
  /// - Throws: ``StoreError`` for a file that is not a ledger, a newer schema, or an altered
  ///   migration; the file is untouched in each case.
  static func migrate(_ db: Database, path: String, wal: Bool) throws {
    var applied = try appliedMigrations(db, path: path)
    try verify(applied, path: path)
    for migration in Migration.embedded where migration.version > applied.count {
      try db.inTransaction(.immediate) {
        // Another process may have applied it between our read and our lock.
        applied = try appliedMigrations(db, path: path)
        try verify(applied, path: path)
        guard migration.version > applied.count else { return .commit }
        try db.execute(
          sql: """
            CREATE TABLE IF NOT EXISTS envelope_migrations (
              version INTEGER PRIMARY KEY NOT NULL,
              name TEXT NOT NULL,
              checksum TEXT NOT NULL,
              applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
            ) STRICT
            """)
        try db.execute(sql: migration.sql)
        try db.execute(
          sql: "INSERT INTO envelope_migrations (version, name, checksum) VALUES (?, ?, ?)",
          arguments: [migration.version, migration.name, migration.checksum])
        return .commit
      }
    }
    guard wal else { return }
    let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
    if mode.lowercased() != "wal" {
      do {
        try db.execute(sql: "PRAGMA journal_mode = WAL")
      } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
        // A read-only file can still be read; writes will report it.
      }
    }
  }

  /// The migrations recorded in `db`, in order; empty for a new file.
  ///
  /// - Throws: ``StoreError/notALedger(path:)`` when the file holds something else.
  static func appliedMigrations(_ db: Database, path: String) throws -> [(
    version: Int, name: String, checksum: String
  )] {
    let applicationID = try Int.fetchOne(db, sql: "PRAGMA application_id") ?? 0
    guard try db.tableExists("envelope_migrations") else {
      let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema") ?? 0
      if objects > 0 || (applicationID != 0 && applicationID != Ledger.applicationID) {
        throw StoreError.notALedger(path: path)
      }
      return []
    }
    guard applicationID == Ledger.applicationID else { throw StoreError.notALedger(path: path) }
    return try Row.fetchAll(
      db, sql: "SELECT version, name, checksum FROM envelope_migrations ORDER BY version"
    ).map { (version: $0["version"], name: $0["name"], checksum: $0["checksum"]) }
  }

  /// Refuses migrations this binary does not carry or carries with other contents.
  static func verify(
    _ applied: [(version: Int, name: String, checksum: String)], path: String
  ) throws {
    for (offset, record) in applied.enumerated() {
      guard offset < Migration.embedded.count else {
        throw StoreError.newerSchema(
          path: path, version: applied.last?.version ?? record.version,
          known: Migration.latestVersion)
      }
      let known = Migration.embedded[offset]
      guard known.version == record.version, known.checksum == record.checksum else {
        throw StoreError.checksumMismatch(path: path, version: record.version, name: record.name)
      }
    }
  }

  /// Problems with the applied migrations: an unknown or altered one; empty when all is well.
  public func migrationProblems() throws -> [String] {
    if case .server(let server) = backend { return try server.problems() }
    return try read { session in
      do {
        guard let db = session.sqlite else { return [] }
        try Self.verify(try Self.appliedMigrations(db, path: path), path: path)
        return []
      } catch let error as StoreError {
        return [error.description]
      }
    }
  }
}

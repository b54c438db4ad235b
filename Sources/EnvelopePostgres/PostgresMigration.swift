/// One forward-only schema step of the PostgreSQL ledger, as a file in `migrations/postgresql/`
/// holds it: the same versions and names as the SQLite ledger's.
public struct PostgresMigration: Sendable {
  /// The file's number: `0002_shipped_catalogue.sql` is version 2.
  public var version: Int
  /// The file's name after the number: `shipped_catalogue`.
  public var name: String
  /// SHA-256 of the file's bytes, in hex, recorded with the migration when it is applied.
  public var checksum: String
  /// The file's SQL.
  public var sql: String

  /// The latest schema version this build knows.
  public static var latestVersion: Int { embedded.last?.version ?? 0 }
}

/// One forward-only schema step, as a file in `migrations/sqlite/` holds it.
struct Migration: Sendable {
  /// The file's number: `0002_shipped_catalogue.sql` is version 2.
  var version: Int
  /// The file's name after the number: `shipped_catalogue`.
  var name: String
  /// SHA-256 of the file's bytes, in hex, recorded with the migration when it is applied.
  var checksum: String
  /// The file's SQL.
  var sql: String

  /// The latest schema version this binary knows.
  static var latestVersion: Int { embedded.last?.version ?? 0 }
}

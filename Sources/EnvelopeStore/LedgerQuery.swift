import Foundation
internal import GRDBSQLite

/// A value read by ``LedgerQuery``.
public enum SQLValue: Sendable, Equatable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  case blob([UInt8])
}

/// Plain SQL against the ledger on a connection SQLite itself opens read-only.
///
/// The connection is opened with `SQLITE_OPEN_READONLY`; an authorizer refuses every write,
/// schema change, `ATTACH`, `DETACH`, transaction control and any `PRAGMA` but a fixed list of
/// reading ones; the number of attached databases is limited to zero (which also stops
/// `VACUUM INTO`); and a statement SQLite does not call read-only is refused before it runs.
/// None of it depends on reading the SQL's keywords.
public final class LedgerQuery: LedgerReader {
  /// The file's path.
  public let path: String
  private var connection: OpaquePointer?

  /// Pragmas that only read and may be run through `envelope sql`.
  static let readingPragmas: Set<String> = [
    "application_id", "collation_list", "compile_options", "database_list", "encoding",
    "foreign_key_check", "foreign_key_list", "foreign_keys", "freelist_count", "function_list",
    "index_info", "index_list", "index_xinfo", "integrity_check", "journal_mode", "module_list",
    "page_count", "page_size", "pragma_list", "quick_check", "schema_version", "table_info",
    "table_list", "table_xinfo", "user_version",
  ]

  /// Opens `path` read-only.
  ///
  /// - Throws: ``StoreError/missingDatabase(path:)`` when there is no file,
  ///   ``StoreError/cannotOpen(path:reason:)`` when SQLite cannot open it.
  public init(path: String) throws {
    self.path = path
    guard FileManager.default.fileExists(atPath: path) else {
      throw StoreError.missingDatabase(path: path)
    }
    var handle: OpaquePointer?
    let status = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
    guard status == SQLITE_OK, let handle else {
      let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "error \(status)"
      sqlite3_close(handle)
      throw StoreError.cannotOpen(path: path, reason: message)
    }
    sqlite3_busy_timeout(handle, 10_000)
    // Reading the schema makes SQLite check the file's header now, so a file that is not a
    // database fails here even for a query that reads no table (`SELECT 1`).
    var probe: OpaquePointer?
    var probed = sqlite3_prepare_v2(handle, "SELECT count(*) FROM sqlite_schema", -1, &probe, nil)
    if probed == SQLITE_OK { probed = sqlite3_step(probe) }
    sqlite3_finalize(probe)
    guard probed == SQLITE_ROW else {
      let message = String(cString: sqlite3_errmsg(handle))
      let code = sqlite3_errcode(handle)
      sqlite3_close(handle)
      if code == SQLITE_NOTADB { throw StoreError.notADatabase(path: path) }
      if code == SQLITE_CORRUPT { throw StoreError.corrupt(path: path, reason: message) }
      throw StoreError.cannotOpen(path: path, reason: message)
    }
    connection = handle
    sqlite3_limit(handle, SQLITE_LIMIT_ATTACHED, 0)
    sqlite3_set_authorizer(handle, authorize, nil)
  }

  deinit {
    sqlite3_close_v2(connection)
  }

  /// The tables and views of the file, with their SQL.
  public let schemaQuery = """
    SELECT type, name, sql FROM sqlite_schema
    WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'
    ORDER BY type, name
    """

  /// Runs one statement, binding named parameters, and streams each row to `row`.
  ///
  /// - Parameters:
  ///   - sql: One SQL statement.
  ///   - parameters: Values for `:name`, `@name` or `$name` parameters, by name without prefix.
  ///   - columns: Called once with the result's column names before the first row.
  ///   - row: Called with each row's values.
  /// - Throws: ``StoreError/query(reason:)`` for SQL that fails or writes,
  ///   ``StoreError/unboundParameter(name:)`` for a parameter without a value.
  public func run(
    _ sql: String, parameters: [String: String] = [:], columns: ([String]) throws -> Void,
    row: ([SQLValue]) throws -> Void
  ) throws {
    var statement: OpaquePointer?
    var tail: UnsafePointer<CChar>?
    let utf8 = Array(sql.utf8CString)
    let prepared = utf8.withUnsafeBufferPointer { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return SQLITE_MISUSE }
      let status = sqlite3_prepare_v2(connection, base, -1, &statement, &tail)
      if status == SQLITE_OK, let tail {
        let rest = String(cString: tail).trimmingCharacters(
          in: .whitespacesAndNewlines.union(.init(charactersIn: ";")))
        if !rest.isEmpty { return SQLITE_TOOBIG }
      }
      return status
    }
    defer { sqlite3_finalize(statement) }
    if prepared == SQLITE_TOOBIG {
      throw StoreError.query(reason: "envelope sql runs one statement at a time")
    }
    guard prepared == SQLITE_OK else {
      if prepared == SQLITE_AUTH {
        throw StoreError.query(
          reason: "envelope sql only reads; SQLite refused the statement (\(lastError())) and "
            + "the ledger was not changed")
      }
      throw StoreError.query(reason: lastError())
    }
    guard let statement else { throw StoreError.query(reason: "the SQL holds no statement") }
    guard sqlite3_stmt_readonly(statement) != 0 else {
      throw StoreError.query(reason: "envelope sql only reads; the ledger was not changed")
    }
    try bind(parameters, to: statement)
    let count = Int(sqlite3_column_count(statement))
    try columns((0..<count).map { String(cString: sqlite3_column_name(statement, Int32($0))) })
    while true {
      let status = sqlite3_step(statement)
      if status == SQLITE_DONE { break }
      guard status == SQLITE_ROW else { throw StoreError.query(reason: lastError()) }
      var values: [SQLValue] = []
      values.reserveCapacity(count)
      for index in 0..<Int32(count) {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(statement, index)))
        case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(statement, index)))
        case SQLITE_TEXT:
          values.append(.text(String(cString: sqlite3_column_text(statement, index))))
        case SQLITE_BLOB:
          let length = Int(sqlite3_column_bytes(statement, index))
          if let bytes = sqlite3_column_blob(statement, index) {
            values.append(.blob(Array(UnsafeRawBufferPointer(start: bytes, count: length))))
          } else {
            values.append(.blob([]))
          }
        default: values.append(.null)
        }
      }
      try row(values)
    }
  }

  /// The query plan of a statement, one line per step (`EXPLAIN QUERY PLAN`).
  public func plan(_ sql: String, parameters: [String: String] = [:]) throws -> [String] {
    var lines: [String] = []
    try run(
      "EXPLAIN QUERY PLAN " + sql, parameters: parameters, columns: { _ in },
      row: { values in
        if case .text(let detail) = values.last { lines.append(detail) }
      })
    return lines
  }

  private func bind(_ parameters: [String: String], to statement: OpaquePointer) throws {
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    var used: Set<String> = []
    for index in 1...max(1, sqlite3_bind_parameter_count(statement))
    where index <= sqlite3_bind_parameter_count(statement) {
      guard let cName = sqlite3_bind_parameter_name(statement, index) else {
        throw StoreError.query(
          reason: "positional parameters (?) cannot be bound; name them, like :scenario")
      }
      let name = String(cString: cName)
      let key = String(name.dropFirst())
      guard let value = parameters[key] else { throw StoreError.unboundParameter(name: name) }
      used.insert(key)
      if let integer = Int64(value) {
        sqlite3_bind_int64(statement, index, integer)
      } else if let real = Double(value), real.isFinite {
        sqlite3_bind_double(statement, index, real)
      } else {
        sqlite3_bind_text(statement, index, value, -1, transient)
      }
    }
    if let unused = parameters.keys.sorted().first(where: { !used.contains($0) }) {
      throw StoreError.query(reason: "parameter '\(unused)' is not used by the statement")
    }
  }

  private func lastError() -> String {
    String(cString: sqlite3_errmsg(connection))
  }
}

/// Allows reads, refuses everything that could change a file or the connection.
private func authorize(
  _: UnsafeMutableRawPointer?, action: Int32, first: UnsafePointer<CChar>?,
  second: UnsafePointer<CChar>?, _: UnsafePointer<CChar>?, _: UnsafePointer<CChar>?
) -> Int32 {
  switch action {
  case SQLITE_SELECT, SQLITE_READ, SQLITE_FUNCTION, SQLITE_RECURSIVE:
    return SQLITE_OK
  case SQLITE_PRAGMA:
    guard let first else { return SQLITE_DENY }
    let name = String(cString: first).lowercased()
    let assigns =
      second != nil
      && ![
        "table_info", "table_xinfo", "index_info", "index_xinfo",
        "index_list", "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check",
        "table_list",
      ].contains(name)
    return LedgerQuery.readingPragmas.contains(name) && !assigns ? SQLITE_OK : SQLITE_DENY
  default:
    return SQLITE_DENY
  }
}

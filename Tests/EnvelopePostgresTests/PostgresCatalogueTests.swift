import EnvelopeStore
import Foundation
import Testing

@testable import EnvelopePostgres

/// Both backends make the same ledger: the same tables and views with the same columns, and the
/// same shipped catalogue (every GPU, model and scenario with the same values, column by column).
@Suite(.needsServer)
struct PostgresCatalogueTests {
  /// One table's rows by id, each a map from column to value, `updated_at` left out (the time
  /// each ledger was made).
  typealias Rows = [String: [String: SQLValue]]

  func sqliteRows(_ table: String, ledger path: String) throws -> Rows {
    let query = try LedgerQuery(path: path)
    var names: [String] = []
    var rows: Rows = [:]
    try query.run(
      "SELECT * FROM \(table)", columns: { names = $0 },
      row: { values in
        var row = Dictionary(uniqueKeysWithValues: zip(names, values))
        row["updated_at"] = nil
        if case .text(let id) = row["id"] { rows[id] = row }
      })
    return rows
  }

  func postgresRows(_ table: String, session: PostgresSession) throws -> Rows {
    let result = try session.query("SELECT * FROM \(table)")
    var rows: Rows = [:]
    for values in result.rows {
      var row: [String: SQLValue] = [:]
      for (name, value) in zip(result.columns, values) where name != "updated_at" {
        row[name] = try sqlValue(value)
      }
      if case .text(let id) = row["id"] { rows[id] = row }
    }
    return rows
  }

  /// A PostgreSQL value as SQLite would hold it in the same column.
  func sqlValue(_ value: PostgresValue) throws -> SQLValue {
    switch value {
    case .null: return .null
    case .integer(let integer): return .integer(integer)
    case .real(let real): return .real(real)
    case .text(let text): return .text(text)
    default: throw UnexpectedValue(value: value)
    }
  }

  struct UnexpectedValue: Error {
    var value: PostgresValue
  }

  /// Every table and view of a new ledger, with its columns in order, as SQLite gives them.
  func sqliteSchema(ledger path: String) throws -> [String: [String]] {
    let query = try LedgerQuery(path: path)
    var names: [String] = []
    try query.run(
      "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')"
        + " AND name NOT LIKE 'sqlite_%'", columns: { _ in },
      row: { if case .text(let name) = $0.first { names.append(name) } })
    var schema: [String: [String]] = [:]
    for name in names {
      try query.run("SELECT * FROM \(name) LIMIT 0", columns: { schema[name] = $0 }, row: { _ in })
    }
    return schema
  }

  /// The same tables and views with the same columns in the same order: `SELECT *` and the
  /// views that rest on it read alike on both backends.
  @Test func everyTableAndViewHasTheSameColumnsOnBothBackends() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("envelope-schema-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("ledger.sqlite").path
    _ = try Ledger(path: path)
    let expected = try sqliteSchema(ledger: path)
    #expect(expected.count == 19)
    try TestServer.withSession { session in
      try PostgresMigrator.migrate(session)
      let tables = try session.query(
        "SELECT table_name::text FROM information_schema.tables"
          + " WHERE table_schema = current_schema() ORDER BY 1")
      let names = tables.rows.compactMap { row -> String? in
        guard case .text(let name) = row.first else { return nil }
        return name
      }
      #expect(names == expected.keys.sorted())
      for name in names {
        let columns = try session.query("SELECT * FROM \(name) LIMIT 0").columns
        #expect(columns == expected[name], "\(name)")
      }
    }
  }

  @Test(arguments: ["gpus", "models", "scenarios"])
  func theShippedCatalogueIsTheSameOnBothBackends(_ table: String) throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("envelope-catalogue-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("ledger.sqlite").path
    _ = try Ledger(path: path)
    let expected = try sqliteRows(table, ledger: path)
    #expect(expected.count >= 1)
    try TestServer.withSession { session in
      try PostgresMigrator.migrate(session)
      let shipped = try postgresRows(table, session: session)
      #expect(shipped.keys.sorted() == expected.keys.sorted())
      for (id, row) in expected {
        #expect(shipped[id] == row, "\(table) \(id)")
      }
    }
  }
}

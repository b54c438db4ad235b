import EnvelopeStore
import Foundation
import Testing

@testable import EnvelopePostgres

/// Both backends ship the same catalogue: every GPU, model and scenario that a new SQLite
/// ledger holds, a new PostgreSQL ledger holds with the same values, column by column.
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
      // The same columns in the same order.
      let columns = try session.query("SELECT * FROM \(table) LIMIT 0").columns
      var sqliteColumns: [String] = []
      try LedgerQuery(path: path).run(
        "SELECT * FROM \(table) LIMIT 0", columns: { sqliteColumns = $0 }, row: { _ in })
      #expect(columns == sqliteColumns)
    }
  }
}

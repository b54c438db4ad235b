import EnvelopeCore
import Foundation
import Testing

@testable import EnvelopeStore

struct LedgerQueryTests {
  func makeLedger(_ folder: TemporaryFolder) throws -> String {
    let path = folder.path("ledger.sqlite")
    let ledger = try Ledger(path: path)
    try ledger.record(try LedgerTests.entry())
    return path
  }

  func rows(_ query: LedgerQuery, _ sql: String, _ parameters: [String: String] = [:]) throws
    -> [[SQLValue]]
  {
    var rows: [[SQLValue]] = []
    try query.run(sql, parameters: parameters, columns: { _ in }, row: { rows.append($0) })
    return rows
  }

  @Test func readsWithNamedParameters() throws {
    let folder = try TemporaryFolder()
    let query = try LedgerQuery(path: try makeLedger(folder))
    let result = try rows(
      query, "SELECT gpus_required FROM estimates WHERE scenario_id = :scenario",
      ["scenario": "seed-chat"])
    #expect(result == [[.integer(112)]])
    #expect(throws: StoreError.unboundParameter(name: ":scenario")) {
      try rows(query, "SELECT * FROM estimates WHERE scenario_id = :scenario")
    }
    #expect(try rows(query, "PRAGMA table_info(estimates)").count > 10)
  }

  @Test(arguments: [
    "DELETE FROM estimates",
    "UPDATE gpus SET name = 'x'",
    "INSERT INTO gpus (id, name) VALUES ('x', 'x')",
    "WITH doomed AS (SELECT id FROM gpus) DELETE FROM gpus WHERE id IN doomed",
    "PRAGMA query_only = 0",
    "PRAGMA journal_mode = DELETE",
    "ATTACH DATABASE '/tmp/envelope-attached.sqlite' AS other",
    "VACUUM INTO '/tmp/envelope-vacuumed.sqlite'",
    "DROP TABLE gpus",
    "CREATE TABLE t (x)",
    "BEGIN IMMEDIATE",
    "SELECT 1; DELETE FROM estimates",
  ])
  func refusesEveryWrite(_ sql: String) throws {
    let folder = try TemporaryFolder()
    let path = try makeLedger(folder)
    let query = try LedgerQuery(path: path)
    #expect(throws: StoreError.self) { try rows(query, sql) }
    #expect(!FileManager.default.fileExists(atPath: "/tmp/envelope-vacuumed.sqlite"))
    #expect(!FileManager.default.fileExists(atPath: "/tmp/envelope-attached.sqlite"))
    let ledger = try Ledger(path: path)
    #expect(try ledger.entryCount() == 1)
    #expect(try ledger.items(GPUProfile.self).count == 15)
    #expect(try ledger.check() == [])
  }

  @Test func aMissingFileIsAnError() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("missing.sqlite")
    #expect(throws: StoreError.missingDatabase(path: path)) { try LedgerQuery(path: path) }
  }
}

internal import GRDB

extension Ledger {
  /// Everything wrong with the ledger: integrity, foreign keys and migration checksums.
  ///
  /// - Returns: One line per problem; empty when all is well.
  public func check() throws -> [String] {
    if case .server(let server) = backend { return try server.problems() }
    var problems = try read { session in
      guard let db = session.sqlite else { return [String]() }
      var problems: [String] = []
      let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
      if integrity != ["ok"] {
        problems += integrity.map { "integrity: \($0)" }
      }
      let foreignKeys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
      for row in foreignKeys {
        let table: String = row[0]
        let rowid: Int64? = row[1]
        let parent: String = row[2]
        problems.append(
          "foreign key: \(table) row \(rowid.map(String.init) ?? "?") refers to a missing \(parent) row"
        )
      }
      return problems
    }
    problems += try migrationProblems()
    return problems
  }
}

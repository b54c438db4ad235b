import EnvelopeCore
internal import GRDB

extension Ledger {
  /// Everything wrong with the ledger: integrity, foreign keys, migration checksums, and GPU
  /// curves Envelope cannot read.
  ///
  /// - Returns: One line per problem; empty when all is well.
  public func check() throws -> [String] {
    if case .server(let server) = backend { return try server.problems() + curveProblems() }
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
    problems += try curveProblems()
    return problems
  }

  /// GPUs whose measured curves hold JSON of another shape than Envelope reads.
  ///
  /// The schema admits any JSON array; `gpu import` writes only curves it reads, but one edited
  /// by hand (with `sqlite3` or `psql`) into another shape reads as no curve, so the GPU's
  /// estimates would silently fall back to the link rate and a size factor of 1.
  func curveProblems() throws -> [String] {
    let columns: [(name: String, point: String, reads: (String) -> Bool)] = [
      (
        "all_reduce_bus_bandwidth", #"{"message_bytes", "bus_bytes_per_second"} numbers"#,
        { !GPURecord.curve($0).isEmpty }
      ),
      (
        "matmul_throughput",
        #"{"precision", "size", "flops_per_second"} (a precision Envelope knows, numbers)"#,
        { !GPURecord.matmulCurve($0).isEmpty }
      ),
    ]
    return try read { session in
      var problems: [String] = []
      try session.forEachRow(
        "SELECT id, all_reduce_bus_bandwidth, matmul_throughput FROM gpus ORDER BY id",
        streaming: false
      ) { row in
        let id: String = row["id"]
        for column in columns {
          guard let json: String = row[column.name], Self.holdsItems(json), !column.reads(json)
          else { continue }
          problems.append(
            "catalogue: gpu \(id)'s \(column.name) is not a list of \(column.point), so its"
              + " estimates use no curve; fix it with 'envelope gpu import'")
        }
      }
      return problems
    }
  }

  /// Whether a column's JSON is a non-empty array: an empty one means no curve.
  static func holdsItems(_ json: String) -> Bool {
    guard case .array(let items)? = try? JSONValue(parsing: json) else { return true }
    return !items.isEmpty
  }
}

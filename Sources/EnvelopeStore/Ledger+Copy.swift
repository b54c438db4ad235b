import EnvelopeCore
internal import GRDB

/// One table of a copied ledger: how many rows each side holds and a checksum of them.
public struct TableCopy: Sendable, Equatable {
  /// The table.
  public var table: String
  /// Rows in the source.
  public var sourceRows: Int
  /// Rows in the destination after the copy.
  public var destinationRows: Int
  /// The checksum of the source's rows (``TableChecksum``).
  public var sourceChecksum: String
  /// The checksum of the destination's rows.
  public var destinationChecksum: String

  /// Whether both sides hold the same rows.
  public var matches: Bool {
    sourceRows == destinationRows && sourceChecksum == destinationChecksum
  }
}

extension Ledger {
  /// The tables a ledger copy carries, parents before the rows that refer to them, each with
  /// its primary key (the copy's order, and a page's position) and its JSON columns.
  ///
  /// The first three are the catalogue; the rest hold what was recorded.
  static let copiedTables: [(name: String, key: [String], json: Set<String>)] = [
    ("gpus", ["id"], []),
    ("models", ["id"], []),
    ("scenarios", ["id"], []),
    ("calibrations", ["id"], ["factors", "residuals"]),
    ("estimates", ["id"], ["inputs", "results"]),
    ("sweeps", ["id"], ["grid", "base_inputs"]),
    ("sweep_points", ["sweep", "point"], ["inputs"]),
    ("actuals", ["id"], []),
    ("measurements", ["id"], []),
  ]

  /// The catalogue's tables, parents first.
  static let catalogueTables = copiedTables.prefix(3)

  /// How many rows a copy reads and writes at a time: pages keep memory constant.
  static let copyPageRows = 1_000

  /// Copies this whole ledger into `destination`, ids and time stamps kept, in one transaction
  /// of the destination, and checks the result table by table before committing it.
  ///
  /// The destination must hold nothing recorded (entries, sweeps, actuals, measurements,
  /// calibrations) and the catalogue a new ledger ships with; its catalogue is replaced by this
  /// one's. Rows are read a page at a time, by primary key, so a ledger of any size is copied
  /// in constant memory; the source's checksums are taken as its pages are copied, the
  /// destination's from what its transaction then holds.
  ///
  /// - Parameter destination: A new ledger, on either backend.
  /// - Returns: Each table's row counts and checksums on both sides.
  /// - Throws: ``StoreError/refused(reason:)`` for a destination that is not empty, or a copy
  ///   that does not match; the destination is untouched either way.
  public func copy(to destination: Ledger) throws -> [TableCopy] {
    guard destination.path != path else {
      throw StoreError.refused(reason: "the source and the destination are the same ledger")
    }
    let shipped = try Ledger.inMemory().catalogueRows()
    return try destination.write { db in
      for table in Self.copiedTables.dropFirst(Self.catalogueTables.count) {
        let count = try db.value(Int.self, "SELECT count(*) FROM \(table.name)") ?? 0
        if count > 0 {
          throw StoreError.refused(
            reason:
              "the destination \(destination.path) is not empty (\(table.name) holds \(count) "
              + "rows); copy into a new ledger")
        }
      }
      if try Self.catalogueRows(db) != shipped {
        throw StoreError.refused(
          reason:
            "the destination \(destination.path) has catalogue changes of its own; copy into a "
            + "new ledger")
      }
      for table in Self.catalogueTables.reversed() {
        try db.execute("DELETE FROM \(table.name)")
      }
      let sources = try read { source in
        try Self.copiedTables.map { table in
          var checksum = TableChecksum(table: table)
          try Self.forEachPage(of: table, in: source) { rows in
            checksum.add(rows)
            let columns = rows[0].columns
            let sql = """
              INSERT INTO \(table.name) (\(columns.joined(separator: ", ")))
              VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))
              """
            var iterator = rows.makeIterator()
            try db.executeMany(sql) { iterator.next()?.values }
          }
          return checksum
        }
      }
      try db.afterCopy()
      let copies = zip(sources, try Self.tableChecksums(db)).map { source, copied in
        TableCopy(
          table: source.table, sourceRows: source.rows, destinationRows: copied.rows,
          sourceChecksum: source.hex, destinationChecksum: copied.hex)
      }
      let mismatched = copies.filter { !$0.matches }.map(\.table)
      guard mismatched.isEmpty else {
        throw StoreError.refused(
          reason:
            "the copy did not match the source in \(mismatched.joined(separator: ", ")); "
            + "nothing was written to \(destination.path)")
      }
      return copies
    }
  }

  /// Each copied table's row count and checksum: FNV-1a (64 bits) over its rows in primary
  /// key order, each value in a form both backends give alike (JSON with its keys sorted, a
  /// whole number written without a fraction).
  static func tableChecksums(_ db: SQLSession) throws -> [TableChecksum] {
    try copiedTables.map { table in
      var checksum = TableChecksum(table: table)
      try forEachPage(of: table, in: db) { checksum.add($0) }
      return checksum
    }
  }

  /// The catalogue's rows but their time stamps, to compare with a new ledger's.
  func catalogueRows() throws -> [[String]] {
    try read { db in try Self.catalogueRows(db) }
  }

  static func catalogueRows(_ db: SQLSession) throws -> [[String]] {
    var rows: [[String]] = []
    for table in catalogueTables {
      try forEachPage(of: table, in: db) { page in
        for row in page {
          rows.append(
            zip(row.columns, row.values).filter { $0.0 != "updated_at" }.map {
              "\($0.0)=\(canonical($0.1, json: false))"
            })
        }
      }
    }
    return rows
  }

  /// Reads a table a page at a time in primary key order.
  static func forEachPage(
    of table: (name: String, key: [String], json: Set<String>), in db: SQLSession,
    _ body: ([(columns: [String], values: SQLArguments)]) throws -> Void
  ) throws {
    let key = table.key.joined(separator: ", ")
    var last: SQLArguments?
    while true {
      let after =
        last == nil
        ? "" : " WHERE (\(key)) > (\(table.key.map { _ in "?" }.joined(separator: ", ")))"
      var page: [(columns: [String], values: SQLArguments)] = []
      try db.forEachRow(
        "SELECT * FROM \(table.name)\(after) ORDER BY \(key) LIMIT \(copyPageRows)", last ?? []
      ) { row in
        // By column name: a server's rows do not keep the columns' order.
        let pairs = zip(row.columnNames, row.databaseValues).sorted { $0.0 < $1.0 }
        page.append((pairs.map(\.0), pairs.map(\.1)))
      }
      guard let final = page.last else { return }
      try body(page)
      last = table.key.map { column in
        final.values[final.columns.firstIndex(of: column) ?? 0]
      }
      if page.count < copyPageRows { return }
    }
  }

  /// A value as both backends give it.
  static func canonical(_ value: (any DatabaseValueConvertible)?, json: Bool) -> String {
    switch (value?.databaseValue ?? .null).storage {
    case .null: return "null"
    case .int64(let integer): return "i\(integer)"
    case .double(let number):
      if number == number.rounded(), number.magnitude < 9e15 { return "i\(Int64(number))" }
      return "r\(number)"
    case .string(let text):
      guard json, let parsed = JSONValue(jsonText: text) else { return "t" + text }
      return "j" + sortedKeys(parsed).serialized()
    case .blob(let data): return "b\(Array(data))"
    }
  }

  /// JSON with every object's keys in order, and whole numbers as numbers: as jsonb keeps it.
  static func sortedKeys(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(let members):
      return .object(members.map { ($0.0, sortedKeys($0.1)) }.sorted { $0.0 < $1.0 })
    case .array(let values): return .array(values.map(sortedKeys))
    case .integer(let integer): return .number(Double(integer))
    default: return value
    }
  }
}

extension SQLSession {
  /// Brings PostgreSQL's identity sequences past the copied ids, so the next entry, actual,
  /// measurement or calibration gets the next id; SQLite's `AUTOINCREMENT` follows inserted
  /// ids by itself.
  func afterCopy() throws {
    guard case .server = connection else { return }
    for table in ["calibrations", "estimates", "actuals", "measurements"] {
      try execute(
        """
        SELECT setval(pg_get_serial_sequence('\(table)', 'id'), coalesce(max(id), 0) + 1, false)
        FROM \(table)
        """)
    }
  }
}

/// A table's row count and checksum, taken a page at a time.
struct TableChecksum {
  let table: String
  private let json: Set<String>
  private(set) var rows = 0
  private var hash = FNV1a()

  init(table: (name: String, key: [String], json: Set<String>)) {
    self.table = table.name
    self.json = table.json
  }

  /// Adds a page of rows, each value as both backends give it.
  mutating func add(_ page: [(columns: [String], values: SQLArguments)]) {
    for row in page {
      rows += 1
      for (column, value) in zip(row.columns, row.values) {
        hash.add(column)
        hash.add(Ledger.canonical(value, json: json.contains(column)))
      }
      hash.add("\n")
    }
  }

  var hex: String { hash.hex }
}

/// FNV-1a, 64 bits: a checksum of a table's rows.
///
/// Hand-written: it is a few lines, and no
/// listed package offers a hash on Linux without bringing in a cryptography library; the check
/// guards against a copy that lost or changed rows, not against an adversary.
struct FNV1a {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(_ text: String) {
    for byte in text.utf8 {
      value ^= UInt64(byte)
      value = value &* 0x0000_0100_0000_01b3
    }
    value ^= 0xff
    value = value &* 0x0000_0100_0000_01b3
  }

  var hex: String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}

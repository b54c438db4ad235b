import Foundation
internal import GRDB

/// A statement's arguments, in order.
typealias SQLArguments = [(any DatabaseValueConvertible)?]

/// One connection inside one of the ledger's transactions, on either backend.
///
/// The ledger's queries are written once against this: a SQLite file through GRDB (its
/// statements cached and its rows read in place, as before there was a second backend), or a
/// ``LedgerServer``'s connection, whose rows are turned into GRDB rows so that the same records
/// decode them. The SQL is the dialect both share; see ``LedgerServer``.
struct SQLSession {
  enum Connection {
    case sqlite(Database)
    case server(any LedgerServerConnection)
  }

  let connection: Connection

  /// Runs a statement that returns no rows.
  func execute(_ sql: String, _ arguments: SQLArguments = []) throws {
    switch connection {
    case .sqlite(let db):
      try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments))
    case .server(let server):
      try server.query(sql, Self.values(arguments), streaming: false) { _, _ in }
    }
  }

  /// Streams a statement's rows; a row is only valid during the call that receives it.
  ///
  /// - Parameters:
  ///   - sql: One statement in the dialect both backends share.
  ///   - arguments: Its parameters.
  ///   - streaming: Whether a server must stream the rows (see
  ///     ``LedgerServerConnection/query(_:_:streaming:_:)``); `false` for a lookup or a short
  ///     list.
  ///   - body: Called with each row.
  /// - Throws: The database's error, or what `body` throws.
  func forEachRow(
    _ sql: String, _ arguments: SQLArguments = [], streaming: Bool = true,
    _ body: (Row) throws -> Void
  ) throws {
    switch connection {
    case .sqlite(let db):
      let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
      while let row = try rows.next() { try body(row) }
    case .server(let server):
      try server.query(sql, Self.values(arguments), streaming: streaming) { columns, values in
        var dictionary: [String: (any DatabaseValueConvertible)?] = [:]
        dictionary.reserveCapacity(columns.count)
        for (column, value) in zip(columns, values) {
          dictionary[column] = value.databaseValue
        }
        try body(Row(dictionary))
      }
    }
  }

  /// Streams a statement's rows as records read by the thousand (entries, sweep points).
  ///
  /// On SQLite the record decodes GRDB's row itself; on a server a ``ServerRow``, which finds a
  /// column through one index made per statement. GRDB's `Row(dictionary)` lowercases every
  /// column name on each lookup, which was 41% of the instructions of a 1,000-entry `history`
  /// on PostgreSQL. Generic rather than over `any ColumnValues`, so that each backend's decoding
  /// is specialised and SQLite keeps GRDB's fast column reads.
  func forEach<Record: ColumnDecodable>(
    _: Record.Type, _ sql: String, _ arguments: SQLArguments = [],
    _ body: (Record) throws -> Void
  ) throws {
    switch connection {
    case .sqlite(let db):
      let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
      var index: [String: Int]?
      while let row = try rows.next() {
        let columnIndex = index ?? Self.index(row.columnNames)
        index = columnIndex
        try body(Record(values: IndexedRow(index: columnIndex, row: row)))
      }
    case .server(let server):
      var index: [String: Int]?
      try server.query(sql, Self.values(arguments), streaming: true) { columns, values in
        let columnIndex = index ?? Self.index(columns)
        index = columnIndex
        try body(Record(values: ServerRow(index: columnIndex, values: values)))
      }
    }
  }

  /// Each column's position; the leftmost of two columns of one name, as GRDB reads them.
  static func index(_ columns: some Sequence<String>) -> [String: Int] {
    Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// Every row of a statement, decoded.
  func fetchAll<Record: FetchableRecord>(
    _: Record.Type, _ sql: String, _ arguments: SQLArguments = []
  ) throws -> [Record] {
    var records: [Record] = []
    try forEachRow(sql, arguments, streaming: false) { records.append(try Record(row: $0)) }
    return records
  }

  /// The first row of a statement, decoded; `nil` when there is none.
  func fetchOne<Record: FetchableRecord>(
    _: Record.Type, _ sql: String, _ arguments: SQLArguments = []
  ) throws -> Record? {
    var record: Record?
    try forEachRow(sql, arguments, streaming: false) { row in
      if record == nil { record = try Record(row: row) }
    }
    return record
  }

  /// The first column of every row.
  func values<Value: DatabaseValueConvertible>(
    _: Value.Type, _ sql: String, _ arguments: SQLArguments = []
  ) throws -> [Value] {
    var values: [Value] = []
    try forEachRow(sql, arguments, streaming: false) { row in
      if let value = row[0] as Value? { values.append(value) }
    }
    return values
  }

  /// The first column of the first row; `nil` when there is no row or it holds `NULL`.
  func value<Value: DatabaseValueConvertible>(
    _: Value.Type, _ sql: String, _ arguments: SQLArguments = []
  ) throws -> Value? {
    try values(Value.self, sql, arguments).first
  }

  /// Inserts a record into its table.
  ///
  /// The columns are the record's encoded ones, less a `NULL` `id` (the database assigns it).
  func insert<Record: EncodableRecord & TableRecord>(_ record: Record) throws {
    let (sql, arguments) = try Self.insertion(record)
    try execute(sql, arguments)
  }

  /// Inserts a record into a table whose `id` the database assigns, and returns that `id`.
  func insertReturningID<Record: EncodableRecord & TableRecord>(_ record: Record) throws
    -> Int64
  {
    let (sql, arguments) = try Self.insertion(record)
    guard let id = try value(Int64.self, sql + " RETURNING id", arguments) else {
      throw StoreError.database(reason: "\(Record.databaseTableName) returned no id")
    }
    return id
  }

  private static func insertion<Record: EncodableRecord & TableRecord>(_ record: Record) throws
    -> (String, SQLArguments)
  {
    let values = try record.databaseDictionary.filter { $0.key != "id" || !$0.value.isNull }
      .sorted { $0.key < $1.key }
    let sql = """
      INSERT INTO \(Record.databaseTableName) (\(values.map(\.key).joined(separator: ", ")))
      VALUES (\(values.map { _ in "?" }.joined(separator: ", ")))
      """
    return (sql, values.map(\.value))
  }

  /// Replaces the row of a record's table whose `id` is the record's.
  func update<Record: EncodableRecord & TableRecord>(_ record: Record) throws {
    let dictionary = try record.databaseDictionary
    let values = dictionary.filter { $0.key != "id" }.sorted { $0.key < $1.key }
    try execute(
      """
      UPDATE \(Record.databaseTableName) SET \(values.map { "\($0.key) = ?" }.joined(separator: ", "))
      WHERE id = ?
      """, values.map(\.value) + [dictionary["id"]])
  }

  /// Runs one `INSERT` for each argument list `next` gives, through one prepared statement on
  /// SQLite, in batches on a server.
  func executeMany(_ sql: String, _ next: () throws -> SQLArguments?) throws {
    switch connection {
    case .sqlite(let db):
      let statement = try db.makeStatement(sql: sql)
      while let arguments = try next() {
        try statement.execute(arguments: StatementArguments(arguments))
      }
    case .server(let server):
      try server.executeMany(sql) { try next().map(Self.values) }
    }
  }

  /// Whether this is a SQLite connection, for what only SQLite has (pragmas).
  var sqlite: Database? {
    if case .sqlite(let db) = connection { return db }
    return nil
  }

  static func values(_ arguments: SQLArguments) -> [SQLValue] {
    arguments.map { SQLValue(($0?.databaseValue) ?? .null) }
  }
}

extension SQLValue {
  /// A GRDB value as an ``SQLValue``.
  init(_ value: DatabaseValue) {
    switch value.storage {
    case .null: self = .null
    case .int64(let integer): self = .integer(integer)
    case .double(let number): self = .real(number)
    case .string(let text): self = .text(text)
    case .blob(let data): self = .blob([UInt8](data))
    }
  }

  /// The value as GRDB holds it.
  var databaseValue: DatabaseValue {
    switch self {
    case .null: return .null
    case .integer(let integer): return integer.databaseValue
    case .real(let number): return number.databaseValue
    case .text(let text): return text.databaseValue
    case .blob(let bytes): return Data(bytes).databaseValue
    }
  }
}

/// A row's values by column name: what the records read by the thousand decode themselves from,
/// so that one decoder serves a GRDB row (SQLite) and a ``ServerRow``.
protocol ColumnValues {
  /// The value of `column` for the types a SQLite column converts to directly (GRDB's fastest
  /// read), converted as GRDB converts it; an optional `Value` is `nil` for `NULL` or a column
  /// the row does not have.
  subscript<Value: DatabaseValueConvertible & StatementColumnConvertible>(column column: String)
    -> Value
  { get }

  /// The value of `column` as stored, `NULL` for a column the row does not have.
  func databaseValue(_ column: String) -> DatabaseValue
}

/// A record that ``SQLSession/forEach(_:_:_:_:)`` streams.
protocol ColumnDecodable {
  init<Values: ColumnValues>(values: Values)
}

/// A SQLite row, its columns found through the statement's index (GRDB's own lookup lowercases
/// the name each time), its values read by position, GRDB's fastest read.
struct IndexedRow: ColumnValues {
  let index: [String: Int]
  let row: Row

  init(index: [String: Int], row: Row) {
    self.index = index
    self.row = row
  }

  /// A row on its own, for the records GRDB's requests decode one at a time.
  init(_ row: Row) {
    self.init(index: SQLSession.index(row.columnNames), row: row)
  }

  subscript<Value: DatabaseValueConvertible & StatementColumnConvertible>(column column: String)
    -> Value
  {
    guard let position = index[column] else { return Self.missing(column) }
    return row[position]
  }

  func databaseValue(_ column: String) -> DatabaseValue {
    index[column].map { row[$0] } ?? .null
  }
}

/// A server's row: its values in the statement's column order and the statement's index of
/// column names, made once (see ``SQLSession/forEach(_:_:_:_:)``).
struct ServerRow: ColumnValues {
  let index: [String: Int]
  let values: [SQLValue]

  subscript<Value: DatabaseValueConvertible & StatementColumnConvertible>(column column: String)
    -> Value
  {
    guard let position = index[column] else { return Self.missing(column) }
    let value = values[position].databaseValue
    guard let converted = Value.fromDatabaseValue(value) else {
      // As GRDB's row: a mismatch is a programming error (the ledger's own schema), not bad
      // input.
      fatalError("could not read column \(column) (\(value)) as \(Value.self)")
    }
    return converted
  }

  func databaseValue(_ column: String) -> DatabaseValue {
    index[column].map { values[$0].databaseValue } ?? .null
  }
}

extension ColumnValues {
  /// A column the row does not have: `nil` for an optional type, as GRDB's row reads it; for
  /// any other type a programming error.
  static func missing<Value: DatabaseValueConvertible>(_ column: String) -> Value {
    guard let value = Value.fromDatabaseValue(.null) else {
      fatalError("no column \(column) to read as \(Value.self)")
    }
    return value
  }
}

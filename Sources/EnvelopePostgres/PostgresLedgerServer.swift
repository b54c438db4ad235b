import EnvelopeCore
import EnvelopeStore
import NIOCore
import PostgresNIO

/// A ledger in a PostgreSQL database: the store's ``EnvelopeStore/LedgerServer`` over one
/// ``PostgresSession``.
///
/// Reads run in a `REPEATABLE READ READ ONLY` transaction, so that a command's several queries
/// see one snapshot, as a SQLite read transaction does. Writes run in a `READ COMMITTED`
/// transaction that first takes a transaction-level advisory lock: writers take turns, as they
/// do on a SQLite file under `BEGIN IMMEDIATE`, so what a write reads (the next sweep number, an
/// entry not yet superseded) still holds when it commits. Readers never wait for it.
public final class PostgresLedgerServer: LedgerServer, @unchecked Sendable {
  /// The advisory lock writers take: "ENVW".
  static let writeLockKey: Int64 = 0x454E_5657
  /// How many sweep points one `INSERT` carries: PostgreSQL takes at most 65,535 parameters
  /// per statement.
  static let batchRows = 512

  /// How many rows a cursor's page holds.
  static let pageRows = 1_000

  let session: PostgresSession
  public let location: String
  private var cursors = 0

  /// A cursor name not used yet in this session.
  func nextCursorName() -> String {
    cursors += 1
    return "envelope_rows_\(cursors)"
  }

  /// Wraps a connected, migrated session.
  public init(session: PostgresSession) {
    self.session = session
    self.location = session.location.description
  }

  deinit {
    session.close()
  }

  public func problems() throws -> [String] {
    do {
      let applied = try PostgresMigrator.appliedMigrations(session)
      try PostgresMigrator.verify(applied, database: session.location.database)
      return []
    } catch let error as PostgresLedgerError {
      switch error {
      case .notALedger, .newerSchema, .checksumMismatch: return [error.description]
      default: throw StoreError(error, location: location)
      }
    }
  }

  public func transaction<T>(
    writing: Bool, _ body: (any LedgerServerConnection) throws -> T
  ) throws -> T {
    try storeErrors {
      try session.query(
        writing
          ? "BEGIN ISOLATION LEVEL READ COMMITTED"
          : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    }
    do {
      if writing {
        try storeErrors {
          try session.query("SELECT pg_advisory_xact_lock($1)", [.integer(Self.writeLockKey)])
        }
      }
      let value = try body(Connection(server: self))
      try storeErrors { try session.query("COMMIT") }
      return value
    } catch {
      _ = try? session.query("ROLLBACK")
      throw error
    }
  }

  /// Runs `body`, turning what PostgreSQL raises into the ledger's errors.
  @discardableResult
  func storeErrors<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as PostgresLedgerError {
      throw StoreError(error, location: location)
    }
  }

  /// The connection of one transaction.
  struct Connection: LedgerServerConnection {
    let server: PostgresLedgerServer

    func query(
      _ sql: String, _ arguments: [SQLValue], streaming: Bool,
      _ row: ([String], [SQLValue]) throws -> Void
    ) throws {
      let statement = SQLPlaceholders.positional(sql)
      let values = arguments.map(PostgresValue.init(ledger:))
      // A lookup or a short list is one round trip; a cursor costs three (DECLARE, FETCH,
      // CLOSE), which were most of a recorded estimate's waits on the server.
      guard streaming, statement.prefix(7).uppercased() == "SELECT " else {
        let result = try server.storeErrors { try server.session.query(statement, values) }
        for values in result.rows {
          try row(result.columns, values.map(SQLValue.init(postgres:)))
        }
        return
      }
      // A SELECT is read through a cursor, a page at a time: a history of a million entries
      // is streamed in constant memory, as SQLite's cursor streams it.
      let cursor = server.nextCursorName()
      try server.storeErrors {
        try server.session.query("DECLARE \(cursor) NO SCROLL CURSOR FOR \(statement)", values)
      }
      while true {
        let page = try server.storeErrors {
          try server.session.query("FETCH \(PostgresLedgerServer.pageRows) FROM \(cursor)")
        }
        for values in page.rows {
          try row(page.columns, values.map(SQLValue.init(postgres:)))
        }
        if page.rows.count < PostgresLedgerServer.pageRows { break }
      }
      try server.storeErrors { _ = try server.session.query("CLOSE \(cursor)") }
    }

    func executeMany(_ sql: String, _ next: () throws -> [SQLValue]?) throws {
      guard let values = sql.range(of: "VALUES", options: .backwards) else {
        while let arguments = try next() { try query(sql, arguments, streaming: false) { _, _ in } }
        return
      }
      let head = sql[..<values.upperBound]
      let tuple = sql[values.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
      var batch: [SQLValue] = []
      var rows = 0
      func flush() throws {
        guard rows > 0 else { return }
        let sql =
          head + " " + Array(repeating: tuple, count: rows).joined(separator: ", ")
          as String
        try query(sql, batch, streaming: false) { _, _ in }
        batch.removeAll(keepingCapacity: true)
        rows = 0
      }
      while let arguments = try next() {
        batch += arguments
        rows += 1
        if rows == PostgresLedgerServer.batchRows { try flush() }
      }
      try flush()
    }
  }
}

extension PostgresValue {
  /// A ledger value as a parameter.
  ///
  /// Text is sent untyped, as a literal is written in SQL, so
  /// that the server reads it as its column's type: a JSON snapshot into a `jsonb` column, a
  /// date into `text`.
  init(ledger value: SQLValue) {
    switch value {
    case .null: self = .null
    case .integer(let integer): self = .integer(integer)
    case .real(let number): self = .real(number)
    case .text(let text): self = .untyped(text)
    case .blob(let bytes): self = .bytes(bytes)
    }
  }
}

extension SQLValue {
  /// A PostgreSQL value as the ledger reads it: as SQLite would hold it (a boolean as 0 or 1,
  /// JSON as its text, a numeric as an integer when it is a whole 64-bit one, else a double).
  init(postgres value: PostgresValue) {
    switch value {
    case .null: self = .null
    case .bool(let flag): self = .integer(flag ? 1 : 0)
    case .integer(let integer): self = .integer(integer)
    case .real(let number): self = .real(number)
    case .numeric(let text):
      if let integer = Int64(text) {
        self = .integer(integer)
      } else {
        self = Double(text).map(SQLValue.real) ?? .text(text)
      }
    case .text(let text), .json(let text), .untyped(let text):
      self = .text(text)
    case .bytes(let bytes): self = .blob(bytes)
    }
  }
}

extension StoreError {
  /// The connection lost after the ledger was opened: the server rolls back the open
  /// transaction, so nothing of the command's writing stays.
  static func lostConnection(_ reason: String) -> StoreError {
    .database(reason: "\(reason); nothing this command was writing was recorded")
  }

  /// A PostgreSQL error as the ledger reports it.
  ///
  /// A refused write (a constraint, or an immutability trigger's message) is ``refused(reason:)``
  /// as on SQLite; a read-only server or transaction is ``readOnly(path:)``; a lost server is a
  /// ``database(reason:)`` naming it.
  init(_ error: PostgresLedgerError, location: String) {
    switch error {
    case .query(let state, let message):
      switch state {
      case _ where state.hasPrefix("23"), "P0001": self = .refused(reason: message)
      case "25006": self = .readOnly(path: location)
      case "53100": self = .diskFull(path: location)
      case "40001", "40P01", "55P03": self = .busy(path: location)
      case _ where error.endsConnection:
        // The server ended the connection (shut down, restarted, terminated the backend) as
        // the statement ran: the same as losing it between statements.
        self = .lostConnection(error.description)
      default: self = .database(reason: error.description)
      }
    case .notALedger, .newerSchema, .checksumMismatch:
      self = .database(reason: error.description)
    case .connection:
      self = .lostConnection(error.description)
    default:
      self = .cannotOpen(path: location, reason: error.description)
    }
  }
}

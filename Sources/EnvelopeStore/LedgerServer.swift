/// A database server a ledger can live in, as a backend (EnvelopePostgres) hands it to
/// ``Ledger/init(server:clock:)``.
///
/// The ledger's queries are written once, for both backends: plain SQL in the dialect SQLite
/// and PostgreSQL share, with `?` (or `?N`) for each parameter. A server backend translates the
/// placeholders to its own, runs each call in one transaction, and maps its errors to
/// ``StoreError``. The backend has already brought the schema up to date
/// (``Migration/latestVersion``) before the ledger uses it.
public protocol LedgerServer: AnyObject, Sendable {
  /// Where the ledger is, as messages name it: never with a password.
  var location: String { get }

  /// What is wrong with the ledger's schema on the server, as ``Ledger/check()`` lists it.
  ///
  /// An unknown or altered migration; empty when all is well. The server keeps its own data
  /// intact and enforces foreign keys on every write.
  func problems() throws -> [String]

  /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
  ///
  /// A writing transaction holds the ledger's write lock from its start to its end, so writers
  /// take turns as they do on a SQLite file (`BEGIN IMMEDIATE`): what a transaction reads is
  /// what it writes against.
  ///
  /// - Parameters:
  ///   - writing: Whether the transaction writes.
  ///   - body: The work, given the transaction's connection.
  /// - Returns: What `body` returns.
  /// - Throws: ``StoreError``, or what `body` throws.
  func transaction<T>(writing: Bool, _ body: (any LedgerServerConnection) throws -> T) throws
    -> T
}

/// One connection of a ``LedgerServer``, inside a transaction.
public protocol LedgerServerConnection {
  /// Runs one statement and passes on its rows.
  ///
  /// - Parameters:
  ///   - sql: One statement; `?` or `?N` stands for a parameter.
  ///   - arguments: The parameters' values, in order.
  ///   - streaming: Whether the rows may be too many to hold at once (a history, a sweep's
  ///     points), so that the backend must stream them, as a cursor does; `false` for a lookup
  ///     or a short list, which a backend may then read in one round trip.
  ///   - row: Called with the columns' names and each row's values.
  /// - Throws: ``StoreError``, or what `row` throws.
  func query(
    _ sql: String, _ arguments: [SQLValue], streaming: Bool,
    _ row: (_ columns: [String], _ values: [SQLValue])
      throws -> Void
  ) throws

  /// Runs one statement for many argument lists, as a prepared statement would: the points of a
  /// sweep. A backend may send them in batches.
  ///
  /// - Parameters:
  ///   - sql: One `INSERT` with `?` placeholders.
  ///   - next: The next argument list, `nil` after the last.
  /// - Throws: ``StoreError``, or what `next` throws.
  func executeMany(_ sql: String, _ next: () throws -> [SQLValue]?) throws
}

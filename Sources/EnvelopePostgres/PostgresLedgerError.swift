/// What can go wrong reaching or using a PostgreSQL ledger.
///
/// No case carries a password, and no message shows one: a URL is only ever shown redacted
/// (``PostgresLocation/redacted(_:)``) and a server's messages never contain it.
public enum PostgresLedgerError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The text is not a PostgreSQL URL Envelope can use; `url` is redacted.
  case invalidURL(url: String, reason: String)
  /// Nothing answered at the server's address.
  case unreachable(server: String, reason: String)
  /// The server did not finish connecting within the time allowed.
  case timedOut(server: String, seconds: Int)
  /// The server asked for a password and none was given.
  case passwordRequired(user: String, server: String)
  /// The server refused the password given for the user.
  case wrongPassword(user: String, server: String)
  /// The server refused the user for another reason (no such role, no pg_hba.conf entry).
  case refused(user: String, server: String, reason: String)
  /// The server has no database of that name.
  case noDatabase(name: String, server: String)
  /// TLS could not be set up as the URL's `sslmode` asks.
  case tls(server: String, reason: String)
  /// The connection broke or the server failed otherwise.
  case connection(server: String, reason: String)
  /// A statement failed; `sqlState` is PostgreSQL's five-character error code.
  case query(sqlState: String, message: String)
  /// A result holds a column of a type Envelope does not read.
  case unsupportedType(column: String, typeOID: UInt32)
  /// The database holds tables but is not an Envelope ledger.
  case notALedger(database: String)
  /// The ledger has a migration this Envelope does not know.
  case newerSchema(database: String, version: Int, known: Int)
  /// An applied migration differs from this Envelope's copy of it.
  case checksumMismatch(database: String, version: Int, name: String)

  public var description: String {
    switch self {
    case .invalidURL(let url, let reason):
      return "cannot use the PostgreSQL URL '\(url)': \(reason)"
    case .unreachable(let server, let reason):
      return "cannot reach the PostgreSQL server at \(server) (\(reason)); check that the server is"
        + " running, that it listens on that address and port (listen_addresses, port in"
        + " postgresql.conf) and that no firewall is in the way"
    case .timedOut(let server, let seconds):
      return "the PostgreSQL server at \(server) did not answer within \(seconds) s; check the host"
        + " and port, and that no firewall drops the connection"
    case .passwordRequired(let user, let server):
      return "the PostgreSQL server at \(server) asks for a password for user '\(user)' and none"
        + " was given; put it in ~/.pgpass, PGPASSWORD or the URL"
    case .wrongPassword(let user, let server):
      return "the PostgreSQL server at \(server) refused the password for user '\(user)'; check the"
        + " password in the URL, PGPASSWORD or ~/.pgpass"
    case .refused(let user, let server, let reason):
      return "the PostgreSQL server at \(server) refused user '\(user)': \(reason)"
    case .noDatabase(let name, let server):
      return "the PostgreSQL server at \(server) has no database '\(name)'; create it first"
        + " (CREATE DATABASE \(name))"
    case .tls(let server, let reason):
      return "cannot set up TLS with the PostgreSQL server at \(server): \(reason)"
    case .connection(let server, let reason):
      return "the connection to the PostgreSQL server at \(server) failed: \(reason)"
    case .query(let sqlState, let message):
      return "\(message) (SQLSTATE \(sqlState))"
    case .unsupportedType(let column, let typeOID):
      return "column '\(column)' has a type Envelope cannot show (type OID \(typeOID)); cast it to"
        + " text, as in \(column)::text"
    case .notALedger(let database):
      return "the PostgreSQL database '\(database)' holds tables but is not an Envelope ledger;"
        + " refusing to touch it"
    case .newerSchema(let database, let version, let known):
      return "the ledger in PostgreSQL database '\(database)' was written by a newer Envelope"
        + " (schema version \(version); this envelope knows up to \(known)); upgrade envelope,"
        + " the database is untouched"
    case .checksumMismatch(let database, let version, let name):
      return "the ledger in PostgreSQL database '\(database)' applied a different migration"
        + " \(version) (\(name)) than this envelope carries; refusing to use it, the database is"
        + " untouched"
    }
  }
}

extension PostgresLedgerError {
  /// Whether the error ends the connection: lost by the client, or ended by the server
  /// (SQLSTATE class 08, connection exception; 57P, operator intervention: a shutdown, a
  /// restart, a terminated backend), after which no statement on it can succeed.
  var endsConnection: Bool {
    switch self {
    case .connection: true
    case .query(let state, _): state.hasPrefix("08") || state.hasPrefix("57P")
    default: false
    }
  }
}

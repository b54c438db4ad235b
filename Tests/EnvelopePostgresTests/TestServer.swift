import EnvelopePostgres
import Foundation
import Testing

/// The PostgreSQL server the tests run against: a superuser's URL over the Unix socket, from
/// `ENVELOPE_TEST_POSTGRES_URL` (`make test` starts a private cluster and sets it; see
/// scripts/postgres/with-cluster.sh).
///
/// Each test that needs the server makes a database of its own (``withDatabase(_:)``), so the
/// tests run in parallel and leave nothing behind.
enum TestServer {
  /// The server's URL, when the environment names one.
  static let url: String? = {
    let value = ProcessInfo.processInfo.environment["ENVELOPE_TEST_POSTGRES_URL"]
    return value?.isEmpty == false ? value : nil
  }()

  /// Whether the tests that need a server can run.
  static var isAvailable: Bool { url != nil }

  /// The superuser's location on the server, in its maintenance database.
  static func administrator() throws -> PostgresLocation {
    guard let url else { throw TestServerMissing() }
    return try PostgresLocation(url: url, environment: [:], loginName: "postgres")
  }

  /// The server's TCP address: 127.0.0.1 and the port of its Unix socket (cluster.sh listens on
  /// both with one port).
  static func tcpEndpoint() throws -> PostgresLocation.Endpoint {
    .tcp(host: "127.0.0.1", port: try administrator().endpoint.port)
  }

  /// Runs `body` as the superuser on the maintenance database.
  @discardableResult
  static func asAdministrator<Value>(_ body: (PostgresSession) throws -> Value) throws -> Value {
    let session = try PostgresSession.connect(to: try administrator())
    defer { session.close() }
    return try body(session)
  }

  /// Creates an empty database with a name of its own, runs `body` with the superuser's location
  /// in it, then drops the database, closing whatever connections are left.
  static func withDatabase<Value>(_ body: (PostgresLocation) throws -> Value) throws -> Value {
    let name =
      "envelope_test_"
      + UUID().uuidString.lowercased().replacingOccurrences(
        of: "-", with: "")
    try asAdministrator { try $0.query("CREATE DATABASE \(name) TEMPLATE template0") }
    defer {
      _ = try? asAdministrator { try $0.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }
    var location = try administrator()
    location.database = name
    return try body(location)
  }

  /// Runs `body` on a session as the superuser in a new database of its own.
  static func withSession<Value>(_ body: (PostgresSession) throws -> Value) throws -> Value {
    try withDatabase { location in
      let session = try PostgresSession.connect(to: location)
      defer { session.close() }
      return try body(session)
    }
  }

  struct TestServerMissing: Error, CustomStringConvertible {
    var description: String { "ENVELOPE_TEST_POSTGRES_URL is not set" }
  }
}

extension PostgresLedgerError {
  /// The SQLSTATE of a failed statement, for tests that care only about the kind of failure.
  var sqlState: String? {
    guard case .query(let state, _) = self else { return nil }
    return state
  }
}

extension Trait where Self == ConditionTrait {
  /// Runs a test or suite only when `ENVELOPE_TEST_POSTGRES_URL` names a server, and otherwise
  /// skips it saying why.
  static var needsServer: Self {
    .enabled(
      if: TestServer.isAvailable,
      "needs a PostgreSQL server: set ENVELOPE_TEST_POSTGRES_URL (make test starts one)")
  }
}

/// A statement the server must refuse, and the SQLSTATE it refuses it with.
struct RefusedStatement: CustomTestStringConvertible, Sendable {
  var why: String
  var sql: String
  var sqlState: String
  var testDescription: String { why }
}

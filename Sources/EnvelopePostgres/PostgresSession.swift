import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// One connection to a PostgreSQL server, used as a command-line tool wants it: each call
/// blocks until the server has answered, and fails with a ``PostgresLedgerError``.
///
/// PostgresNIO is asynchronous; ``BlockingRunner`` runs its `async` API to completion on a
/// thread of its own while the caller waits, and SwiftNIO's shared event-loop threads do the
/// I/O. Nothing is logged: PostgresNIO gets a logger that discards everything, so a query's
/// parameters never reach a log.
public final class PostgresSession {
  /// Where this session is connected.
  public let location: PostgresLocation
  let connection: PostgresConnection
  private var isClosed = false
  /// Why the connection was lost, once a statement met its end.
  ///
  /// Every later statement fails with it at once: PostgresNIO 1.33 never answers a statement
  /// sent after the server ended the connection (the mid-sweep test's `ROLLBACK` waited
  /// forever; ``BlockingRunner/run(abandoningAfter:grace:with:_:)`` says why).
  private var lost: PostgresLedgerError?

  static let logger = Logger(label: "envelope.postgres") { _ in SwiftLogNoOpLogHandler() }
  private static let connectionIDs = NIOLockedValueBox(0)

  private init(location: PostgresLocation, connection: PostgresConnection) {
    self.location = location
    self.connection = connection
  }

  deinit {
    if !isClosed { connection.close().whenComplete { _ in } }
  }

  /// Connects and authenticates, giving up after the location's connect timeout (5 seconds by
  /// default).
  ///
  /// - Parameter location: The server, user, database, password and TLS mode.
  /// - Returns: The open session.
  /// - Throws: ``PostgresLedgerError``: `unreachable`, `timedOut`, `passwordRequired`,
  ///   `wrongPassword`, `refused`, `noDatabase`, `tls` or `connection`.
  public static func connect(to location: PostgresLocation) throws -> PostgresSession {
    let configuration = try PostgresSession.configuration(for: location)
    let id = connectionIDs.withLockedValue { next in
      next += 1
      return next
    }
    let started = ContinuousClock.now
    do {
      let connection = try BlockingRunner.shared.run {
        try await PostgresConnection.connect(
          on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id,
          logger: logger)
      }
      return PostgresSession(location: location, connection: connection)
    } catch {
      throw connectionError(error, location: location, elapsed: ContinuousClock.now - started)
    }
  }

  /// Closes the connection; later calls fail.
  public func close() {
    guard !isClosed else { return }
    isClosed = true
    let connection = self.connection
    _ = try? BlockingRunner.shared.run(abandoningAfter: connection.closeFuture) {
      try await connection.close()
    }
  }

  /// Runs one statement and returns its result.
  ///
  /// - Parameters:
  ///   - sql: One statement; `$1`, `$2`, … stand for `arguments`.
  ///   - arguments: The values of the parameters. Text, numeric and JSON values are sent as
  ///     text: write `$1::jsonb` or `$1::numeric` where the column needs it.
  /// - Returns: The result's columns and rows.
  /// - Throws: ``PostgresLedgerError/query(sqlState:message:)`` when the statement fails,
  ///   ``PostgresLedgerError/connection(server:reason:)`` when the connection does.
  @discardableResult
  public func query(_ sql: String, _ arguments: [PostgresValue] = []) throws -> PostgresResult {
    var bindings = PostgresBindings(capacity: arguments.count)
    for argument in arguments { argument.bind(to: &bindings) }
    let query = PostgresQuery(unsafeSQL: sql, binds: bindings)
    let connection = self.connection
    if let lost { throw lost }
    // PostgresNIO 1.33 drops a query written to a connection the server has already closed
    // (its result never arrives): fail it here instead. The connection can still close between
    // this check and the write; the runner's watchdog covers that.
    guard !connection.isClosed else {
      throw PostgresLedgerError.connection(
        server: location.endpoint.description, reason: "the server closed the connection")
    }
    let location = self.location
    do {
      return try BlockingRunner.shared.run(
        abandoningAfter: connection.closeFuture,
        with: PostgresLedgerError.connection(
          server: location.endpoint.description,
          reason: "the server closed the connection without answering")
      ) {
        let rows = try await connection.query(query, logger: Self.logger)
        let columns = rows.columns.map(\.name)
        var values: [[PostgresValue]] = []
        for try await row in rows {
          values.append(try row.map(PostgresValue.init(cell:)))
        }
        return PostgresResult(columns: columns, rows: values)
      }
    } catch {
      let failure = statementError(error)
      if failure.endsConnection { lost = failure }
      throw failure
    }
  }

  /// Runs every statement of a script, such as a migration, in order.
  ///
  /// - Parameter script: Statements separated by `;` (``SQLScript``).
  /// - Throws: The first statement's error, as ``query(_:_:)``.
  public func run(script: String) throws {
    for statement in SQLScript.statements(script) { try query(statement) }
  }

  /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
  ///
  /// - Parameters:
  ///   - readOnly: Whether the transaction may only read (`BEGIN READ ONLY`).
  ///   - body: What to do in it.
  /// - Returns: What `body` returns.
  /// - Throws: What `body` throws, or the error of `BEGIN` or `COMMIT`.
  public func transaction<Value>(readOnly: Bool = false, _ body: () throws -> Value) throws
    -> Value
  {
    try query(readOnly ? "BEGIN READ ONLY" : "BEGIN")
    let value: Value
    do {
      value = try body()
    } catch {
      _ = try? query("ROLLBACK")
      throw error
    }
    try query("COMMIT")
    return value
  }

  /// A statement's failure as a ``PostgresLedgerError``.
  func statementError(_ error: any Error) -> PostgresLedgerError {
    if let error = error as? PostgresLedgerError { return error }
    guard let error = error as? PSQLError else {
      return .connection(server: location.endpoint.description, reason: "\(type(of: error))")
    }
    if error.code == .server, let info = error.serverInfo {
      return .query(sqlState: info[.sqlState] ?? "", message: info[.message] ?? "")
    }
    return .connection(
      server: location.endpoint.description, reason: Self.reason(error))
  }

  /// What a connection-level PostgresNIO error means, in words.
  static func reason(_ error: PSQLError) -> String {
    switch error.code {
    case .serverClosedConnection, .uncleanShutdown:
      return "the server closed the connection"
    case .clientClosedConnection:
      return "the connection is closed"
    case .connectionError:
      return error.underlying.map(describe) ?? "the connection failed"
    default:
      return error.code.description
    }
  }

  /// A NIO error in words (never the query or its parameters).
  static func describe(_ error: any Error) -> String {
    if let error = error as? IOError {
      return String(cString: strerror(error.errnoCode)).lowercased()
    }
    if let error = error as? NIOConnectionError {
      if let first = error.connectionErrors.first { return describe(first.error) }
      if error.dnsAError != nil || error.dnsAAAAError != nil {
        return "cannot resolve the host name"
      }
      return "no address to connect to"
    }
    if let error = error as? ChannelError, case .connectTimeout = error {
      return "timed out"
    }
    return "\(error)"
  }
}

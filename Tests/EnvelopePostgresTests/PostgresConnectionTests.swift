import Foundation
import NIOCore
import PostgresNIO
import Testing

@testable import EnvelopePostgres

#if canImport(Glibc)
  import Glibc
#endif

/// What a user sees when the server cannot be reached or refuses them: within the connect
/// timeout, naming the server, never showing a password.
struct PostgresConnectionTests {
  /// A TCP socket on 127.0.0.1 that listens and never accepts: the kernel completes up to
  /// `backlog` + 1 handshakes and queues them, then drops further SYNs, as a firewall or a
  /// non-routable address does.
  final class SilentListener {
    let port: Int
    private let descriptor: Int32
    private var clients: [Int32] = []

    init(backlog: Int32) throws {
      let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      address.sin_port = 0
      var length = socklen_t(MemoryLayout<sockaddr_in>.size)
      let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
          bind(descriptor, socketAddress, length) == 0 && listen(descriptor, backlog) == 0
            && getsockname(descriptor, socketAddress, &length) == 0
        }
      }
      guard descriptor >= 0, bound else {
        close(descriptor)
        throw POSIXError(.EADDRNOTAVAIL)
      }
      self.descriptor = descriptor
      port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Completes one handshake that nobody accepts, taking a place in the queue.
    func occupyOnePlace() throws {
      let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      address.sin_port = UInt16(port).bigEndian
      let connected = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
      }
      guard connected else { throw POSIXError(.ECONNREFUSED) }
      clients.append(client)
    }

    deinit {
      for client in clients { close(client) }
      close(descriptor)
    }
  }

  /// A port on 127.0.0.1 where nothing listens: one the kernel just handed out and took back.
  func closedPort() throws -> Int {
    let listener = try SilentListener(backlog: 0)
    return listener.port
  }

  func attempt(_ endpoint: PostgresLocation.Endpoint, user: String = "envelope")
    -> (PostgresLedgerError?, Duration)
  {
    let started = ContinuousClock.now
    let location = PostgresLocation(
      endpoint: endpoint, user: user, database: "ledger", password: PostgresPassword("pw"))
    do {
      _ = try PostgresSession.connect(to: location)
      return (nil, ContinuousClock.now - started)
    } catch {
      return (error as? PostgresLedgerError, ContinuousClock.now - started)
    }
  }

  @Test func aPortWithNothingListeningFailsAtOnceNamingHostAndPort() throws {
    let port = try closedPort()
    let (error, elapsed) = attempt(.tcp(host: "127.0.0.1", port: port))
    #expect(error == .unreachable(server: "127.0.0.1:\(port)", reason: "connection refused"))
    #expect(elapsed < .seconds(5))
    let message = try #require(error).description
    #expect(message.contains("127.0.0.1:\(port)"))
    #expect(message.contains("check that the server is running"))
  }

  /// The connection is never set up: SYNs are dropped, as at a non-routable address, and the
  /// 5-second connect timeout ends the wait.
  @Test func anAddressThatNeverAnswersTimesOutIn5Seconds() throws {
    let listener = try SilentListener(backlog: 0)
    try listener.occupyOnePlace()
    let (error, elapsed) = attempt(.tcp(host: "127.0.0.1", port: listener.port))
    #expect(error == .timedOut(server: "127.0.0.1:\(listener.port)", seconds: 5))
    #expect(elapsed >= .seconds(4.5) && elapsed < .seconds(6.5), "\(elapsed)")
    let message = try #require(error).description
    #expect(message.contains("127.0.0.1:\(listener.port) did not answer within 5 s"))
  }

  /// The connection is made but nothing answers the start-up message (a hung server, or a port
  /// that is not PostgreSQL's): the same 5 seconds cover it.
  @Test func aServerThatNeverRepliesTimesOutIn5Seconds() throws {
    let listener = try SilentListener(backlog: 8)
    let (error, elapsed) = attempt(.tcp(host: "127.0.0.1", port: listener.port))
    #expect(error == .timedOut(server: "127.0.0.1:\(listener.port)", seconds: 5))
    #expect(elapsed >= .seconds(4.5) && elapsed < .seconds(6.5), "\(elapsed)")
  }

  @Test func aSocketFolderWithNoServerNamesTheSocket() throws {
    let (error, elapsed) = attempt(.unixSocket(directory: "/nonexistent/envelope", port: 5432))
    #expect(
      error
        == .unreachable(
          server: "the Unix socket /nonexistent/envelope/.s.PGSQL.5432",
          reason: "no such file or directory"))
    #expect(elapsed < .seconds(5))
  }

  @Test(.needsServer)
  func aWrongPasswordOverTCPSaysSoWithoutShowingIt() throws {
    try TestServer.withDatabase { ledger in
      // cluster.sh has TCP ask for a SCRAM password; the superuser has none, so a role of the
      // test's own logs in over TCP.
      let role = "envelope_writer_\(UUID().uuidString.prefix(8).lowercased())"
      let password = "correct-horse-\(UUID().uuidString)"
      try TestServer.asAdministrator {
        try $0.query("CREATE ROLE \(role) LOGIN PASSWORD '\(password)'")
      }
      defer { _ = try? TestServer.asAdministrator { try $0.query("DROP ROLE \(role)") } }
      let endpoint = try TestServer.tcpEndpoint()
      var location = PostgresLocation(endpoint: endpoint, user: role, database: ledger.database)

      let wrong = "wrong-battery-\(UUID().uuidString)"
      location.password = PostgresPassword(wrong)
      let refused = #expect(throws: PostgresLedgerError.self) {
        try PostgresSession.connect(to: location)
      }
      #expect(refused == .wrongPassword(user: role, server: endpoint.description))
      let message = try #require(refused).description
      #expect(message.contains("refused the password for user '\(role)'"))
      #expect(!message.contains(wrong) && !message.contains(password))

      location.password = nil
      #expect(
        throws: PostgresLedgerError.passwordRequired(user: role, server: endpoint.description)
      ) {
        try PostgresSession.connect(to: location)
      }

      // The right password gets in, so the refusals above were the password's.
      location.password = PostgresPassword(password)
      let session = try PostgresSession.connect(to: location)
      defer { session.close() }
      #expect(try session.query("SELECT current_user::text").rows == [[.text(role)]])
    }
  }

  /// A statement after the server ended the connection fails, however it is sent.
  ///
  /// The server ends the connection between two statements (as a restart does): the next
  /// statement fails at once saying so, and even a statement handed to PostgresNIO after the
  /// connection closed gets an error. PostgresNIO 1.33.2 writes a statement to the channel
  /// without a promise, so a write that fails on the closed channel leaves it unanswered: here
  /// the error that arrives is the runner's, after its grace of 2 s (without it, this hangs).
  @Test(.needsServer)
  func aStatementAfterTheServerEndedTheConnectionFails() throws {
    try TestServer.withDatabase { location in
      let session = try PostgresSession.connect(to: location)
      defer { session.close() }
      let pid = try #require(session.query("SELECT pg_backend_pid()").rows.first?.first)
      try TestServer.asAdministrator {
        try $0.query("SELECT pg_terminate_backend($1::integer)", [pid])
      }
      let connection = session.connection
      try connection.closeFuture.wait()

      #expect(throws: PostgresLedgerError.self) { try session.query("SELECT 1") }

      struct Abandoned: Error {}
      let started = ContinuousClock.now
      #expect(throws: (any Error).self) {
        try BlockingRunner.shared.run(
          abandoningAfter: connection.closeFuture, grace: .seconds(2), with: Abandoned()
        ) {
          _ = try await connection.query("SELECT 1", logger: PostgresSession.logger)
        }
      }
      #expect(ContinuousClock.now - started < .seconds(30))
    }
  }

  @Test(.needsServer)
  func aMissingDatabaseIsNamed() throws {
    var location = try TestServer.administrator()
    location.database = "envelope_no_such_database"
    #expect(
      throws: PostgresLedgerError.noDatabase(
        name: "envelope_no_such_database", server: location.endpoint.description)
    ) { try PostgresSession.connect(to: location) }
  }
}

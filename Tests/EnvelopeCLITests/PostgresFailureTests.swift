import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// What a PostgreSQL ledger does when the server cannot be reached, refuses the password, or
/// goes away in the middle of a write.
@Suite(
  .enabled(
    if: TestServer.url != nil, "needs ENVELOPE_TEST_POSTGRES_URL (make test starts a server)"))
struct PostgresFailureTests {
  /// A socket on 127.0.0.1 with a free port: listening (the kernel completes connections but
  /// nothing ever answers, as a server that hangs), or closed when `listening` is false.
  ///
  /// - Returns: The socket (close it when done) and its port.
  static func localSocket(listening: Bool) throws -> (socket: Int32, port: Int) {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    try withUnsafeMutablePointer(to: &address) { pointer in
      try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
        guard bind(socket, raw, length) == 0, getsockname(socket, raw, &length) == 0,
          !listening || listen(socket, 16) == 0
        else {
          throw TestServer.Failure(description: "cannot open a local socket")
        }
      }
    }
    let port = Int(UInt16(bigEndian: address.sin_port))
    if !listening { close(socket) }
    return (socket, port)
  }

  /// The test server's TCP port (it listens on 127.0.0.1 and on its socket with one port).
  static func serverPort() throws -> String {
    try TestServer.psql("SHOW port").trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Nothing listening, and a listener that never answers (what an unreachable or hung
  /// server looks like; only loopback addresses are used).
  @Test func anUnreachableServerFailsWithinFiveSecondsNamingIt() throws {
    let sandbox = try Sandbox(ledger: false)
    let closed = try Self.localSocket(listening: false)
    let silent = try Self.localSocket(listening: true)
    defer { close(silent.socket) }
    for (url, server) in [
      ("postgresql://planner@127.0.0.1:\(closed.port)/envelope", "127.0.0.1:\(closed.port)"),
      ("postgresql://planner@127.0.0.1:\(silent.port)/envelope", "127.0.0.1:\(silent.port)"),
    ] {
      let started = ContinuousClock.now
      let result = try sandbox.run(["history", "--db", url])
      let elapsed = ContinuousClock.now - started
      #expect(result.status == 1, "\(result.stderr)")
      #expect(elapsed < .seconds(7), "took \(elapsed)")
      #expect(result.stderr.hasPrefix("error: cannot open the ledger \(url)"), "\(result.stderr)")
      #expect(result.stderr.contains(server), "\(result.stderr)")
      #expect(result.stderr.contains("check"), "\(result.stderr)")
      #expect(result.stdout.isEmpty)
    }
  }

  @Test func aWrongPasswordIsSaidWithoutShowingIt() throws {
    let role = "envelope_pw_" + UUID().uuidString.prefix(8).lowercased()
    try TestServer.psql("CREATE ROLE \(role) LOGIN PASSWORD 'right-horse-battery'")
    defer { _ = try? TestServer.psql("DROP ROLE IF EXISTS \(role)") }
    let database = try TestServer.createDatabase()
    defer { try? TestServer.dropDatabase(database) }
    try TestServer.psql("ALTER DATABASE \(database) OWNER TO \(role)")
    let port = try Self.serverPort()
    let sandbox = try Sandbox(ledger: false)
    let secret = "wrong-staple-\(UUID().uuidString.prefix(6))"
    let inURL = "postgresql://\(role):\(secret)@127.0.0.1:\(port)/\(database)"
    let withoutPassword = "postgresql://\(role)@127.0.0.1:\(port)/\(database)"
    let runs = [
      try sandbox.run(["ledger", "init", "--db", inURL]),
      try sandbox.run(
        ["ledger", "init", "--db", withoutPassword], environment: ["PGPASSWORD": secret]),
    ]
    for result in runs {
      #expect(result.status == 1)
      #expect(result.stderr.contains("refused the password for user '\(role)'"), "\(result.stderr)")
      #expect(!result.stderr.contains(secret), "the password was shown: \(result.stderr)")
      #expect(!result.stdout.contains(secret))
    }
    // The right password works, and no output or snapshot holds it.
    let right = "postgresql://\(role):right-horse-battery@127.0.0.1:\(port)/\(database)"
    let created = try sandbox.run(["ledger", "init", "--db", right])
    #expect(created.status == 0, "\(created.stderr)")
    #expect(created.stdout.contains(withoutPassword), "\(created.stdout)")
    let estimate = try sandbox.run(["estimate", "seed-chat", "--db", right, "--explain"])
    let shown = try sandbox.run(["show", "1", "--db", right, "--format", "json"])
    for output in [created.stdout, estimate.stdout, estimate.stderr, shown.stdout] {
      #expect(!output.contains("right-horse-battery"))
    }
  }

  @Test func aConnectionDroppedMidSweepLeavesNothing() throws {
    let sandbox = try Sandbox(backend: .postgresql)
    let name = String(sandbox.database.split(separator: "/").last ?? "")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Sandbox.binary)
    process.arguments = [
      "sweep", "seed-chat", "--vary", "dau=1M..400M:+1M", "--vary", "requests-per-user=1..50:+1",
      "--db", sandbox.database,
    ]
    process.environment = ["HOME": sandbox.folder.path, "PATH": "/usr/bin:/bin"]
    // To files, not pipes: nothing reads them while the sweep runs, and a full pipe would stop it.
    let errorPath = sandbox.path("sweep.err")
    #expect(FileManager.default.createFile(atPath: errorPath, contents: nil))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    // Wait until the sweep is writing, then end its connection from the server's side.
    var terminated = false
    for _ in 0..<300 where !terminated {
      Thread.sleep(forTimeInterval: 0.1)
      let killed = try TestServer.psql(
        """
        SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
        WHERE datname = '\(name)' AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
          AND query LIKE 'INSERT INTO sweep_points%'
        """)
      terminated = killed.trimmingCharacters(in: .whitespacesAndNewlines) != "0"
    }
    if !terminated { process.terminate() }
    // A command whose connection is gone must end, not wait for an answer that never comes.
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    let hung = process.isRunning
    if hung { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    #expect(!hung, "the sweep still ran 60 s after its connection was ended")
    let message = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    #expect(terminated, "the sweep never started writing")
    #expect(process.terminationStatus == 1, "\(message)")
    // The cause depends on when the server ends it: between statements ("the server closed the
    // connection") or during one (its own "terminating connection …" message).
    #expect(message.hasPrefix("error: "), "\(message)")
    #expect(message.contains("; nothing this command was writing was recorded"), "\(message)")
    let left = try sandbox.succeed([
      "sql",
      "SELECT (SELECT count(*) FROM sweeps) AS sweeps, "
        + "(SELECT count(*) FROM sweep_points) AS points", "--format", "csv",
    ])
    #expect(left.stdout == "sweeps,points\n0,0\n")
  }
}

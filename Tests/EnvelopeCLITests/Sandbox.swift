import Foundation
import Testing

/// What one run of the `envelope` binary printed and returned.
struct Run {
  var status: Int32
  var stdout: String
  var stderr: String

  /// Standard output parsed as a JSON object or array.
  func json() throws -> Any {
    try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
  }

  /// Standard output parsed as a JSON object.
  func object() throws -> [String: Any] {
    try #require(try json() as? [String: Any], "not a JSON object: \(stdout)")
  }
}

extension Run {
  /// Runs a tool found on `PATH` (sqlite3, psql, pg_dump) and captures what it printed.
  static func tool(_ arguments: [String]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}

/// Where a sandbox keeps its ledger.
enum Backend: String, Sendable, CustomTestStringConvertible {
  /// A SQLite file in the sandbox's folder.
  case sqlite
  /// A new database of the test server (`ENVELOPE_TEST_POSTGRES_URL`, which `make test` starts).
  case postgresql

  /// The backends to run a test on: SQLite always, PostgreSQL when the tests have a server.
  static let available: [Backend] = TestServer.url == nil ? [.sqlite] : [.sqlite, .postgresql]

  var testDescription: String { rawValue }
}

/// A temporary folder with its own ledger, HOME and XDG folders, in which tests run the built
/// `envelope` binary; nothing touches the user's own ledger.
final class Sandbox: @unchecked Sendable {
  let folder: URL
  let backend: Backend
  /// The ledger: a file in the folder, or a database of its own on the test server.
  let database: String
  /// The server database made for this sandbox, dropped with it.
  private let serverDatabase: String?

  /// The binary under test: `ENVELOPE_BINARY`, else the one built beside the test bundle.
  static let binary: String = {
    if let path = ProcessInfo.processInfo.environment["ENVELOPE_BINARY"] { return path }
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("envelope")
    if FileManager.default.fileExists(atPath: beside.path) { return beside.path }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(".build/debug/envelope").path
  }()

  /// A new ledger made once per test run with `envelope ledger init`, copied into each sandbox.
  static let template: Result<URL, any Error> = Result {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("envelope-template-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("ledger.sqlite")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["ledger", "init", "--db", path.path]
    process.standardOutput = Pipe()
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path.path])
    }
    return path
  }

  /// The template ledger on the test server, made once per test run with `envelope ledger init`.
  static let serverTemplate: Result<String, any Error> = Result {
    let name = try TestServer.createDatabase()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["ledger", "init", "--db", try TestServer.url(database: name)]
    process.standardOutput = Pipe()
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: name])
    }
    return name
  }

  /// A sandbox with a new ledger at `database`, or none when `ledger` is false.
  ///
  /// - Parameters:
  ///   - ledger: Whether to start with a ledger (a copy of a template made by `ledger init`).
  ///   - backend: Where the ledger is.
  /// - Throws: When the folder, the ledger or the server's database cannot be made.
  init(ledger: Bool = true, backend: Backend = .sqlite) throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("envelope-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    self.backend = backend
    switch backend {
    case .sqlite:
      database = folder.appendingPathComponent("ledger.sqlite").path
      serverDatabase = nil
      if ledger {
        try FileManager.default.copyItem(
          at: try Self.template.get(), to: URL(fileURLWithPath: database))
      }
    case .postgresql:
      let name = try TestServer.createDatabase(
        template: ledger ? try Self.serverTemplate.get() : nil)
      database = try TestServer.url(database: name)
      serverDatabase = name
    }
  }

  deinit {
    try? FileManager.default.removeItem(at: folder)
    if let serverDatabase { try? TestServer.dropDatabase(serverDatabase) }
  }

  func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  /// How long a command may run before ``run(_:environment:useDatabase:stdin:)`` kills it.
  static let hangSeconds = 300.0

  /// Runs `envelope` with `arguments`, the sandbox's ledger unless `--db` is given.
  @discardableResult
  func run(
    _ arguments: [String], environment extra: [String: String] = [:], useDatabase: Bool = true,
    stdin: String? = nil
  ) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.binary)
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = folder.path
    environment["XDG_DATA_HOME"] = folder.appendingPathComponent("xdg").path
    environment["NO_COLOR"] = "1"
    environment["ENVELOPE_DB"] = useDatabase ? database : nil
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    let input = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = input
    try process.run()
    // A command still running after five minutes is hung: killed, so that one test fails
    // rather than the whole suite waiting until CI's time limit. The queue keeps even a
    // cancelled item until its deadline, so the item holds the process weakly: held strongly, it
    // kept each run's pipes open for five minutes, and the suite ran past 1,024 descriptors,
    // where Foundation's Process.run crashes.
    let watchdog = DispatchWorkItem { [weak process] in
      if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + Self.hangSeconds, execute: watchdog)
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    watchdog.cancel()
    #expect(
      process.terminationReason == .exit,
      "envelope died of a signal (killed if still running after \(Self.hangSeconds) s): \(arguments)"
    )
    return Run(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// Runs and expects success.
  @discardableResult
  func succeed(_ arguments: [String], stdin: String? = nil) throws -> Run {
    let result = try run(arguments, stdin: stdin)
    #expect(result.status == 0, "\(arguments) failed: \(result.stderr)")
    #expect(result.stderr.isEmpty, "\(arguments) wrote to stderr: \(result.stderr)")
    return result
  }

  /// The whole ledger as SQL text, to compare before and after a command: `sqlite3 .dump` of
  /// the file (or of `path`), or `pg_dump` of the server's database (schema, rows and the
  /// sequences' next values), without the `\restrict` lines whose key changes with each dump.
  func dump(_ path: String? = nil) throws -> String {
    let arguments =
      switch backend {
      case .sqlite: ["sqlite3", path ?? database, ".dump"]
      case .postgresql: ["pg_dump", "--dbname", path ?? database]
      }
    let run = try Run.tool(arguments)
    let text = run.stdout
    guard run.status == 0, !text.isEmpty else {
      throw TestServer.Failure(description: "\(arguments) failed: \(run.stderr)")
    }
    return text.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.hasPrefix("\\restrict ") && !$0.hasPrefix("\\unrestrict ") }
      .joined(separator: "\n")
  }

  /// Runs one SQL statement on the ledger behind Envelope's back, with `sqlite3` or `psql` (as
  /// the server's superuser), as someone editing the ledger by hand would.
  @discardableResult
  func execute(_ sql: String) throws -> Run {
    let arguments =
      switch backend {
      case .sqlite: ["sqlite3", database, sql]
      case .postgresql: ["psql", database, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql]
      }
    return try Run.tool(arguments)
  }

  /// Whether the sandbox's ledger exists: the file, or any table or view in the server's
  /// database (which an empty sandbox has none of).
  func ledgerExists() throws -> Bool {
    guard let serverDatabase else { return FileManager.default.fileExists(atPath: database) }
    let count = try TestServer.psql(
      """
      SELECT count(*) FROM information_schema.tables
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
      """, database: serverDatabase)
    return count.trimmingCharacters(in: .whitespacesAndNewlines) != "0"
  }
}

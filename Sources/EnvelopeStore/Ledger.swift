import EnvelopeCore
import Foundation
internal import GRDB

/// The ledger: one database holding the catalogue, the scenarios and every recorded estimate.
///
/// Modelled on GRDB's demo `AppDatabase`: one value holding a database writer, a SQLite file
/// (``init(path:create:clock:)``) or memory (``inMemory(clock:)``, for tests), migrated the
/// same way on open; or a database server a backend connected to (``init(server:clock:)``).
/// Every write is one transaction that keeps the ledger's invariants (`BEGIN IMMEDIATE` on
/// SQLite; under the ledger's write lock on a server); reads return engine values. No database
/// library's type crosses this interface.
public struct Ledger: Sendable {
  /// `application_id` of an Envelope ledger: 0x454E5646, "ENVF".
  static let applicationID = 1_162_761_798

  /// Where the ledger lives, as messages name it: the file's path, `:memory:` for a ledger in
  /// memory, or a server's location (never with a password).
  public let path: String
  let backend: Backend
  /// The time stamped on catalogue changes and measurements.
  let clock: @Sendable () -> UTCTimestamp

  /// Opens (creating when asked) and migrates the ledger at `path`.
  ///
  /// - Parameters:
  ///   - path: The SQLite file.
  ///   - create: Whether to create the file and its folder when they are missing.
  ///   - clock: Now, as stamped on what the ledger writes for its callers.
  /// - Throws: ``StoreError`` when the file is missing (and `create` is false), cannot be
  ///   opened, is not an Envelope ledger, or was written by a newer or different Envelope.
  public init(
    path: String, create: Bool = true,
    clock: @escaping @Sendable () -> UTCTimestamp = Ledger.systemClock
  ) throws {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
      if isDirectory.boolValue {
        throw StoreError.cannotOpen(path: path, reason: "it is a directory")
      }
    } else {
      guard create else { throw StoreError.missingDatabase(path: path) }
      let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
      do {
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
      } catch {
        throw StoreError.cannotOpen(
          path: path, reason: "cannot create the folder \(folder.path)")
      }
    }
    let lock = FileLock(path: path + ".lock")
    defer { withExtendedLifetime(lock) {} }
    do {
      let queue = try DatabaseQueue(path: path, configuration: Self.configuration())
      try self.init(writer: queue, path: path, clock: clock, wal: true)
    } catch {
      throw StoreError(error, path: path)
    }
  }

  /// A new, migrated ledger in memory, gone when the last copy of it is released.
  ///
  /// - Parameter clock: Now, as stamped on what the ledger writes for its callers.
  /// - Returns: A ledger holding the shipped catalogue and nothing else.
  /// - Throws: ``StoreError`` when SQLite cannot open or migrate it.
  public static func inMemory(
    clock: @escaping @Sendable () -> UTCTimestamp = Ledger.systemClock
  ) throws -> Ledger {
    let path = ":memory:"
    do {
      let queue = try DatabaseQueue(configuration: configuration())
      return try Ledger(writer: queue, path: path, clock: clock, wal: false)
    } catch {
      throw StoreError(error, path: path)
    }
  }

  /// Migrates `writer` and wraps it.
  ///
  /// - Parameters:
  ///   - writer: A connection made with ``configuration()``.
  ///   - path: The file's path, for messages.
  ///   - clock: Now, as stamped on what the ledger writes for its callers.
  ///   - wal: Whether to switch the file to write-ahead logging after migrating.
  /// - Throws: What ``migrate(_:path:wal:)`` throws, or a database error.
  init(
    writer: any DatabaseWriter, path: String, clock: @escaping @Sendable () -> UTCTimestamp,
    wal: Bool
  ) throws {
    self.path = path
    self.backend = .sqlite(writer)
    self.clock = clock
    try writer.writeWithoutTransaction { db in
      try Self.migrate(db, path: path, wal: wal)
    }
  }

  /// A ledger in a database server, already migrated by its backend.
  ///
  /// - Parameters:
  ///   - server: The server's connection, from a backend such as EnvelopePostgres.
  ///   - clock: Now, as stamped on what the ledger writes for its callers.
  public init(
    server: any LedgerServer, clock: @escaping @Sendable () -> UTCTimestamp = Ledger.systemClock
  ) {
    self.path = server.location
    self.backend = .server(server)
    self.clock = clock
  }

  /// Where a ledger's tables are.
  enum Backend: Sendable {
    case sqlite(any DatabaseWriter)
    case server(any LedgerServer)
  }

  /// The SQLite connection, for tests that look below the ledger's interface.
  ///
  /// - Throws: ``StoreError/database(reason:)`` for a ledger on a server.
  func sqliteWriter() throws -> any DatabaseWriter {
    guard case .sqlite(let writer) = backend else {
      throw StoreError.database(reason: "\(path) is not a SQLite ledger")
    }
    return writer
  }

  /// How every connection to a ledger is set up: a 10-second busy timeout, foreign keys
  /// enforced, `synchronous = FULL`.
  static func configuration() -> Configuration {
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    configuration.foreignKeysEnabled = true
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    return configuration
  }

  /// The system's clock, to the second.
  ///
  /// - Returns: Now.
  @Sendable public static func systemClock() -> UTCTimestamp {
    UTCTimestamp(secondsSince1970: Int64(Date().timeIntervalSince1970.rounded(.down)))
  }

  /// The schema version of this ledger and the latest this binary knows.
  public func schemaVersion() throws -> (applied: Int, known: Int) {
    let applied = try read { db in
      try db.value(Int.self, "SELECT max(version) FROM envelope_migrations") ?? 0
    }
    return (applied, Migration.latestVersion)
  }

  /// Runs a read, mapping database errors to ``StoreError``.
  func read<T>(_ body: (SQLSession) throws -> T) throws -> T {
    switch backend {
    case .sqlite(let writer):
      do {
        return try writer.read { db in try body(SQLSession(connection: .sqlite(db))) }
      } catch {
        throw StoreError(error, path: path)
      }
    case .server(let server):
      return try server.transaction(writing: false) { connection in
        try body(SQLSession(connection: .server(connection)))
      }
    }
  }

  /// Runs one write transaction (`BEGIN IMMEDIATE` on SQLite), mapping database errors to
  /// ``StoreError``; any other error the body throws rolls the transaction back and is rethrown
  /// as is.
  func write<T>(_ body: (SQLSession) throws -> T) throws -> T {
    switch backend {
    case .sqlite(let writer):
      do {
        return try writer.write { db in try body(SQLSession(connection: .sqlite(db))) }
      } catch let error as DatabaseError {
        throw StoreError(error, path: path)
      }
    case .server(let server):
      return try server.transaction(writing: true) { connection in
        try body(SQLSession(connection: .server(connection)))
      }
    }
  }
}

extension StoreError {
  /// Wraps any error met while using the ledger at `path`.
  init(_ error: any Error, path: String) {
    if let error = error as? StoreError {
      self = error
      return
    }
    guard let error = error as? DatabaseError else {
      self = .database(reason: "\(error)")
      return
    }
    let message = error.message ?? "\(error)"
    switch error.resultCode {
    case .SQLITE_NOTADB: self = .notADatabase(path: path)
    case .SQLITE_CORRUPT: self = .corrupt(path: path, reason: message)
    case .SQLITE_READONLY: self = .readOnly(path: path)
    case .SQLITE_FULL: self = .diskFull(path: path)
    case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy(path: path)
    case .SQLITE_CANTOPEN: self = .cannotOpen(path: path, reason: message)
    case .SQLITE_CONSTRAINT: self = .refused(reason: message)
    case .SQLITE_IOERR:
      self = .database(reason: "input/output error on \(path): \(message)")
    default: self = .database(reason: message)
    }
  }
}

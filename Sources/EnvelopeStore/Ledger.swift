import EnvelopeCore
import Foundation
internal import GRDB

/// The ledger: one SQLite database holding the catalogue, the scenarios and every recorded
/// estimate.
///
/// Modelled on GRDB's demo `AppDatabase`: one value holding a database writer, a file
/// (``init(path:create:clock:)``) or memory (``inMemory(clock:)``, for tests), migrated the
/// same way on open. Every write is one `BEGIN IMMEDIATE` transaction that keeps the ledger's
/// invariants; reads return engine values. No GRDB type crosses this interface.
public struct Ledger: Sendable {
  /// `application_id` of an Envelope ledger: 0x454E5646, "ENVF".
  static let applicationID = 1_162_761_798

  /// The file's path; `:memory:` for a ledger in memory.
  public let path: String
  let writer: any DatabaseWriter
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
    self.writer = writer
    self.clock = clock
    try writer.writeWithoutTransaction { db in
      try Self.migrate(db, path: path, wal: wal)
    }
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
      try Int.fetchOne(db, sql: "SELECT max(version) FROM envelope_migrations") ?? 0
    }
    return (applied, Migration.latestVersion)
  }

  /// Runs a read, mapping database errors to ``StoreError``.
  func read<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try writer.read(body)
    } catch {
      throw StoreError(error, path: path)
    }
  }

  /// Runs one `BEGIN IMMEDIATE` write transaction, mapping database errors to ``StoreError``;
  /// any other error the body throws rolls the transaction back and is rethrown as is.
  func write<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try writer.write(body)
    } catch let error as DatabaseError {
      throw StoreError(error, path: path)
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

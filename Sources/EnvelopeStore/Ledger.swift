import EnvelopeCore
import Foundation
import GRDB

/// The ledger: one SQLite file holding the catalogue, the scenarios and every recorded estimate.
///
/// Opening a ledger creates the file and its folder when missing and applies the migrations
/// this binary carries. Every write is one `BEGIN IMMEDIATE` transaction that keeps the
/// ledger's invariants; reads return engine values. No GRDB type crosses this interface.
public struct Ledger: Sendable {
  /// `application_id` of an Envelope ledger: 0x454E5646, "ENVF".
  static let applicationID = 1_162_761_798

  /// The file's path.
  public let path: String
  let writer: DatabaseQueue

  /// Opens (creating when asked) and migrates the ledger at `path`.
  ///
  /// - Parameters:
  ///   - path: The SQLite file.
  ///   - create: Whether to create the file and its folder when they are missing.
  /// - Throws: ``StoreError`` when the file is missing (and `create` is false), cannot be
  ///   opened, is not an Envelope ledger, or was written by a newer or different Envelope.
  public init(path: String, create: Bool = true) throws {
    self.path = path
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
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    configuration.foreignKeysEnabled = true
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    do {
      writer = try DatabaseQueue(path: path, configuration: configuration)
      try writer.writeWithoutTransaction { db in
        try Self.migrate(db, path: path)
      }
    } catch {
      throw StoreError(error, path: path)
    }
  }

  /// The current time as the ledger writes it: UTC ISO 8601 to the second.
  static func timestamp() -> String {
    UTCTimestamp(secondsSince1970: Int64(Date().timeIntervalSince1970.rounded(.down))).description
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

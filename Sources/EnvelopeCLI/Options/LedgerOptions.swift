import ArgumentParser
import EnvelopeStore
import Foundation

/// `--db PATH|URL`: which ledger a command uses.
struct LedgerOptions: ParsableArguments {
  @Option(
    name: .customLong("db"),
    help: ArgumentHelp(
      "The ledger: a SQLite file, or a postgresql://user@host:port/database URL (default: "
        + "$ENVELOPE_DB, else $XDG_DATA_HOME/envelope/ledger.sqlite, else "
        + "~/.local/share/envelope/ledger.sqlite).",
      valueName: "path|url"))
  var database: String?

  /// Options naming `location`, as `--db location` would.
  static func at(_ location: String) -> LedgerOptions {
    var options = LedgerOptions()
    options.database = location
    return options
  }

  /// The ledger's path: `--db`, else `ENVELOPE_DB`, else the XDG data folder.
  var path: String { location.path }

  /// The ledger's path, and whether the user named it (`--db`, `ENVELOPE_DB`) rather than
  /// taking the default.
  var location: (path: String, named: Bool) {
    let environment = ProcessInfo.processInfo.environment
    if let database, !database.isEmpty { return (database, true) }
    if let path = environment["ENVELOPE_DB"], !path.isEmpty { return (path, true) }
    let dataHome =
      environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? (NSHomeDirectory() + "/.local/share")
    return (dataHome + "/envelope/ledger.sqlite", false)
  }

  func validate() throws {
    if let database, database.isEmpty {
      throw ValidationError("--db needs a file path or a postgresql:// URL")
    }
  }

  /// What a command does with the ledger.
  enum Access {
    /// Only reads: a ledger the user named must exist.
    case reading
    /// Records or changes something: a ledger the user named is created when missing.
    case writing
  }

  /// Opens and migrates the ledger.
  ///
  /// The default ledger is created on first use. A path the user named that holds no ledger
  /// is created only by a writing command, which says so on standard error once it succeeds
  /// (a command that fails removes the ledger and the folders it made, ``CreatedLedger``); a
  /// reading command fails naming the path, so a typo in `--db` never makes a new, empty
  /// ledger.
  ///
  /// - Parameter access: Whether the command writes.
  /// - Returns: The ledger, migrated.
  /// - Throws: ``CLIError/failure(_:)`` for a named path with no ledger and a reading command;
  ///   ``StoreError`` when the ledger cannot be opened.
  func open(for access: Access) throws -> Ledger {
    let (path, named) = location
    if LedgerLocation.isServer(path) {
      do {
        return try Ledger.open(path, create: false)
      } catch StoreError.missingDatabase(let path) {
        guard access == .writing else { throw Self.missing(path) }
      }
      // A server database holds no ledger yet: a writing command makes one there and says so,
      // as it does for a new file. A failing command leaves the empty schema: the database is
      // the user's own, and dropping tables another process may have begun to use is not safe.
      let ledger = try Ledger.open(path, create: true)
      CreatedLedger.shared.record(path: ledger.path, folders: [], removable: false)
      return ledger
    }
    guard named, !FileManager.default.fileExists(atPath: path) else {
      return try Ledger(path: path)
    }
    guard access == .writing else { throw Self.missing(path) }
    var folders: [String] = []
    var folder = (path as NSString).deletingLastPathComponent
    while !folder.isEmpty, folder != "/", !FileManager.default.fileExists(atPath: folder) {
      folders.append(folder)
      folder = (folder as NSString).deletingLastPathComponent
    }
    let ledger = try Ledger(path: path)
    CreatedLedger.shared.record(path: path, folders: folders, removable: true)
    return ledger
  }

  /// Opens an existing ledger without creating one.
  func openExisting() throws -> Ledger {
    if LedgerLocation.isServer(path) { return try open(for: .reading) }
    guard FileManager.default.fileExists(atPath: path) else { throw Self.missing(path) }
    return try Ledger(path: path, create: false)
  }

  static func missing(_ path: String) -> CLIError {
    .failure(
      "no ledger at \(path); check the path, or create one with 'envelope ledger init --db \(path)'"
    )
  }
}

/// How a command prints data.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, csv, jsonl
}

/// `--format`: how a command prints its data.
struct FormatOptions: ParsableArguments {
  @Option(
    name: .customLong("format"),
    help: ArgumentHelp(
      "Output format: table (human units), json or csv (base units: bytes, seconds, FLOP/s); "
        + "jsonl for lists.",
      valueName: "format"))
  var format: OutputFormat = .table
}

/// A ledger a writing command created at a path the user named.
///
/// It is announced when the command succeeds and removed, with the folders made for it, when it
/// fails: a failing command writes nothing. A ledger made in a server's database is announced,
/// never removed.
final class CreatedLedger: @unchecked Sendable {
  static let shared = CreatedLedger()
  private let lock = NSLock()
  private var path: String?
  private var folders: [String] = []
  private var removable = false

  func record(path: String, folders: [String], removable: Bool) {
    lock.withLock {
      self.path = path
      self.folders = folders
      self.removable = removable
    }
  }

  /// Says on standard error that the command created the ledger.
  func announce() {
    lock.withLock {
      if let path { Console.error("note: created a new ledger at \(path)") }
      path = nil
    }
  }

  /// Removes the ledger the failed command created, its companion files and the folders made
  /// for it (deepest first, only when empty).
  func discard() {
    lock.withLock {
      guard let path, removable else {
        self.path = nil
        return
      }
      let manager = FileManager.default
      for suffix in ["", "-wal", "-shm", "-journal", ".lock"] {
        try? manager.removeItem(atPath: path + suffix)
      }
      for folder in folders {
        if (try? manager.contentsOfDirectory(atPath: folder))?.isEmpty == true {
          try? manager.removeItem(atPath: folder)
        }
      }
      self.path = nil
    }
  }
}

import ArgumentParser
import EnvelopeStore
import Foundation

/// `--db PATH`: which ledger a command uses.
struct LedgerOptions: ParsableArguments {
  @Option(
    name: .customLong("db"),
    help: ArgumentHelp(
      "The ledger file (default: $ENVELOPE_DB, else $XDG_DATA_HOME/envelope/ledger.sqlite, "
        + "else ~/.local/share/envelope/ledger.sqlite).",
      valueName: "path"))
  var database: String?

  /// The ledger's path: `--db`, else `ENVELOPE_DB`, else the XDG data folder.
  var path: String {
    let environment = ProcessInfo.processInfo.environment
    if let database, !database.isEmpty { return database }
    if let path = environment["ENVELOPE_DB"], !path.isEmpty { return path }
    let dataHome =
      environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? (NSHomeDirectory() + "/.local/share")
    return dataHome + "/envelope/ledger.sqlite"
  }

  func validate() throws {
    if let database, database.isEmpty {
      throw ValidationError("--db needs a file path")
    }
  }

  /// Opens (creating when missing) and migrates the ledger.
  func open() throws -> Ledger {
    try Ledger(path: path)
  }

  /// Opens an existing ledger without creating one.
  func openExisting() throws -> Ledger {
    try Ledger(path: path, create: false)
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

import EnvelopeStore
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Hands a command line that names a server ledger to `envelope-postgresql`.
///
/// The PostgreSQL client (PostgresNIO, SwiftNIO) adds thousands of protocol conformances that
/// the Swift runtime scans on start-up: linked into `envelope`, it would slow every SQLite
/// command (BENCHMARKS.md, "Start-up with a server backend"). So `envelope` is built without it,
/// and `envelope-postgresql`, built beside it from the same sources plus EnvelopePostgres, runs
/// the commands whose ledger is on a server. This process replaces itself with that one
/// (`execv`: same arguments, environment, standard streams and exit code), so a user or a
/// script only ever runs `envelope`.
enum ServerHandoff {
  /// The executable that can open server ledgers, beside this one.
  static let companion = "envelope-postgresql"

  /// Replaces this process with ``companion`` when the command line or `ENVELOPE_DB` names a
  /// server ledger that this program cannot open; returns otherwise (and the command then
  /// fails naming what is missing, if it really opens such a ledger).
  ///
  /// - Parameter arguments: The arguments after the program name.
  static func handOffIfNeeded(_ arguments: [String]) {
    // getenv rather than ProcessInfo's environment, which copies every variable: this runs on
    // every command's start-up.
    let environment = getenv("ENVELOPE_DB").map { String(cString: $0) } ?? ""
    let locations = arguments.map {
      $0.hasPrefix("--") ? String($0.drop { $0 != "=" }.dropFirst()) : $0
    }
    guard
      let server = (locations + [environment]).first(where: LedgerLocation.isServer),
      !LedgerLocation.canOpen(server),
      let executable = companionPath()
    else { return }
    Console.flush()
    var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) }
    argv.append(nil)
    execv(executable, argv)
    // Only reached when execv failed: carry on, and the command says what it cannot open.
    for pointer in argv { free(pointer) }
  }

  /// `envelope-postgresql` in this executable's folder, when it is there and executable.
  static func companionPath() -> String? {
    guard let own = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    else { return nil }
    let path = (own as NSString).deletingLastPathComponent + "/" + companion
    return access(path, X_OK) == 0 ? path : nil
  }
}

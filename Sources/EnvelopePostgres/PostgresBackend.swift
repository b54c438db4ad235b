import EnvelopeStore
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Makes `postgresql://` ledgers available to the store (``EnvelopeStore/LedgerLocation``).
public enum PostgresBackend {
  /// Registers the backend; `envelope-postgresql` does it first thing.
  public static func register() {
    LedgerLocation.register(
      LedgerLocation.Backend(
        schemes: LedgerLocation.serverSchemes,
        open: { url, create in try open(url, create: create) },
        reader: { url in
          let session = try connect(url)
          do { return try PostgresLedgerReader(session: session) } catch let error
            as PostgresLedgerError
          {
            throw StoreError(error, location: session.location.description)
          }
        }))
  }

  /// Connects to the URL, as libpq would: environment variables, `~/.pgpass`, the login name.
  ///
  /// - Throws: ``EnvelopeStore/StoreError/cannotOpen(path:reason:)`` saying what failed.
  static func connect(_ url: String) throws -> PostgresSession {
    let environment = ProcessInfo.processInfo.environment
    var location = PostgresLocation.redacted(url)
    do {
      let parsed = try PostgresLocation(url: url, environment: environment, loginName: loginName())
      location = parsed.description
      let resolved = parsed.resolvingPassword(
        environment: environment, homeDirectory: NSHomeDirectory())
      // As libpq does, say on standard error why a password file was not used.
      for warning in resolved.warnings {
        FileHandle.standardError.write(Data(("warning: " + warning + "\n").utf8))
      }
      return try PostgresSession.connect(to: resolved.location)
    } catch let error as PostgresLedgerError {
      throw StoreError.cannotOpen(path: location, reason: error.description)
    }
  }

  /// Opens the ledger in the URL's database.
  ///
  /// - Parameters:
  ///   - url: The database.
  ///   - create: Whether to create the ledger's tables in a database that has none.
  /// - Returns: The server, its schema up to date.
  /// - Throws: ``EnvelopeStore/StoreError/missingDatabase(path:)`` for a database without a
  ///   ledger when `create` is not set; what ``PostgresMigrator/migrate(_:)`` refuses.
  static func open(_ url: String, create: Bool) throws -> any LedgerServer {
    let session = try connect(url)
    let server = PostgresLedgerServer(session: session)
    try server.storeErrors {
      // Read once: what tells a database without a ledger also tells an up-to-date one.
      let applied = create ? nil : try PostgresMigrator.appliedMigrations(session)
      if applied?.isEmpty == true { throw StoreError.missingDatabase(path: server.location) }
      try PostgresMigrator.migrate(session, applied: applied)
    }
    return server
  }

  /// The name of the user running this process, libpq's default role.
  static func loginName() -> String {
    if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
      return String(cString: name)
    }
    return ProcessInfo.processInfo.environment["USER"] ?? "postgres"
  }
}

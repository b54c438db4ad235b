import EnvelopeCore
import Synchronization

/// Where a ledger is: a SQLite file's path, or a database server's URL (`postgresql://…`).
///
/// A server location is opened by a backend registered with ``register(_:)``. The `envelope`
/// executable registers none, so that SQLite commands never load a server client (its start-up
/// cost, BENCHMARKS.md); it hands a server location to `envelope-postgresql`, which registers
/// EnvelopePostgres and is otherwise the same program.
public enum LedgerLocation {
  /// What a server backend does for the ledger.
  public struct Backend: Sendable {
    /// The URL schemes it serves, without `://`: `postgresql`, `postgres`.
    public var schemes: [String]
    /// Connects to the ledger at a URL, brings its schema up to date when `create` is set (a
    /// writing command) and refuses a database holding no ledger otherwise.
    public var open: @Sendable (_ url: String, _ create: Bool) throws -> any LedgerServer
    /// Connects for `envelope sql`: a read-only transaction, as the reading role when one is
    /// configured.
    public var reader: @Sendable (_ url: String) throws -> any LedgerReader

    public init(
      schemes: [String],
      open: @escaping @Sendable (_ url: String, _ create: Bool) throws -> any LedgerServer,
      reader: @escaping @Sendable (_ url: String) throws -> any LedgerReader
    ) {
      self.schemes = schemes
      self.open = open
      self.reader = reader
    }
  }

  /// The URL schemes of the servers Envelope can keep a ledger in.
  public static let serverSchemes = ["postgresql", "postgres"]

  private static let backends = Mutex<[Backend]>([])

  /// Makes a server backend available to ``Ledger/open(_:create:clock:)``.
  public static func register(_ backend: Backend) {
    backends.withLock { $0.append(backend) }
  }

  /// Whether `location` names a server rather than a file: it starts with a server scheme
  /// followed by `://`.
  public static func isServer(_ location: String) -> Bool {
    serverScheme(location) != nil
  }

  /// Whether this program has a backend for `location`: always for a file.
  public static func canOpen(_ location: String) -> Bool {
    (try? backend(for: location)) != nil || serverScheme(location) == nil
  }

  /// The server scheme `location` starts with, lowercased; `nil` for a file path.
  static func serverScheme(_ location: String) -> String? {
    // Plain prefix tests: no Foundation string search on every command's start-up.
    let head = location.prefix(16).lowercased()
    return serverSchemes.first { head.hasPrefix($0 + "://") }
  }

  /// The backend for a server location.
  ///
  /// - Throws: ``StoreError/noServerBackend(scheme:)`` when this program has none for it.
  static func backend(for location: String) throws -> Backend? {
    guard let scheme = serverScheme(location) else { return nil }
    let backend = backends.withLock { list in list.first { $0.schemes.contains(scheme) } }
    guard let backend else { throw StoreError.noServerBackend(scheme: scheme) }
    return backend
  }
}

extension Ledger {
  /// Opens the ledger at a location: a SQLite file (``init(path:create:clock:)``) or a server
  /// URL, through its registered backend.
  ///
  /// - Parameters:
  ///   - location: A file's path or a server's URL.
  ///   - create: Whether to create a missing file, or a missing ledger schema in a server's
  ///     database.
  ///   - clock: Now, as stamped on what the ledger writes for its callers.
  /// - Returns: The ledger, migrated.
  /// - Throws: ``StoreError`` when it cannot be opened.
  public static func open(
    _ location: String, create: Bool = true,
    clock: @escaping @Sendable () -> UTCTimestamp = Ledger.systemClock
  ) throws -> Ledger {
    guard let backend = try LedgerLocation.backend(for: location) else {
      return try Ledger(path: location, create: create, clock: clock)
    }
    return Ledger(server: try backend.open(location, create), clock: clock)
  }
}

/// Plain, read-only SQL against a ledger: `envelope sql`.
public protocol LedgerReader {
  /// Runs one statement, binding named parameters, and streams each row to `row`.
  ///
  /// - Parameters:
  ///   - sql: One SQL statement.
  ///   - parameters: Values for named parameters, by name without prefix.
  ///   - columns: Called once with the result's column names before the first row.
  ///   - row: Called with each row's values.
  /// - Throws: ``StoreError/query(reason:)`` for SQL that fails or writes,
  ///   ``StoreError/unboundParameter(name:)`` for a parameter without a value.
  func run(
    _ sql: String, parameters: [String: String], columns: ([String]) throws -> Void,
    row: ([SQLValue]) throws -> Void
  ) throws

  /// The query plan of a statement, one line per step.
  func plan(_ sql: String, parameters: [String: String]) throws -> [String]

  /// A query listing the ledger's tables and views with their SQL: columns `type`, `name`,
  /// `sql`.
  var schemaQuery: String { get }
}

extension LedgerLocation {
  /// Opens `envelope sql`'s reader for a location: SQLite's read-only connection for a file
  /// (``LedgerQuery``), the backend's for a server.
  ///
  /// - Throws: ``StoreError`` when it cannot be opened.
  public static func reader(for location: String) throws -> any LedgerReader {
    guard let backend = try backend(for: location) else {
      return try LedgerQuery(path: location)
    }
    return try backend.reader(location)
  }
}

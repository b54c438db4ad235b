import Testing

@testable import EnvelopePostgres

/// Reading `--db postgresql://…` as libpq reads it; no server needed.
struct PostgresLocationTests {
  struct URLCase: CustomTestStringConvertible, Sendable {
    var url: String
    var environment: [String: String] = [:]
    var endpoint: PostgresLocation.Endpoint
    var user: String
    var database: String
    var password: String?
    var testDescription: String { url }
  }

  static let urlCases: [URLCase] = [
    URLCase(
      url: "postgresql://alice@db.example.com:6543/ledger",
      endpoint: .tcp(host: "db.example.com", port: 6543), user: "alice", database: "ledger"),
    URLCase(
      url: "postgres://alice:s3cret@127.0.0.1/ledger",
      endpoint: .tcp(host: "127.0.0.1", port: 5432), user: "alice", database: "ledger",
      password: "s3cret"),
    URLCase(
      url: "POSTGRESQL://alice@db/ledger",
      endpoint: .tcp(host: "db", port: 5432), user: "alice", database: "ledger"),
    // A percent-encoded password may hold @, / and :.
    URLCase(
      url: "postgresql://alice:p%40ss%2Fw%3Ad@db/ledger",
      endpoint: .tcp(host: "db", port: 5432), user: "alice", database: "ledger",
      password: "p@ss/w:d"),
    // A host that is a folder is the server's Unix socket; the user defaults to the login.
    URLCase(
      url: "postgresql://%2Fvar%2Frun%2Fpostgresql:5433/ledger",
      endpoint: .unixSocket(directory: "/var/run/postgresql", port: 5433), user: "login",
      database: "ledger"),
    URLCase(
      url: "postgresql:///ledger?host=/tmp/pg&port=6000&user=carol",
      endpoint: .unixSocket(directory: "/tmp/pg", port: 6000), user: "carol", database: "ledger"),
    URLCase(
      url: "postgresql://bob@[::1]:5999/plans",
      endpoint: .tcp(host: "::1", port: 5999), user: "bob", database: "plans"),
    // What the URL leaves out comes from libpq's variables, then libpq's defaults.
    URLCase(
      url: "postgresql://",
      environment: ["PGHOST": "/srv/sockets", "PGPORT": "7000", "PGUSER": "dave"],
      endpoint: .unixSocket(directory: "/srv/sockets", port: 7000), user: "dave",
      database: "dave"),
    URLCase(
      url: "postgresql://",
      endpoint: .unixSocket(directory: "/var/run/postgresql", port: 5432), user: "login",
      database: "login"),
    URLCase(
      url: "postgresql://erin@db/ledger",
      environment: ["PGUSER": "dave", "PGHOST": "elsewhere", "PGDATABASE": "other"],
      endpoint: .tcp(host: "db", port: 5432), user: "erin", database: "ledger"),
    URLCase(
      url: "postgresql://frank@db", environment: ["PGDATABASE": "plans"],
      endpoint: .tcp(host: "db", port: 5432), user: "frank", database: "plans"),
    URLCase(
      url: "postgresql://frank@db?dbname=plans&password=x%26y",
      endpoint: .tcp(host: "db", port: 5432), user: "frank", database: "plans", password: "x&y"),
  ]

  @Test(arguments: urlCases)
  func readsTheURL(_ row: URLCase) throws {
    let location = try PostgresLocation(
      url: row.url, environment: row.environment, loginName: "login")
    #expect(location.endpoint == row.endpoint)
    #expect(location.user == row.user)
    #expect(location.database == row.database)
    #expect(location.password?.value == row.password)
    #expect(location.connectTimeoutSeconds == 5)
  }

  struct BadURLCase: CustomTestStringConvertible, Sendable {
    var url: String
    var reason: String
    var shown: String
    var testDescription: String { url }
  }

  /// Each reason names the part at fault; the URL is shown without its password.
  static let badURLCases: [BadURLCase] = [
    BadURLCase(
      url: "mysql://u@db/ledger", reason: "it must start with postgresql:// or postgres://",
      shown: "mysql://u@db/ledger"),
    BadURLCase(
      url: "postgresql://u:hunter2@db:99999/ledger",
      reason: "the port is not a number from 1 to 65535",
      shown: "postgresql://u:***@db:99999/ledger"),
    BadURLCase(
      url: "postgresql://u@db:port/ledger", reason: "the port is not a number from 1 to 65535",
      shown: "postgresql://u@db:port/ledger"),
    BadURLCase(
      url: "postgresql://u@db/ledger?sslmode=maybe",
      reason: "sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full",
      shown: "postgresql://u@db/ledger?sslmode=maybe"),
    BadURLCase(
      url: "postgresql://u@db/ledger?password=hunter2&colour=blue",
      reason: "unknown parameter (known: host, port, user, password, dbname, sslmode,"
        + " sslrootcert, connect_timeout, application_name)",
      shown: "postgresql://u@db/ledger?password=***&colour=blue"),
    BadURLCase(
      url: "postgresql://u@db/ledger?sslmode",
      reason: "a parameter has no value (write name=value, joined by &)",
      shown: "postgresql://u@db/ledger?sslmode"),
    BadURLCase(
      url: "postgresql://u:hunt%zz@db/ledger",
      reason: "the password has a malformed percent escape or is not UTF-8",
      shown: "postgresql://u:***@db/ledger"),
    BadURLCase(
      url: "postgresql://u@db/led%FFger",
      reason: "the database has a malformed percent escape or is not UTF-8",
      shown: "postgresql://u@db/led%FFger"),
    BadURLCase(
      url: "postgresql://u@[::1/ledger", reason: "an IPv6 address must end with ]",
      shown: "postgresql://u@[::1/ledger"),
    BadURLCase(
      url: "postgresql://u@one,two/ledger",
      reason: "Envelope connects to one host, and the URL names several",
      shown: "postgresql://u@one,two/ledger"),
    BadURLCase(
      url: "postgresql://u@db/ledger?connect_timeout=soon",
      reason: "connect_timeout is not a whole number of seconds",
      shown: "postgresql://u@db/ledger?connect_timeout=soon"),
    // An unescaped / in a password cuts the URL there: the rest is read as a host and port,
    // and the message quotes neither.
    BadURLCase(
      url: "postgresql://u:pa/ss@db/ledger", reason: "the port is not a number from 1 to 65535",
      shown: "postgresql://u:***@db/ledger"),
  ]

  @Test(arguments: badURLCases)
  func refusesABadURLNamingThePart(_ row: BadURLCase) {
    #expect(throws: PostgresLedgerError.invalidURL(url: row.shown, reason: row.reason)) {
      try PostgresLocation(url: row.url, environment: [:], loginName: "login")
    }
  }

  @Test func aBadURLsMessageNeverHoldsThePassword() {
    for url in [
      "postgresql://u:hunter2@db:99999/ledger", "postgresql://u:hunter2@db/ledger?x=1",
      "postgresql://u@db/ledger?password=hunter2&sslmode=maybe", "postgresql://u:hunter2@db/%zz",
    ] {
      let error = #expect(throws: PostgresLedgerError.self) {
        try PostgresLocation(url: url, environment: [:], loginName: "login")
      }
      #expect(error.map { !"\($0)".contains("hunter2") } == true, "\(String(describing: error))")
    }
  }

  @Test(arguments: PostgresLocation.SSLMode.allCases)
  func readsEachSSLMode(_ mode: PostgresLocation.SSLMode) throws {
    let fromURL = try PostgresLocation(
      url: "postgresql://u@db/ledger?sslmode=\(mode.rawValue)", environment: [:],
      loginName: "login")
    #expect(fromURL.sslMode == mode)
    let fromEnvironment = try PostgresLocation(
      url: "postgresql://u@db/ledger", environment: ["PGSSLMODE": mode.rawValue],
      loginName: "login")
    #expect(fromEnvironment.sslMode == mode)
    // The URL's mode wins over PGSSLMODE.
    let both = try PostgresLocation(
      url: "postgresql://u@db/ledger?sslmode=\(mode.rawValue)",
      environment: ["PGSSLMODE": "verify-full"], loginName: "login")
    #expect(both.sslMode == mode)
  }

  @Test func sslModeDefaultsToPreferAndIsShownWhenItIsNot() throws {
    let plain = try PostgresLocation(
      url: "postgresql://u:pw@db:6000/ledger", environment: [:], loginName: "login")
    #expect(plain.sslMode == .prefer)
    #expect(plain.description == "postgresql://u@db:6000/ledger")
    var strict = plain
    strict.sslMode = .verifyFull
    #expect(strict.description == "postgresql://u@db:6000/ledger?sslmode=verify-full")
  }

  struct TLSCase: Sendable {
    var mode: PostgresLocation.SSLMode
    var allowed: Bool
    var enforced: Bool
  }

  /// What each sslmode asks of the connection: TLS off, offered, or required.
  @Test(arguments: [
    TLSCase(mode: .disable, allowed: false, enforced: false),
    TLSCase(mode: .allow, allowed: true, enforced: false),
    TLSCase(mode: .prefer, allowed: true, enforced: false),
    TLSCase(mode: .require, allowed: true, enforced: true),
  ])
  func eachSSLModeSetsUpTLS(_ row: TLSCase) throws {
    let location = PostgresLocation(
      endpoint: .tcp(host: "db", port: 5432), user: "u", database: "ledger", sslMode: row.mode)
    let tls = try PostgresSession.configuration(for: location).tls
    #expect(tls.isAllowed == row.allowed)
    #expect(tls.isEnforced == row.enforced)
  }

  @Test func verifyingModesNeedTheRootCertificates() throws {
    var location = PostgresLocation(
      endpoint: .tcp(host: "db", port: 5432), user: "u", database: "ledger",
      sslMode: .verifyFull)
    location.sslRootCertificate = "/nonexistent/root.crt"
    #expect(
      throws: PostgresLedgerError.tls(
        server: "db:5432",
        reason: "sslmode=verify-full checks the server's certificate against"
          + " /nonexistent/root.crt, which does not exist; give sslrootcert=PATH, or"
          + " sslrootcert=system for the system's roots")
    ) { try PostgresSession.configuration(for: location) }
    location.sslRootCertificate = "system"
    let tls = try PostgresSession.configuration(for: location).tls
    #expect(tls.isEnforced)
  }

  @Test func connectTimeoutIsLibpqs() throws {
    func timeout(_ text: String) throws -> Int {
      try PostgresLocation(
        url: "postgresql://u@db/ledger?connect_timeout=\(text)", environment: [:],
        loginName: "login"
      ).connectTimeoutSeconds
    }
    #expect(try timeout("10") == 10)
    #expect(try timeout("1") == 2)
    #expect(try timeout("0") == Int(Int32.max))
    let fromEnvironment = try PostgresLocation(
      url: "postgresql://u@db/ledger", environment: ["PGCONNECT_TIMEOUT": "7"],
      loginName: "login")
    #expect(fromEnvironment.connectTimeoutSeconds == 7)
  }

  @Test func thePasswordNeverShowsItself() throws {
    let location = try PostgresLocation(
      url: "postgresql://u:hunter2@db/ledger", environment: [:], loginName: "login")
    #expect(location.password?.value == "hunter2")
    for text in [
      location.description, "\(location)", String(reflecting: location),
      location.password.map { "\($0)" } ?? "",
    ] {
      #expect(!text.contains("hunter2"), "\(text)")
    }
    var dumped = ""
    dump(location, to: &dumped)
    #expect(!dumped.contains("hunter2"), "\(dumped)")
  }

  @Test func redactsEveryPasswordInAURL() {
    #expect(
      PostgresLocation.redacted("postgresql://u:hunter2@db/ledger")
        == "postgresql://u:***@db/ledger")
    #expect(
      PostgresLocation.redacted("postgresql://u@db/ledger?sslmode=require&PASSWORD=hunter2")
        == "postgresql://u@db/ledger?sslmode=require&PASSWORD=***")
    #expect(
      PostgresLocation.redacted("postgresql://u@db/ledger?pass%77ord=hunter2")
        == "postgresql://u@db/ledger?pass%77ord=***")
    #expect(PostgresLocation.redacted("postgresql://u@db/ledger") == "postgresql://u@db/ledger")
  }
}

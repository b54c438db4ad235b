/// Where a PostgreSQL ledger is: a server, a user, a database, TLS, and the password if one was
/// found, read from a URL as libpq reads it.
///
/// `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?PARAMETERS]`, or `postgres://…`. Each
/// part is percent-decoded. A host that starts with `/` (written `%2Fvar%2Frun%2Fpostgresql`, or
/// given as `?host=/var/run/postgresql`) is the folder of the server's Unix socket. Parameters:
/// `host`, `port`, `user`, `password`, `dbname`, `sslmode` (`disable`, `allow`, `prefer`,
/// `require`, `verify-ca`, `verify-full`), `sslrootcert`, `connect_timeout` (seconds) and
/// `application_name`; any other is refused. What the URL leaves out comes from libpq's
/// environment variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGSSLMODE`,
/// `PGSSLROOTCERT`, `PGCONNECT_TIMEOUT`, `PGAPPNAME`), then libpq's defaults: the Unix socket in
/// `/var/run/postgresql` (Debian's), port 5432, the login user, a database named as the user,
/// `sslmode=prefer`. Envelope's own default connect timeout is 5 seconds.
///
/// The password is never shown: not by ``description``, not in an error, not by `dump` or
/// `String(reflecting:)` (it is a ``PostgresPassword``). ``resolvingPassword(environment:homeDirectory:)``
/// fills it from `PGPASSWORD` or the password file when the URL has none.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
  /// How to reach the server.
  public enum Endpoint: Sendable, Equatable, CustomStringConvertible {
    /// A host name or IP address and a TCP port.
    case tcp(host: String, port: Int)
    /// The Unix socket `.s.PGSQL.PORT` in a folder.
    case unixSocket(directory: String, port: Int)

    /// The TCP port, or the port in the socket's name.
    public var port: Int {
      switch self {
      case .tcp(_, let port), .unixSocket(_, let port): return port
      }
    }

    /// The host as libpq's `host` parameter holds it: a name, an address or a socket's folder.
    public var host: String {
      switch self {
      case .tcp(let host, _): return host
      case .unixSocket(let directory, _): return directory
      }
    }

    /// `host:port`, `[v6]:port`, or `the Unix socket FOLDER/.s.PGSQL.PORT`, for messages.
    public var description: String {
      switch self {
      case .tcp(let host, let port):
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
      case .unixSocket(let directory, let port):
        return "the Unix socket \(socketPath(directory: directory, port: port))"
      }
    }

    /// The socket file's path for a Unix socket endpoint.
    public var socketPath: String? {
      guard case .unixSocket(let directory, let port) = self else { return nil }
      return socketPath(directory: directory, port: port)
    }

    private func socketPath(directory: String, port: Int) -> String {
      (directory.hasSuffix("/") ? directory : directory + "/") + ".s.PGSQL.\(port)"
    }
  }

  /// Whether and how to use TLS, as libpq's `sslmode`.
  public enum SSLMode: String, Sendable, Equatable, CaseIterable {
    /// Never.
    case disable
    /// As `prefer`: PostgresNIO cannot start without TLS and retry with it, so `allow` tries TLS
    /// first too.
    case allow
    /// TLS when the server offers it, else without; the certificate is not checked.
    case prefer
    /// TLS or nothing; the certificate is not checked.
    case require
    /// TLS with a certificate signed by a trusted root (`sslrootcert`), any host name.
    case verifyCA = "verify-ca"
    /// TLS with a certificate signed by a trusted root for the host's name.
    case verifyFull = "verify-full"
  }

  /// The server's address.
  public var endpoint: Endpoint
  /// The role to connect as.
  public var user: String
  /// The database.
  public var database: String
  /// The password, when the URL, `PGPASSWORD` or the password file gave one.
  public var password: PostgresPassword?
  /// TLS, for a TCP endpoint (a Unix socket never uses it, as with libpq).
  public var sslMode: SSLMode
  /// The trusted roots for `verify-ca` and `verify-full`: a PEM file, or `system` for the
  /// system's; nil for libpq's default, `~/.postgresql/root.crt`.
  public var sslRootCertificate: String?
  /// How long connecting may take, in seconds.
  public var connectTimeoutSeconds: Int
  /// Sent to the server as `application_name` (seen in `pg_stat_activity`).
  public var applicationName: String?

  /// The default connect timeout, in seconds.
  public static let defaultConnectTimeoutSeconds = 5
  /// libpq's default socket folder on Debian.
  public static let defaultSocketDirectory = "/var/run/postgresql"

  /// A location given by its parts.
  ///
  /// - Parameters:
  ///   - endpoint: The server's address.
  ///   - user: The role.
  ///   - database: The database.
  ///   - password: The password, if known.
  ///   - sslMode: TLS.
  public init(
    endpoint: Endpoint, user: String, database: String, password: PostgresPassword? = nil,
    sslMode: SSLMode = .prefer
  ) {
    self.endpoint = endpoint
    self.user = user
    self.database = database
    self.password = password
    self.sslMode = sslMode
    self.sslRootCertificate = nil
    self.connectTimeoutSeconds = Self.defaultConnectTimeoutSeconds
    self.applicationName = nil
  }

  /// The URL without the password: `postgresql://USER@HOST:PORT/DATABASE`, with `sslmode` when
  /// it is not `prefer`.
  public var description: String {
    let host: String
    switch endpoint {
    case .tcp(let name, _): host = name.contains(":") ? "[\(name)]" : Self.encode(name)
    case .unixSocket(let directory, _): host = Self.encode(directory)
    }
    var text =
      "postgresql://\(Self.encode(user))@\(host):\(endpoint.port)/\(Self.encode(database))"
    if sslMode != .prefer, case .tcp = endpoint { text += "?sslmode=\(sslMode.rawValue)" }
    return text
  }

  /// Percent-encodes everything but unreserved characters (RFC 3986).
  static func encode(_ text: String) -> String {
    var result = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"), UInt8(ascii: "~"):
        result.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
      }
    }
    return result
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}

/// A password that never shows itself: its description, debug description and mirror say
/// `<redacted>`.
public struct PostgresPassword: Sendable, Equatable, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  /// The password itself, for the connection only.
  public let value: String

  /// Wraps a password.
  ///
  /// - Parameter value: The password.
  public init(_ value: String) {
    self.value = value
  }

  public var description: String { "<redacted>" }
  public var debugDescription: String { "<redacted>" }
  public var customMirror: Mirror { Mirror(self, children: [:]) }
}

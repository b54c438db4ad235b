import Foundation
import NIOCore
import NIOSSL
import PostgresNIO

extension PostgresSession {
  /// PostgresNIO's configuration for a location: endpoint, credentials, TLS, timeout.
  static func configuration(for location: PostgresLocation) throws
    -> PostgresConnection.Configuration
  {
    var configuration: PostgresConnection.Configuration
    switch location.endpoint {
    case .unixSocket:
      configuration = .init(
        unixSocketPath: location.endpoint.socketPath ?? "", username: location.user,
        password: location.password?.value, database: location.database)
    case .tcp(let host, let port):
      configuration = .init(
        host: host, port: port, username: location.user, password: location.password?.value,
        database: location.database, tls: try tls(for: location))
    }
    configuration.options.connectTimeout = .seconds(Int64(location.connectTimeoutSeconds))
    if let name = location.applicationName {
      configuration.options.additionalStartupParameters = [("application_name", name)]
    }
    return configuration
  }

  /// TLS as libpq's `sslmode` asks: none; offered (`allow`, `prefer`) or required
  /// (`require`) without checking the certificate; required with the certificate checked
  /// against trusted roots (`verify-ca`) and the host's name (`verify-full`).
  private static func tls(for location: PostgresLocation) throws
    -> PostgresConnection.Configuration.TLS
  {
    var tls = TLSConfiguration.makeClientConfiguration()
    switch location.sslMode {
    case .disable:
      return .disable
    case .allow, .prefer, .require:
      tls.certificateVerification = .none
    case .verifyCA, .verifyFull:
      tls.certificateVerification =
        location.sslMode == .verifyFull ? .fullVerification : .noHostnameVerification
      tls.trustRoots = try trustRoots(for: location)
    }
    do {
      let context = try NIOSSLContext(configuration: tls)
      return location.sslMode == .require || location.sslMode == .verifyCA
        || location.sslMode == .verifyFull ? .require(context) : .prefer(context)
    } catch {
      throw PostgresLedgerError.tls(
        server: location.endpoint.description, reason: "cannot set up TLS (\(error))")
    }
  }

  /// The roots that sign the server's certificate: `sslrootcert`'s file, the system's for
  /// `sslrootcert=system`, else libpq's default `~/.postgresql/root.crt`, which must exist.
  private static func trustRoots(for location: PostgresLocation) throws -> NIOSSLTrustRoots {
    if location.sslRootCertificate == "system" { return .default }
    let path =
      location.sslRootCertificate
      ?? (NSHomeDirectory() as NSString).appendingPathComponent(".postgresql/root.crt")
    guard FileManager.default.fileExists(atPath: path) else {
      throw PostgresLedgerError.tls(
        server: location.endpoint.description,
        reason: "sslmode=\(location.sslMode.rawValue) checks the server's certificate against"
          + " \(path), which does not exist; give sslrootcert=PATH, or sslrootcert=system for the"
          + " system's roots")
    }
    return .file(path)
  }

  /// A failure to connect as a ``PostgresLedgerError`` that says what to check.
  static func connectionError(
    _ error: any Error, location: PostgresLocation, elapsed: Duration
  ) -> PostgresLedgerError {
    let server = location.endpoint.description
    let timedOut = elapsed >= .seconds(location.connectTimeoutSeconds)
    if let error = error as? PostgresLedgerError { return error }
    guard let error = error as? PSQLError else {
      return .connection(server: server, reason: "\(type(of: error))")
    }
    switch error.code {
    case .server:
      let state = error.serverInfo?[.sqlState] ?? ""
      let message = error.serverInfo?[.message] ?? ""
      switch state {
      case "28P01": return .wrongPassword(user: location.user, server: server)
      case "3D000": return .noDatabase(name: location.database, server: server)
      case "28000": return .refused(user: location.user, server: server, reason: message)
      default: return .connection(server: server, reason: "\(message) (SQLSTATE \(state))")
      }
    case .authMechanismRequiresPassword:
      return .passwordRequired(user: location.user, server: server)
    case .sslUnsupported:
      return .tls(
        server: server,
        reason: "the server does not offer TLS, which sslmode=\(location.sslMode.rawValue)"
          + " requires")
    case .connectionError:
      if let underlying = error.underlying as? ChannelError, case .connectTimeout = underlying {
        return .timedOut(server: server, seconds: location.connectTimeoutSeconds)
      }
      if timedOut { return .timedOut(server: server, seconds: location.connectTimeoutSeconds) }
      return .unreachable(server: server, reason: reason(error))
    default:
      if timedOut { return .timedOut(server: server, seconds: location.connectTimeoutSeconds) }
      return .connection(server: server, reason: reason(error))
    }
  }
}

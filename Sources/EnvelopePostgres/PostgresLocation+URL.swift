extension PostgresLocation {
  /// Reads a PostgreSQL URL, taking what it leaves out from libpq's environment variables and
  /// defaults; the password, when the URL has none, is left for
  /// ``resolvingPassword(environment:homeDirectory:)``.
  ///
  /// - Parameters:
  ///   - url: `postgresql://…` or `postgres://…`.
  ///   - environment: The process's environment (`PGHOST`, `PGPORT`, …).
  ///   - loginName: The user to connect as when neither the URL nor `PGUSER` names one.
  /// - Throws: ``PostgresLedgerError/invalidURL(url:reason:)`` with the URL redacted; the reason
  ///   names the part at fault without quoting it (a password with an unescaped `/`, `?` or `@`
  ///   lands in the wrong part).
  public init(url: String, environment: [String: String], loginName: String) throws {
    func invalid(_ reason: String) -> PostgresLedgerError {
      .invalidURL(url: Self.redacted(url), reason: reason)
    }
    guard let schemeEnd = url.range(of: "://"),
      ["postgresql", "postgres"].contains(url[..<schemeEnd.lowerBound].lowercased())
    else {
      throw invalid("it must start with postgresql:// or postgres://")
    }
    var rest = Substring(url[schemeEnd.upperBound...])
    var parameters: [(String, String)] = []
    if let question = rest.firstIndex(of: "?") {
      for pair in rest[rest.index(after: question)...].split(separator: "&") {
        guard let equals = pair.firstIndex(of: "=") else {
          throw invalid("a parameter has no value (write name=value, joined by &)")
        }
        let key = try Self.decode(pair[..<equals], part: "a parameter name", url: url)
        let value = try Self.decode(pair[pair.index(after: equals)...], part: key, url: url)
        parameters.append((key, value))
      }
      rest = rest[..<question]
    }
    var path: Substring?
    if let slash = rest.firstIndex(of: "/") {
      path = rest[rest.index(after: slash)...]
      rest = rest[..<slash]
    }
    var user: String?
    var password: String?
    if let at = rest.lastIndex(of: "@") {
      let userInfo = rest[..<at]
      rest = rest[rest.index(after: at)...]
      if let colon = userInfo.firstIndex(of: ":") {
        user = try Self.decode(userInfo[..<colon], part: "the user", url: url)
        password = try Self.decode(
          userInfo[userInfo.index(after: colon)...], part: "the password", url: url)
      } else {
        user = try Self.decode(userInfo, part: "the user", url: url)
      }
    }
    var host: String?
    var port: String?
    if rest.hasPrefix("[") {
      guard let close = rest.firstIndex(of: "]") else {
        throw invalid("an IPv6 address must end with ]")
      }
      host = String(rest[rest.index(after: rest.startIndex)..<close])
      let after = rest[rest.index(after: close)...]
      if after.hasPrefix(":") {
        port = String(after.dropFirst())
      } else if !after.isEmpty {
        throw invalid("only :PORT may follow an IPv6 address")
      }
    } else if let colon = rest.lastIndex(of: ":") {
      host = try Self.decode(rest[..<colon], part: "the host", url: url)
      port = String(rest[rest.index(after: colon)...])
    } else if !rest.isEmpty {
      host = try Self.decode(rest, part: "the host", url: url)
    }
    var database = try path.map { try Self.decode($0, part: "the database", url: url) }
    var sslMode: String?
    var rootCertificate: String?
    var timeout: String?
    var applicationName: String?
    for (key, value) in parameters {
      switch key {
      case "host": host = value
      case "port": port = value
      case "user": user = value
      case "password": password = value
      case "dbname": database = value
      case "sslmode": sslMode = value
      case "sslrootcert": rootCertificate = value
      case "connect_timeout": timeout = value
      case "application_name": applicationName = value
      default:
        throw invalid(
          "unknown parameter (known: host, port, user, password, dbname, sslmode, sslrootcert,"
            + " connect_timeout, application_name)")
      }
    }
    func setting(_ value: String?, _ variable: String) -> String? {
      if let value, !value.isEmpty { return value }
      if let value = environment[variable], !value.isEmpty { return value }
      return nil
    }

    let hostText = setting(host, "PGHOST") ?? Self.defaultSocketDirectory
    guard !hostText.contains(",") else {
      throw invalid("Envelope connects to one host, and the URL names several")
    }
    let portText = setting(port, "PGPORT") ?? "5432"
    guard let portNumber = Int(portText), (1...65535).contains(portNumber) else {
      throw invalid("the port is not a number from 1 to 65535")
    }
    let userName = setting(user, "PGUSER") ?? loginName
    guard !userName.isEmpty else { throw invalid("no user is given") }
    let endpoint: Endpoint =
      hostText.hasPrefix("/")
      ? .unixSocket(directory: hostText, port: portNumber)
      : .tcp(host: hostText, port: portNumber)
    self.init(
      endpoint: endpoint, user: userName,
      database: setting(database, "PGDATABASE") ?? userName,
      password: password.map(PostgresPassword.init))
    let modeText = setting(sslMode, "PGSSLMODE") ?? "prefer"
    guard let mode = SSLMode(rawValue: modeText) else {
      throw invalid(
        "sslmode must be one of " + SSLMode.allCases.map(\.rawValue).joined(separator: ", "))
    }
    self.sslMode = mode
    self.sslRootCertificate = setting(rootCertificate, "PGSSLROOTCERT")
    if let timeoutText = setting(timeout, "PGCONNECT_TIMEOUT") {
      // libpq: zero, negative or absent means wait forever, and anything under 2 s is 2 s.
      guard let seconds = Int(timeoutText) else {
        throw invalid("connect_timeout is not a whole number of seconds")
      }
      self.connectTimeoutSeconds = seconds <= 0 ? Int(Int32.max) : max(seconds, 2)
    }
    self.applicationName = setting(applicationName, "PGAPPNAME")
  }

  /// Percent-decodes one part of the URL, refusing a malformed escape or bytes that are not
  /// UTF-8.
  private static func decode(_ text: Substring, part: String, url: String) throws -> String {
    guard let decoded = percentDecoded(text) else {
      throw PostgresLedgerError.invalidURL(
        url: redacted(url), reason: "\(part) has a malformed percent escape or is not UTF-8")
    }
    return decoded
  }

  /// `text` with each `%XX` replaced by its byte; nil for a malformed escape or bytes that are
  /// not UTF-8.
  private static func percentDecoded(_ text: Substring) -> String? {
    var bytes: [UInt8] = []
    var index = text.utf8.startIndex
    let utf8 = text.utf8
    while index < utf8.endIndex {
      let byte = utf8[index]
      guard byte == UInt8(ascii: "%") else {
        bytes.append(byte)
        index = utf8.index(after: index)
        continue
      }
      let first = utf8.index(after: index)
      guard first < utf8.endIndex, utf8.index(after: first) < utf8.endIndex,
        let high = hexValue(utf8[first]), let low = hexValue(utf8[utf8.index(after: first)])
      else { return nil }
      bytes.append(high << 4 | low)
      index = utf8.index(index, offsetBy: 3)
    }
    return String(validating: bytes, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  /// The URL with any password replaced by `***`, for messages: the one between the user and
  /// `@`, and the value of a `password` parameter.
  ///
  /// - Parameter url: A URL as typed, well-formed or not.
  /// - Returns: The same text without the password.
  public static func redacted(_ url: String) -> String {
    // A password sits after the first : following the scheme and before an @. Taking the last @
    // also hides a password with an unescaped / or ? in it (which libpq would misread); at worst
    // it hides more than the password.
    var head = ""
    var tail = Substring(url)
    let afterScheme = url.range(of: "://")?.upperBound ?? url.startIndex
    if let at = url[afterScheme...].lastIndex(of: "@"),
      let colon = url[afterScheme..<at].firstIndex(of: ":")
    {
      head = String(url[...colon]) + "***"
      tail = url[at...]
    }
    guard let question = tail.firstIndex(of: "?") else { return head + tail }
    let pairs = tail[tail.index(after: question)...].split(
      separator: "&", omittingEmptySubsequences: false)
    return head + tail[...question]
      + pairs.map { pair in
        let key = pair.split(separator: "=", maxSplits: 1).first ?? ""
        let name = percentDecoded(key) ?? String(key)
        return name.lowercased() == "password" ? "\(key)=***" : String(pair)
      }.joined(separator: "&")
  }
}

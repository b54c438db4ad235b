/// A libpq password file (`~/.pgpass`): lines of `hostname:port:database:username:password`.
///
/// As libpq reads it: `#` starts a comment line; `\:` and `\\` stand for `:` and `\`; `*` in
/// any of the first four fields matches anything; the first line that matches wins; a line
/// with fewer than four colons is skipped, and the password ends at a fifth. A Unix socket
/// connection matches a hostname of its socket folder, or `localhost` when that folder is the
/// default one. Lines may end with CR LF.
public struct PGPassFile: Sendable {
  struct Line: Sendable {
    var fields: [String]
    var password: String
  }

  let lines: [Line]

  /// Reads the file's text.
  ///
  /// - Parameter text: The file's contents.
  public init(text: String) {
    var lines: [Line] = []
    for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
      // Fields end at an unescaped colon; the password, the fifth, ends at the next one or at
      // the end of the line.
      var fields: [String] = []
      var current = ""
      var escaped = false
      for character in line {
        if escaped {
          current.append(character)
          escaped = false
        } else if character == "\\" {
          escaped = true
        } else if character == ":" {
          fields.append(current)
          current = ""
          if fields.count == 5 { break }
        } else {
          current.append(character)
        }
      }
      if escaped { current.append("\\") }  // a trailing backslash stands for itself
      if fields.count == 4 { fields.append(current) }
      guard fields.count == 5 else { continue }
      lines.append(Line(fields: Array(fields[..<4]), password: fields[4]))
    }
    self.lines = lines
  }

  /// The password of the first line that matches, if any.
  ///
  /// - Parameters:
  ///   - endpoint: The server's address.
  ///   - database: The database.
  ///   - user: The role.
  /// - Returns: The password, or nil when no line matches.
  public func password(for endpoint: PostgresLocation.Endpoint, database: String, user: String)
    -> String?
  {
    var host = endpoint.host
    if case .unixSocket(let directory, _) = endpoint,
      directory == PostgresLocation.defaultSocketDirectory
    {
      host = "localhost"
    }
    let wanted = [host, String(endpoint.port), database, user]
    for line in lines where zip(line.fields, wanted).allSatisfy({ $0 == "*" || $0 == $1 }) {
      return line.password
    }
    return nil
  }
}

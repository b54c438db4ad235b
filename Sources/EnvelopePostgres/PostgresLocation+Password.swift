import Foundation

extension PostgresLocation {
  /// This location with its password found as libpq finds it, and the warnings to show.
  public struct Resolved: Sendable, Equatable {
    /// The location, with a password when one was found.
    public var location: PostgresLocation
    /// What the user should know, such as a password file ignored for its permissions.
    public var warnings: [String]
  }

  /// Fills in the password as libpq does when the URL has none.
  ///
  /// `PGPASSWORD` first, else the password file (`PGPASSFILE`, else `~/.pgpass`). Like libpq, a
  /// password file that is not a plain file, or that its group or others may read or write, is
  /// ignored with a warning.
  ///
  /// - Parameters:
  ///   - environment: The process's environment.
  ///   - homeDirectory: The user's home folder, for `~/.pgpass`.
  /// - Returns: The location, and warnings.
  public func resolvingPassword(environment: [String: String], homeDirectory: String)
    -> Resolved
  {
    var resolved = Resolved(location: self, warnings: [])
    guard password == nil else { return resolved }
    if let password = environment["PGPASSWORD"], !password.isEmpty {
      resolved.location.password = PostgresPassword(password)
      return resolved
    }
    let path =
      environment["PGPASSFILE"].flatMap { $0.isEmpty ? nil : $0 }
      ?? (homeDirectory as NSString).appendingPathComponent(".pgpass")
    switch Self.readPasswordFile(at: path) {
    case .missing:
      break
    case .ignored(let warning):
      resolved.warnings.append(warning)
    case .text(let text):
      if let password = PGPassFile(text: text).password(
        for: endpoint, database: database, user: user)
      {
        resolved.location.password = PostgresPassword(password)
      }
    }
    return resolved
  }

  enum PasswordFile: Equatable {
    case missing
    case ignored(String)
    case text(String)
  }

  /// Reads a password file after libpq's checks: a plain file, no access for group or others.
  static func readPasswordFile(at path: String) -> PasswordFile {
    var status = stat()
    guard stat(path, &status) == 0 else { return .missing }
    guard status.st_mode & S_IFMT == S_IFREG else {
      return .ignored("password file \"\(path)\" is not a plain file")
    }
    if status.st_mode & (S_IRWXG | S_IRWXO) != 0 {
      return .ignored(
        "password file \"\(path)\" has group or world access; permissions should be u=rw (0600)"
          + " or less")
    }
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else {
      return .ignored("password file \"\(path)\" cannot be read as UTF-8 text")
    }
    return .text(text)
  }
}

import Foundation
import Testing

@testable import EnvelopePostgres

/// Where the password comes from, as libpq finds it: the URL, then `PGPASSWORD`, then the
/// password file; no server needed.
struct PostgresPasswordTests {
  /// A home folder of its own holding `.pgpass` (mode 0600 unless told), removed afterwards.
  final class Home {
    let path: String

    init(pgpass: String?, mode: mode_t = 0o600) throws {
      path =
        FileManager.default.temporaryDirectory
        .appendingPathComponent("envelope-pgpass-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      if let pgpass { try write(pgpass, to: ".pgpass", mode: mode) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a file in this folder with the given permissions and returns its path.
    @discardableResult
    func write(_ text: String, to name: String, mode: mode_t = 0o600) throws -> String {
      let file = (path as NSString).appendingPathComponent(name)
      try text.write(toFile: file, atomically: true, encoding: .utf8)
      guard chmod(file, mode) == 0 else { throw CocoaError(.fileWriteNoPermission) }
      return file
    }
  }

  static let pgpass = """
    # host:port:database:user:password
    db.example.com:5432:ledger:alice:from-pgpass
    db.example.com:*:*:bob:bob-anywhere
    localhost:5432:ledger:carol:carol-on-the-default-socket
    /tmp/sockets:6000:ledger:carol:carol-on-a-private-socket
    db.example.com:5432:ledger:alice:second-line-never-used
    db.example.com:5432:odd\\:name:dave:with\\:colon\\\\and-backslash
    """

  func resolved(
    _ url: String, environment: [String: String] = [:], home: Home
  ) throws -> PostgresLocation.Resolved {
    try PostgresLocation(url: url, environment: environment, loginName: "login")
      .resolvingPassword(environment: environment, homeDirectory: home.path)
  }

  @Test func theURLsPasswordWinsOverPGPASSWORDAndThePasswordFile() throws {
    let home = try Home(pgpass: Self.pgpass)
    let found = try resolved(
      "postgresql://alice:from-url@db.example.com/ledger",
      environment: ["PGPASSWORD": "from-environment"], home: home)
    #expect(found.location.password?.value == "from-url")
    #expect(found.warnings.isEmpty)
  }

  @Test func pgpasswordWinsOverThePasswordFile() throws {
    let home = try Home(pgpass: Self.pgpass)
    let found = try resolved(
      "postgresql://alice@db.example.com/ledger",
      environment: ["PGPASSWORD": "from-environment"], home: home)
    #expect(found.location.password?.value == "from-environment")
  }

  @Test func anEmptyPGPASSWORDIsNoPassword() throws {
    let home = try Home(pgpass: Self.pgpass)
    let found = try resolved(
      "postgresql://alice@db.example.com/ledger", environment: ["PGPASSWORD": ""], home: home)
    #expect(found.location.password?.value == "from-pgpass")
  }

  struct FileCase: CustomTestStringConvertible, Sendable {
    var url: String
    var password: String?
    var why: String
    var testDescription: String { why }
  }

  @Test(arguments: [
    FileCase(
      url: "postgresql://alice@db.example.com/ledger", password: "from-pgpass",
      why: "the first line that matches wins"),
    FileCase(
      url: "postgresql://bob@db.example.com:7777/anything", password: "bob-anywhere",
      why: "* matches any port and database"),
    FileCase(
      url: "postgresql://carol@%2Fvar%2Frun%2Fpostgresql/ledger",
      password: "carol-on-the-default-socket",
      why: "the default socket folder is matched as localhost"),
    FileCase(
      url: "postgresql:///ledger?host=/tmp/sockets&port=6000&user=carol",
      password: "carol-on-a-private-socket", why: "another socket is matched by its folder"),
    FileCase(
      url: "postgresql://dave@db.example.com/odd%3Aname", password: "with:colon\\and-backslash",
      why: "\\: and \\\\ stand for : and \\"),
    FileCase(
      url: "postgresql://alice@db.example.com/other", password: nil,
      why: "no line matches another database"),
    FileCase(
      url: "postgresql://alice@db.example.com:5433/ledger", password: nil,
      why: "no line matches another port"),
  ])
  func thePasswordFileIsReadAsLibpqReadsIt(_ row: FileCase) throws {
    let home = try Home(pgpass: Self.pgpass)
    let found = try resolved(row.url, home: home)
    #expect(found.location.password?.value == row.password)
    #expect(found.warnings.isEmpty)
  }

  @Test func pgpassfileNamesAnotherPasswordFile() throws {
    let home = try Home(pgpass: "db.example.com:5432:ledger:alice:from-home\n")
    let other = try home.write("*:*:*:alice:from-pgpassfile\r\n", to: "elsewhere")
    let found = try resolved(
      "postgresql://alice@db.example.com/ledger", environment: ["PGPASSFILE": other], home: home)
    #expect(found.location.password?.value == "from-pgpassfile")
  }

  @Test func aPasswordFileOthersMayReadIsIgnoredWithAWarning() throws {
    let home = try Home(pgpass: Self.pgpass, mode: 0o644)
    let found = try resolved("postgresql://alice@db.example.com/ledger", home: home)
    #expect(found.location.password == nil)
    let file = (home.path as NSString).appendingPathComponent(".pgpass")
    #expect(
      found.warnings == [
        "password file \"\(file)\" has group or world access; permissions should be u=rw (0600)"
          + " or less"
      ])
  }

  @Test func noPasswordFileIsNoPasswordAndNoWarning() throws {
    let home = try Home(pgpass: nil)
    let found = try resolved("postgresql://alice@db.example.com/ledger", home: home)
    #expect(found.location.password == nil)
    #expect(found.warnings.isEmpty)
  }
}

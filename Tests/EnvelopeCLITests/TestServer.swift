import Foundation

/// The PostgreSQL server the tests may use.
///
/// `ENVELOPE_TEST_POSTGRES_URL` is a superuser's URL of a private cluster that `make test`
/// starts (scripts/postgres/cluster.sh) and stops. Databases are made and dropped with `psql`,
/// which comes with the server; each test gets its own.
enum TestServer {
  /// The server's URL (its `postgres` database), or `nil` when the tests have no server.
  static let url: String? = {
    let value = ProcessInfo.processInfo.environment["ENVELOPE_TEST_POSTGRES_URL"] ?? ""
    return value.isEmpty ? nil : value
  }()

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// The URL of database `name` on the server.
  static func url(database name: String) throws -> String {
    guard let url, let slash = url.range(of: "/", options: .backwards) else {
      throw Failure(description: "no ENVELOPE_TEST_POSTGRES_URL")
    }
    var base = String(url[..<slash.lowerBound])
    var query = ""
    if let question = url.range(of: "?", options: .backwards),
      question.lowerBound > slash.lowerBound
    {
      query = String(url[question.lowerBound...])
    }
    base += "/" + name
    return base + query
  }

  /// Creates a database with a new name, empty or a copy of `template`.
  ///
  /// - Returns: Its name.
  static func createDatabase(template: String? = nil) throws -> String {
    let name =
      "envelope_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    try psql("CREATE DATABASE \(name)" + (template.map { " TEMPLATE \($0)" } ?? ""))
    return name
  }

  /// Drops a database the tests made.
  static func dropDatabase(_ name: String) throws {
    try psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
  }

  /// Runs one statement as the server's superuser.
  ///
  /// - Returns: What `psql` printed, unaligned and without headers.
  @discardableResult
  static func psql(_ sql: String, database: String = "postgres") throws -> String {
    let run = try Run.tool([
      "psql", try url(database: database), "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql,
    ])
    guard run.status == 0 else { throw Failure(description: "psql failed: \(run.stderr)") }
    return run.stdout
  }
}

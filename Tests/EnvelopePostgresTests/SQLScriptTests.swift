import Testing

@testable import EnvelopePostgres

/// Splitting a migration into the statements PostgreSQL would run; no server needed.
struct SQLScriptTests {
  @Test func statementsEndAtSemicolonsAndTheLastNeedsNone() {
    #expect(
      SQLScript.statements("CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);")
        == ["CREATE TABLE a (x int)", "INSERT INTO a VALUES (1)"])
    #expect(SQLScript.statements("SELECT 1; SELECT 2") == ["SELECT 1", "SELECT 2"])
    // Comments and blank space alone are no statement.
    #expect(SQLScript.statements("SELECT 1;\n-- the end; nothing more\n  ;\n") == ["SELECT 1"])
  }

  /// Each statement holds a `;` that does not end it; a second statement follows.
  @Test(arguments: [
    "INSERT INTO a VALUES ('it''s; here')",  // a string, with a doubled quote
    "SELECT E'a\\'; b'",  // an escape string's \' does not end it
    "SELECT 1 AS \"a;b\"",  // a quoted identifier
    "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$",
    "SELECT $body$ a; $$ b; $body$",  // a tagged dollar quote holding $$
    "-- a; comment\nSELECT 1 /* x; /* y; */ z; */ + 1",  // comments, nested ones included
  ])
  func aSemicolonInsideDoesNotEndTheStatement(_ statement: String) {
    #expect(SQLScript.statements(statement + ";\nSELECT 2") == [statement, "SELECT 2"])
  }

  /// Each statement holds a `$` or a backslash that opens nothing.
  @Test(arguments: [
    "SELECT 'a\\'",  // a plain string's backslash is a character
    "SELECT $1, $2",  // parameters are not dollar quotes
    "CREATE TABLE t (id text CHECK (id ~ '^[a-z]+$'))",  // a regular expression's $
  ])
  func whatOpensNothingDoesNotHideTheEnd(_ statement: String) {
    #expect(SQLScript.statements(statement + "; SELECT 2") == [statement, "SELECT 2"])
  }

  @Test func everyMigrationSplitsIntoStatementsThatEndWhereTheFileSays() {
    // Every statement of the shipped migrations starts with a keyword PostgreSQL knows, so no
    // split fell inside a string, a body or a comment.
    let starts = ["CREATE ", "ALTER ", "INSERT ", "UPDATE ", "DROP "]
    for migration in PostgresMigration.embedded {
      let statements = SQLScript.statements(migration.sql)
      #expect(!statements.isEmpty)
      for statement in statements {
        // A statement carries the comment lines before it.
        let code = statement.split(separator: "\n")
          .drop { $0.hasPrefix("--") || $0.allSatisfy(\.isWhitespace) }
          .joined(separator: "\n")
        #expect(
          starts.contains { code.hasPrefix($0) }, "\(migration.version): \(code.prefix(60))")
      }
    }
  }
}

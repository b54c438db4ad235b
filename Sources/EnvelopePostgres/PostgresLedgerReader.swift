import EnvelopeStore

/// `envelope sql` on a PostgreSQL ledger: each statement in a transaction the server keeps
/// read-only (``PostgresSession/readOnlyQuery(_:_:)``), so a write is refused by the server,
/// whatever its form, not by reading the SQL.
///
/// Where the operator has created the reading role ``readerRole``, granted it `SELECT` on the
/// ledger and granted it to the user Envelope connects as, each statement also runs as that
/// role (`SET LOCAL ROLE`), with only its rights: `SELECT` on the ledger's tables and views
/// (README, "A team ledger").
final class PostgresLedgerReader: LedgerReader {
  /// The reading role `envelope sql` takes on when the connecting user may.
  static let readerRole = "envelope_reader"

  let session: PostgresSession
  /// ``readerRole`` when the session's user is a member of it.
  let role: String?

  init(session: PostgresSession) throws {
    self.session = session
    let member = try session.query(
      """
      SELECT r.rolname IS NOT NULL AND pg_has_role(current_user, r.oid, 'MEMBER')
        AND has_table_privilege(r.oid, 'estimates', 'SELECT')
      FROM (SELECT NULL) AS one LEFT JOIN pg_roles AS r ON r.rolname = $1
      """, [.text(Self.readerRole)])
    role = member.rows == [[.bool(true)]] ? Self.readerRole : nil
  }

  deinit {
    session.close()
  }

  /// The tables and views of the ledger's schema: a view with its definition, a table with its
  /// columns and types.
  let schemaQuery = """
    SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'table' END AS type, c.relname::text AS name,
      CASE c.relkind
        WHEN 'v' THEN 'CREATE VIEW ' || c.relname || ' AS' || pg_get_viewdef(c.oid)
        ELSE 'CREATE TABLE ' || c.relname || ' (' || (
          SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', '
            ORDER BY a.attnum)
          FROM pg_attribute AS a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        ) || ')'
      END AS sql
    FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v')
    ORDER BY 1, 2
    """

  func run(
    _ sql: String, parameters: [String: String], columns: ([String]) throws -> Void,
    row: ([SQLValue]) throws -> Void
  ) throws {
    let (rewritten, names) = SQLPlaceholders.named(sql)
    var arguments: [PostgresValue] = []
    for name in names {
      guard let value = parameters[name] else {
        throw StoreError.unboundParameter(name: ":" + name)
      }
      arguments.append(.untyped(value))
    }
    if let unused = parameters.keys.sorted().first(where: { !names.contains($0) }) {
      throw StoreError.query(reason: "parameter '\(unused)' is not used by the statement")
    }
    let result: PostgresResult
    do {
      result = try session.readOnlyQuery(rewritten, arguments, role: role)
    } catch let error as PostgresLedgerError {
      if case .query(let state, let message) = error {
        throw StoreError.query(
          reason: ["25006", "42501"].contains(state)
            ? "envelope sql only reads; the server refused the statement (\(message)) and the "
              + "ledger was not changed"
            : message)
      }
      throw StoreError(error, location: session.location.description)
    }
    try columns(result.columns)
    for values in result.rows { try row(values.map(SQLValue.init(postgres:))) }
  }

  func plan(_ sql: String, parameters: [String: String]) throws -> [String] {
    var lines: [String] = []
    try run(
      "EXPLAIN " + sql, parameters: parameters, columns: { _ in },
      row: { values in
        if case .text(let line) = values.first { lines.append(line) }
      })
    return lines
  }
}

extension PostgresSession {
  /// Runs one statement of the user's in a transaction the server keeps read-only, and rolls
  /// it back.
  ///
  /// Nothing here reads the SQL: the server refuses every write in a `READ ONLY` transaction,
  /// whatever form it takes (`INSERT`, `UPDATE`, `DELETE`, a `WITH` holding one, `nextval`, a
  /// function that writes, `CREATE`, `COPY … FROM`). The transaction starts `READ ONLY`, says
  /// so again (`SET TRANSACTION READ ONLY`), and takes its snapshot with a first query before
  /// the user's statement, after which PostgreSQL refuses `SET TRANSACTION READ WRITE` ("must
  /// be set before any query"). The statement goes alone through the extended protocol, which
  /// refuses a second statement after a `;`, so a `COMMIT` can end the transaction but nothing
  /// runs after it. For defence in depth, connect as a role granted only `SELECT` (README,
  /// "PostgreSQL").
  ///
  /// - Parameters:
  ///   - sql: One statement.
  ///   - arguments: Values for `$1`, `$2`, ….
  ///   - role: A role to run the statement as (`SET LOCAL ROLE`), such as one granted only
  ///     `SELECT`; the session's user must be a member of it.
  /// - Returns: The result's columns and rows.
  /// - Throws: ``PostgresLedgerError/query(sqlState:message:)`` for a statement that fails, a
  ///   write among them (SQLSTATE 25006, "cannot execute … in a read-only transaction").
  public func readOnlyQuery(
    _ sql: String, _ arguments: [PostgresValue] = [], role: String? = nil
  ) throws -> PostgresResult {
    try query("BEGIN READ ONLY")
    do {
      try query("SET TRANSACTION READ ONLY")
      if let role {
        // The role's own rights only, for this transaction: SET LOCAL ends with it.
        try query("SELECT set_config('role', $1, true)", [.text(role)])
      }
      let mode = try query("SELECT current_setting('transaction_read_only')")
      guard mode.rows == [[.text("on")]] else {
        throw PostgresLedgerError.query(
          sqlState: "25006", message: "the transaction could not be made read-only")
      }
      let result = try query(sql, arguments)
      // Never commit: whatever the statement did is undone. After a COMMIT in the statement,
      // this ROLLBACK only warns.
      try query("ROLLBACK")
      return result
    } catch {
      _ = try? query("ROLLBACK")
      throw error
    }
  }
}

/// A value read from, or bound to, a PostgreSQL statement.
public enum PostgresValue: Sendable, Equatable {
  /// NULL, and the value of a function that returns `void`.
  case null
  case bool(Bool)
  /// smallint, integer, bigint, oid.
  case integer(Int64)
  /// real, double precision.
  case real(Double)
  /// numeric, exactly as its decimal text.
  case numeric(String)
  /// text, varchar, char, name, uuid; a date (`2026-05-01`) or timestamp
  /// (`2026-05-01T12:00:00Z`, `Z` for one with a time zone, in UTC) in ISO 8601.
  case text(String)
  /// json and jsonb, as the server writes the JSON text.
  case json(String)
  /// Text bound without a type, as a literal in SQL: the server reads it as whatever type
  /// its place in the statement needs (a `jsonb` column, a `bigint` comparison). Only bound,
  /// never read.
  case untyped(String)
  /// bytea.
  case bytes([UInt8])
}

/// The columns and rows of one statement's result.
public struct PostgresResult: Sendable, Equatable {
  /// The result's column names, in order; empty for a statement that returns no rows.
  public var columns: [String]
  /// Each row's values, in the columns' order.
  public var rows: [[PostgresValue]]

  /// A result.
  ///
  /// - Parameters:
  ///   - columns: Column names.
  ///   - rows: Rows of values.
  public init(columns: [String], rows: [[PostgresValue]]) {
    self.columns = columns
    self.rows = rows
  }
}

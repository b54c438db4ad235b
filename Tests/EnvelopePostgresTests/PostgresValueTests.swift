import Testing

@testable import EnvelopePostgres

/// What a result's cells become, as `envelope sql` will show them.
@Suite(.needsServer)
struct PostgresValueTests {
  struct CellCase: CustomTestStringConvertible, Sendable {
    var sql: String
    var value: PostgresValue
    var testDescription: String { sql }
  }

  @Test(arguments: [
    CellCase(sql: "true", value: .bool(true)),
    CellCase(sql: "7::smallint", value: .integer(7)),
    CellCase(sql: "-8::integer", value: .integer(-8)),
    CellCase(sql: "9007199254740993::bigint", value: .integer(9_007_199_254_740_993)),
    CellCase(sql: "'pg_class'::regclass::oid", value: .integer(1259)),
    CellCase(sql: "1.5::real", value: .real(1.5)),
    CellCase(sql: "0.1::double precision", value: .real(0.1)),
    CellCase(sql: "12.340::numeric", value: .numeric("12.340")),
    CellCase(sql: "-0.000123::numeric", value: .numeric("-0.000123")),
    CellCase(sql: "'x'::text", value: .text("x")),
    CellCase(sql: "'y'::varchar(3)", value: .text("y")),
    CellCase(sql: "'z'::char(2)", value: .text("z ")),
    CellCase(
      sql: "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid",
      value: .text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
    CellCase(sql: "'{\"b\":1,\"a\":[true]}'::jsonb", value: .json("{\"a\": [true], \"b\": 1}")),
    CellCase(sql: "'{\"b\":1}'::json", value: .json("{\"b\":1}")),
    CellCase(sql: "'\\x01ff'::bytea", value: .bytes([1, 255])),
    CellCase(sql: "'2026-05-01'::date", value: .text("2026-05-01")),
    CellCase(sql: "'1999-12-31'::date", value: .text("1999-12-31")),
    CellCase(sql: "'2024-02-29'::date", value: .text("2024-02-29")),
    CellCase(sql: "'infinity'::date", value: .text("infinity")),
    CellCase(
      sql: "'2026-05-01 12:00:00.25'::timestamp", value: .text("2026-05-01T12:00:00.25")),
    CellCase(sql: "'1969-07-20 20:17:40'::timestamp", value: .text("1969-07-20T20:17:40")),
    CellCase(
      sql: "'2026-05-01 14:00:00+02'::timestamptz", value: .text("2026-05-01T12:00:00Z")),
    CellCase(sql: "NULL::text", value: .null),
    CellCase(sql: "pg_sleep(0)", value: .null),
  ])
  func readsEachCell(_ row: CellCase) throws {
    try TestServer.withSession { session in
      // The session's time zone must not change what a timestamptz reads as.
      try session.query("SET TIME ZONE 'America/New_York'")
      let result = try session.query("SELECT \(row.sql) AS cell")
      #expect(result.columns == ["cell"])
      #expect(result.rows == [[row.value]])
    }
  }

  @Test func bindsEachKindOfValue() throws {
    try TestServer.withSession { session in
      let result = try session.query(
        "SELECT $1::boolean, $2::bigint, $3::float8, $4::numeric, $5::text, $6::jsonb, $7::bytea,"
          + " $8::text IS NULL",
        [
          .bool(false), .integer(-42), .real(2.5), .numeric("1.10"), .text("O'Brien; --"),
          .json("{\"k\": [1, 2]}"), .bytes([0, 1]), .null,
        ])
      #expect(
        result.rows == [
          [
            .bool(false), .integer(-42), .real(2.5), .numeric("1.10"), .text("O'Brien; --"),
            .json("{\"k\": [1, 2]}"), .bytes([0, 1]), .bool(true),
          ]
        ])
    }
  }

  @Test func aTypeItCannotShowIsNamedWithTheCastToUse() throws {
    try TestServer.withSession { session in
      let error = #expect(throws: PostgresLedgerError.self) {
        try session.query("SELECT ARRAY[1, 2] AS pair")
      }
      #expect(error == .unsupportedType(column: "pair", typeOID: 1007))
      #expect(error?.description.contains("cast it to text, as in pair::text") == true)
    }
  }
}

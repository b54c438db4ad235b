import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore

extension Envelope {
  struct SQL: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sql",
      abstract: "Run a read-only SQL query against the ledger.",
      discussion: """
        The ledger is opened read-only by SQLite itself: any statement that would write, \
        change the schema, attach a database or change a setting fails, whatever its \
        keywords. Bind named parameters (:name, @name or $name) with -p NAME VALUE, after \
        the query. Tables: gpus, models, scenarios, estimates; views: current_estimates, \
        estimate_summary, latest_estimates, storage_plan_by_month (see --schema and README).

        Examples:
          envelope sql "SELECT id, as_of, gpus_required FROM estimates ORDER BY id"
          envelope sql "SELECT * FROM estimate_summary WHERE scenario_id = :s" \\
            -p s seed-chat
          envelope sql --format csv \\
            "SELECT month, storage_tb_per_month FROM storage_plan_by_month"
          envelope sql --schema
        """)

    @Argument(help: "One SQL statement.")
    var query: String?

    @Option(
      name: .customShort("p"), parsing: .upToNextOption,
      help: ArgumentHelp("A named parameter and its value: -p NAME VALUE.", valueName: "name value")
    )
    var parameters: [String] = []

    @Flag(help: "Print the tables and views, with their SQL.")
    var schema = false

    @Flag(help: "Print the query plan instead of running the query.")
    var plan = false

    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    func validate() throws {
      if schema == (query != nil) {
        throw ValidationError("give a query or --schema")
      }
      if parameters.count % 2 != 0 {
        throw ValidationError("-p takes a name and a value: -p NAME VALUE")
      }
    }

    func run() throws {
      // Bring an older ledger's schema up to date first, so its views are this version's; the
      // query itself then runs on a connection SQLite opens read-only.
      _ = try ledger.openExisting()
      let reader = try LedgerLocation.reader(for: ledger.path)
      var bound: [String: String] = [:]
      for index in stride(from: 0, to: parameters.count, by: 2) {
        var name = parameters[index]
        if let first = name.first, ":@$".contains(first) { name.removeFirst() }
        if bound[name] != nil { throw CLIError.usage("parameter '\(name)' is given twice") }
        bound[name] = parameters[index + 1]
      }
      if schema {
        try printRows(reader, reader.schemaQuery, [:])
        return
      }
      let sql = query ?? ""
      if plan {
        for line in try reader.plan(sql, parameters: bound) { Console.line(line) }
        return
      }
      try printRows(reader, sql, bound)
    }

    func printRows(_ reader: any LedgerReader, _ sql: String, _ bound: [String: String]) throws {
      var names: [String] = []
      var table = Table(headers: [])
      var json: [JSONValue] = []
      try reader.run(
        sql, parameters: bound,
        columns: { columns in
          names = columns
          table.headers = columns
          if output.format == .csv { Console.line(columns.map(CSV.field).joined(separator: ",")) }
        },
        row: { values in
          switch output.format {
          case .table: table.rows.append(values.map(\.text))
          case .csv: Console.line(values.map { CSV.field($0.text) }.joined(separator: ","))
          case .jsonl:
            Console.line(JSONValue.object(zip(names, values.map(\.json)).map { $0 }).serialized())
          case .json: json.append(.object(zip(names, values.map(\.json)).map { $0 }))
          }
        })
      switch output.format {
      case .table: Console.table(table)
      case .json: Console.line(JSONValue.array(json).serialized(pretty: true))
      case .csv, .jsonl: break
      }
    }
  }
}

extension SQLValue {
  var text: String {
    switch self {
    case .null: return ""
    case .integer(let value): return String(value)
    case .real(let value): return JSONValue.number(value).serialized()
    case .text(let value): return value
    case .blob(let bytes):
      return "x'" + bytes.map { String($0, radix: 16).leftPadded(2) }.joined() + "'"
    }
  }

  var json: JSONValue {
    switch self {
    case .null: return .null
    case .integer(let value): return .integer(Int(value))
    case .real(let value): return .number(value)
    case .text(let value): return .string(value)
    case .blob: return .string(text)
    }
  }
}

extension String {
  func leftPadded(_ width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}

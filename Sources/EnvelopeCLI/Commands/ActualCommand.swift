import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore

extension Envelope {
  struct ActualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "actual",
      abstract: "Record and list measured figures, to hold plans against.",
      discussion: """
        Actuals are appended and never changed, like estimates. Metrics match the estimate's \
        JSON keys: storage_bytes (storage in use), trps (requests per second at peak), \
        gpus_required (GPUs in service), ingress_bytes_per_second, egress_bytes_per_second, \
        monthly_cost; or the short names storage, gpus, rps, ingress, egress, cost. \
        'envelope project' and 'envelope history' show them beside the plan.

        Examples:
          envelope actual record seed-chat --metric storage --value 70TB --date 2027-01-27
          envelope actual record seed-chat --metric gpus --value 120 --date 2027-01-31
          envelope actual list seed-chat
        """,
      subcommands: [Record.self, List.self])

    struct Record: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a measured figure.",
        discussion: """
          Examples:
            envelope actual record seed-chat --metric storage --value 70TB --date 2027-01-27
          """)
      @Argument(help: "The scenario measured.") var scenario: Typed<CatalogueID<Scenario>>
      @Option(
        help: ArgumentHelp(
          "What was measured (storage, trps, gpus, egress, …).", valueName: "metric"))
      var metric: Typed<ActualMetric>
      @Option(
        help: ArgumentHelp(
          "The measurement, with units (70TB, 12k, 2.5GB/s).", valueName: "quantity"))
      var value: String
      @Option(
        help: ArgumentHelp("When it was measured (default: today, UTC).", valueName: "YYYY-MM-DD"))
      var date: Typed<CalendarDate>?
      @Option(help: ArgumentHelp("A note kept with it.", valueName: "text")) var note: Typed<Text>?
      @OptionGroup var output: FormatOptions
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let metric = self.metric.value
        // The units --value may be written in depend on --metric, so it is read here, before
        // the ledger is opened, rather than as the command line is parsed.
        let quantity = try Quantity.parse(
          value, as: metric.quantityKind, field: "--value", range: .nonNegative)
        let measuredOn = date?.value ?? Clock.today()
        let actual = try ledger.open(for: .writing).recordActual(
          scenarioID: scenario.value, metric: metric, value: quantity, measuredOn: measuredOn,
          note: note?.value)
        switch output.format {
        case .table:
          Console.line(
            "recorded actual \(actual.id): \(metric.rawValue) \(metric.unit.human(quantity)) "
              + "for \(actual.scenarioID) on \(measuredOn)")
        default:
          try printActuals([actual], output.format)
        }
      }
    }

    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List recorded actuals.",
        discussion:
          "Examples:\n  envelope actual list\n  envelope actual list seed-chat --metric storage --format csv"
      )
      @Argument(help: "Only this scenario's.") var scenario: Typed<CatalogueID<Scenario>>?
      @Option(help: ArgumentHelp("Only this metric.", valueName: "metric"))
      var metric: Typed<ActualMetric>?
      @OptionGroup var output: FormatOptions
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let actuals = try ledger.open(for: .reading).actuals(
          scenarioID: scenario?.value, metric: metric?.value)
        try printActuals(actuals, output.format)
      }
    }
  }
}

/// Prints actuals as a table, JSON, JSON lines or CSV.
func printActuals(_ actuals: [Actual], _ format: OutputFormat) throws {
  let rows = actuals.map { actual in
    JSONValue.object([
      ("id", .integer(Int(actual.id))), ("scenario_id", .string(actual.scenarioID)),
      ("measured_on", .string(actual.measuredOn.description)),
      ("metric", .string(actual.metric.rawValue)),
      ("value", .number(actual.value)), ("note", actual.note.map(JSONValue.string) ?? .null),
      ("recorded_at", .string(actual.recordedAt)),
    ])
  }
  switch format {
  case .table:
    var table = Table(headers: ["id", "scenario", "measured on", "metric", "value", "note"])
    table.rightAligned = [0, 4]
    table.rows = actuals.map {
      [
        String($0.id), $0.scenarioID, $0.measuredOn.description, $0.metric.rawValue,
        $0.metric.unit.human($0.value), $0.note ?? "",
      ]
    }
    if actuals.isEmpty {
      Console.line("No actuals recorded.")
    } else {
      Console.table(table)
    }
  case .json: Console.line(JSONValue.array(rows).serialized(pretty: true))
  case .jsonl: for row in rows { Console.line(row.serialized()) }
  case .csv:
    var table = Table(headers: [
      "id", "scenario_id", "measured_on", "metric", "value", "note", "recorded_at",
    ])
    table.rows = rows.map { row in table.headers.map { row[$0]?.csvText ?? "" } }
    Console.line(table.csv())
  }
}

import ArgumentParser
import EnvelopeCore
import EnvelopeStore
import Foundation

extension Envelope {
  struct Project: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "project",
      abstract: "Project storage month by month from a recorded plan, with its cost.",
      discussion: """
        Starts from a ledger entry (the scenario's latest, or --entry) and its as-of date: \
        each month writes the plan's interaction and index data (growing by --growth a \
        month), data older than --retention-days is dropped, and everything is kept \
        --replication times. The seed's 75 TB a month becomes 75, 150, 225 TB without \
        growth. Storage cost uses the entry's storage price (or the default 23 USD per \
        TB-month, a list-price ballpark; override with --storage-price).

        Examples:
          envelope project seed-chat --months 12
          envelope project seed-chat --months 24 --growth 5% \\
            --retention-days 365 --replication 3
          envelope project --entry 12 --months 6 --format csv
          envelope project seed-chat --months 12 --chart svg -o projection.svg
        """)

    @Argument(help: "A scenario: its latest current entry is projected.")
    var scenario: String?

    @Option(
      help: ArgumentHelp("Project this entry instead of a scenario's latest.", valueName: "id"))
    var entry: Int64?

    @Option(help: ArgumentHelp("Months to project (1 to 1200).", valueName: "n"))
    var months: Int

    @Option(help: ArgumentHelp("Growth of users and traffic per month (0%).", valueName: "percent"))
    var growth: String?

    @Option(help: ArgumentHelp("Days interaction data is kept (for ever).", valueName: "days"))
    var retentionDays: String?

    @Option(help: ArgumentHelp("Copies of everything stored (1).", valueName: "n"))
    var replication: String?

    @Option(help: ArgumentHelp("Price of one TB stored for a month.", valueName: "amount"))
    var storagePrice: String?

    @Option(help: ArgumentHelp("Write the projection as a chart instead: svg.", valueName: "kind"))
    var chart: ChartKind?

    @Option(
      name: [.short, .customLong("output")],
      help: ArgumentHelp(
        "With --chart, the file to write (- for standard output).", valueName: "file"))
    var outputFile: String?

    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    enum ChartKind: String, ExpressibleByArgument, CaseIterable {
      case svg
    }

    func validate() throws {
      if chart != nil && outputFile == nil {
        throw ValidationError("--chart needs -o FILE (or -o - for standard output)")
      }
      if outputFile != nil && chart == nil {
        throw ValidationError("-o goes with --chart svg")
      }
      if (scenario == nil) == (entry == nil) {
        throw ValidationError("give a scenario or --entry, not both")
      }
      if !(1...1_200).contains(months) {
        throw ValidationError("--months must be from 1 to 1200")
      }
    }

    func run() throws {
      let store = try ledger.open()
      let source: LedgerEntry
      if let entry {
        source = try store.entry(entry)
      } else {
        let id = try Parse.identifier(scenario ?? "", "scenario id")
        guard
          let latest = try store.entries(
            scenarioID: id, kind: .serving, currentOnly: true, limit: 1
          ).last
        else {
          throw CLIError.failure(
            "scenario '\(id)' has no recorded estimate; record one with 'envelope estimate \(id)'")
        }
        source = latest
      }
      guard source.kind == .serving else {
        throw CLIError.failure("entry \(source.id) is a training estimate; project a serving one")
      }
      let inputs = JSONValue(text: source.inputsJSON) ?? .null
      let price =
        try Parse.quantity(storagePrice, "--storage-price", as: .money, range: .nonNegative)
        ?? inputs["cost"]?["storage_price_per_tb_month"]?.numberValue
        ?? CostMethod.defaultStoragePricePerTBMonth
      let currency = inputs["cost"]?["currency"]?.plainText ?? CostMethod.defaultCurrency
      let projection: StorageProjection
      do {
        projection = try StorageProjection(
          entry: source, months: months,
          monthlyGrowth: try Parse.quantity(growth, "--growth", as: .ratio, range: .nonNegative)
            ?? 0,
          retentionDays: try Parse.quantity(retentionDays, "--retention-days", as: .count),
          replication: try Parse.quantity(replication, "--replication", as: .count) ?? 1)
      } catch let error as EngineError {
        throw CLIError.usage(error.description)
      }
      let cost = { (month: StorageProjection.Month) in month.totalBytes / 1e12 * price }
      let actuals =
        try source.scenarioID.map {
          try store.actuals(scenarioID: $0, metric: .storageBytes)
        } ?? []
      // The latest actual in each month, beside the plan on its day.
      var checks: [Int: PlanCheck] = [:]
      for actual in actuals {
        guard let planned = projection.storedBytes(on: actual.measuredOn),
          let month = projection.months.first(where: { actual.measuredOn <= $0.endDate })
        else { continue }
        checks[month.index] = PlanCheck(actual: actual, planned: planned)
      }
      if chart == .svg, let outputFile {
        let title =
          "Storage projection from entry \(source.id)"
          + (source.scenarioID.map { " (\($0))" } ?? "") + " as of \(source.asOf)"
        try Self.write(
          ProjectionChart.svg(projection: projection, actuals: actuals, title: title),
          to: outputFile)
        return
      }
      switch output.format {
      case .table:
        var table = Table(
          headers: [
            "month", "ends", "interaction", "index", "profiles", "stored", "with profiles",
            "storage cost (\(currency))",
          ])
        table.rightAligned = [0, 2, 3, 4, 5, 6, 7]
        if !checks.isEmpty { table.headers.append("actual") }
        table.rows = projection.months.map { month in
          [
            String(month.index), month.endDate.description,
            HumanFormat.bytes(month.interactionBytes),
            HumanFormat.bytes(month.indexBytes), HumanFormat.bytes(month.profileBytes),
            HumanFormat.bytes(month.storedBytes), HumanFormat.bytes(month.totalBytes),
            HumanFormat.number(cost(month)),
          ] + (checks.isEmpty ? [] : [checks[month.index]?.text ?? ""])
        }
        Console.line(
          Console.bold(
            "Storage projection from entry \(source.id)"
              + (source.scenarioID.map { " (\($0))" } ?? "") + " as of \(source.asOf)"))
        Console.line(table.rendered())
        Console.line()
        Console.line(
          BarChart.render(
            projection.months.map {
              ($0.endDate.description, $0.storedBytes, HumanFormat.bytes($0.storedBytes))
            }))
      case .csv:
        var table = Table(
          headers: [
            "month", "end_date", "interaction_bytes", "index_bytes", "profile_bytes",
            "stored_bytes",
            "total_bytes", "storage_cost", "actual_bytes", "actual_date",
            "planned_bytes_on_actual_date",
          ])
        table.rows = projection.months.map { month in
          [String(month.index), month.endDate.description]
            + [
              month.interactionBytes, month.indexBytes, month.profileBytes, month.storedBytes,
              month.totalBytes, cost(month),
            ].map { JSONValue.number($0).serialized() }
            + [
              checks[month.index].map { JSONValue.number($0.actual.value).serialized() } ?? "",
              checks[month.index]?.actual.measuredOn.description ?? "",
              checks[month.index].map { JSONValue.number($0.planned).serialized() } ?? "",
            ]
        }
        Console.line(table.csv())
      case .json, .jsonl:
        let rows = projection.months.map { month in
          let check = checks[month.index]
          return JSONValue.object([
            ("month", .integer(month.index)), ("end_date", .string(month.endDate.description)),
            ("interaction_bytes", .number(month.interactionBytes)),
            ("index_bytes", .number(month.indexBytes)),
            ("profile_bytes", .number(month.profileBytes)),
            ("stored_bytes", .number(month.storedBytes)),
            ("total_bytes", .number(month.totalBytes)),
            ("storage_cost", .number(cost(month))),
            ("actual_bytes", check.map { .number($0.actual.value) } ?? .null),
            ("actual_date", check.map { .string($0.actual.measuredOn.description) } ?? .null),
            ("planned_bytes_on_actual_date", check.map { .number($0.planned) } ?? .null),
            ("actual_percent_of_plan", check.map { .number($0.percent) } ?? .null),
          ])
        }
        if output.format == .jsonl {
          for item in rows { Console.line(item.serialized()) }
        } else {
          Console.line(
            JSONValue.object([
              ("entry_id", .integer(Int(source.id))),
              ("scenario_id", source.scenarioID.map(JSONValue.string) ?? .null),
              ("as_of", .string(source.asOf.description)), ("currency", .string(currency)),
              ("storage_price_per_tb_month", .number(price)), ("months", .array(rows)),
            ]).serialized(pretty: true))
        }
      }
    }

    /// Writes text to a file atomically, or to standard output for `-`.
    static func write(_ text: String, to path: String) throws {
      guard path != "-" else {
        Console.line(text)
        return
      }
      do {
        try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
      } catch {
        throw CLIError.failure("cannot write '\(path)': \(error.localizedDescription)")
      }
    }
  }
}

/// A measurement beside the plan on its day.
struct PlanCheck {
  var actual: Actual
  var planned: Double

  /// The actual as a percentage of the plan.
  var percent: Double { planned > 0 ? actual.value / planned * 100 : 0 }

  /// `actual 70 TB [93% of plan 75 TB]`.
  var text: String {
    "actual \(actual.metric.unit.human(actual.value)) [\(HumanFormat.number(percent, fractionDigits: 0))% "
      + "of plan \(actual.metric.unit.human(planned))]"
  }
}

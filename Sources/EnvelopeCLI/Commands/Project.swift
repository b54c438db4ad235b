import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore
import Foundation

extension Envelope {
  struct Project: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "project",
      abstract: "Project storage month by month from a recorded plan, with its cost.",
      discussion: """
        Starts from a plan (the scenario's latest that is not a sweep point, or --entry) at \
        its as-of date and continues from what the earlier plans stored by then, each in \
        force until the next: each month writes the plan's interaction and index data \
        (growing by --growth a month), data older than --retention-days is dropped, and \
        everything is kept --replication times. The seed's 75 TB a month becomes 75, 150, \
        225 TB without growth. Storage cost uses the entry's storage price (or the default 23 USD per \
        TB-month, a list-price ballpark; override with --storage-price).

        Examples:
          envelope project seed-chat --months 12
          envelope project seed-chat --months 24 --growth 5% \\
            --retention-days 365 --replication 3
          envelope project --entry 12 --months 6 --format csv
          envelope project seed-chat --months 12 --chart svg -o projection.svg
        """)

    @Argument(help: "A scenario: its latest current entry is projected.")
    var scenario: Typed<CatalogueID<Scenario>>?

    @Option(
      help: ArgumentHelp("Project this entry instead of a scenario's latest.", valueName: "id"))
    var entry: Typed<EntryID>?

    @Option(help: ArgumentHelp("Months to project (1 to 1200).", valueName: "n"))
    var months: Int

    @Option(
      help: ArgumentHelp("Growth of users and traffic per month (0%).", valueName: "percent"),
      transform: Typed.reader(.nonNegative))
    var growth: Typed<Ratio>?

    @Option(help: ArgumentHelp("Days interaction data is kept (for ever).", valueName: "days"))
    var retentionDays: Typed<Count>?

    @Option(
      help: ArgumentHelp("Copies of everything stored (1).", valueName: "n"),
      transform: Typed.reader(.between(1, 1_000)))
    var replication: Typed<Count>?

    @Option(help: ArgumentHelp("Price of one TB stored for a month.", valueName: "amount"))
    var storagePrice: Typed<Money>?

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
      let store = try ledger.open(for: .reading)
      let plans = try self.plans(in: store)
      let source = plans[plans.count - 1]
      let cost = source.snapshot?.cost
      let price =
        storagePrice?.value ?? cost?.storagePricePerTBMonth
        ?? CostMethod.defaultStoragePricePerTBMonth
      let currency = cost?.currency ?? CostMethod.defaultCurrency
      let projection: StorageProjection
      do {
        projection = try StorageProjection(
          plans: plans, months: months, monthlyGrowth: growth?.value ?? 0,
          retentionDays: retentionDays?.value, replication: replication?.value ?? 1)
      } catch let error as EngineError {
        throw CLIError.usage(error.description)
      }
      let storageCost = { (month: StorageProjection.Month) in
        CostMethod.storageCost(storedBytes: month.totalBytes, pricePerTBMonth: price)
      }
      let actuals =
        try source.scenarioID.map {
          try store.actuals(scenarioID: $0, metric: .storageBytes)
        } ?? []
      // The latest measurement in each month, beside the plan on its day.
      var checks: [Int: PlannedActual] = [:]
      for actual in actuals where actual.measuredOn > projection.start {
        guard let planned = projection.storedBytes(on: actual.measuredOn),
          let month = projection.months.first(where: { actual.measuredOn <= $0.endDate })
        else { continue }
        checks[month.index] = PlannedActual(actual: actual, plan: source, planned: planned)
      }
      let title =
        "Storage projection from entry \(source.id)"
        + (source.scenarioID.map { " (\($0))" } ?? "") + " as of \(source.asOf)"
        + (plans.count > 1 ? ", continuing from \(plans.count - 1) earlier plan(s)" : "")
      if chart == .svg, let outputFile {
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
          ], rightAligned: [0, 2, 3, 4, 5, 6, 7])
        if !checks.isEmpty { table.headers.append("actual") }
        table.rows = projection.months.map { month in
          [
            String(month.index), month.endDate.description,
            HumanFormat.bytes(month.interactionBytes),
            HumanFormat.bytes(month.indexBytes), HumanFormat.bytes(month.profileBytes),
            HumanFormat.bytes(month.storedBytes), HumanFormat.bytes(month.totalBytes),
            HumanFormat.number(storageCost(month)),
          ] + (checks.isEmpty ? [] : [checks[month.index].map(Self.text) ?? ""])
        }
        Console.line(Console.bold(title))
        Console.table(table)
        Console.line()
        Console.line(
          BarChart.render(
            projection.months.map {
              ($0.endDate.description, $0.storedBytes, HumanFormat.bytes($0.storedBytes))
            }))
      case .csv:
        var table = Table(headers: [
          "month", "end_date", "interaction_bytes", "index_bytes", "profile_bytes",
          "stored_bytes", "total_bytes", "storage_cost", "actual_bytes", "actual_date",
          "planned_bytes_on_actual_date",
        ])
        table.rows = projection.months.map { month in
          let check = checks[month.index]
          let numbers = [
            month.interactionBytes, month.indexBytes, month.profileBytes, month.storedBytes,
            month.totalBytes, storageCost(month),
          ]
          return [String(month.index), month.endDate.description]
            + numbers.map { JSONValue.number($0).serialized() }
            + [
              check.map { JSONValue.number($0.actual.value).serialized() } ?? "",
              check?.actual.measuredOn.description ?? "",
              check?.planned.map { JSONValue.number($0).serialized() } ?? "",
            ]
        }
        Console.line(table.csv())
      case .json, .jsonl:
        let rows = projection.months.map { month in
          Self.json(month, cost: storageCost(month), check: checks[month.index])
        }
        if output.format == .jsonl {
          for item in rows { Console.line(item.serialized()) }
        } else {
          Console.line(
            JSONValue.object([
              ("entry_id", .integer(Int(source.id))),
              ("scenario_id", source.scenarioID.map(JSONValue.string) ?? .null),
              ("as_of", .string(source.asOf.description)),
              ("plan_entry_ids", .array(plans.map { .integer(Int($0.id)) })),
              ("currency", .string(currency)), ("storage_price_per_tb_month", .number(price)),
              ("months", .array(rows)),
            ]).serialized(pretty: true))
        }
      }
    }

    /// The plans projected: the scenario's, or those up to the entry asked for, which comes
    /// last, read in full; the earlier ones' typed columns are all a projection needs of them.
    func plans(in store: Ledger) throws -> [LedgerEntry] {
      let source: LedgerEntry
      if let entry = entry?.value {
        source = try store.entry(entry)
        guard source.kind == .serving else {
          throw CLIError.failure(
            "entry \(source.id) is a training estimate; project a serving one")
        }
      } else {
        let id = scenario?.value ?? ""
        guard let latest = try store.plans(scenarioID: id, withSnapshots: false).last else {
          throw CLIError.failure(
            "scenario '\(id)' has no recorded plan; record one with 'envelope estimate \(id)'")
        }
        source = try store.entry(latest.id)
      }
      guard let scenarioID = source.scenarioID else { return [source] }
      let earlier = try store.plans(
        scenarioID: scenarioID, until: source.asOf, withSnapshots: false
      )
      .filter { ($0.asOf, $0.id) < (source.asOf, source.id) }
      return earlier + [source]
    }

    /// One month of the projection as JSON, with its measurement beside the plan.
    static func json(_ month: StorageProjection.Month, cost: Double, check: PlannedActual?)
      -> JSONValue
    {
      .object([
        ("month", .integer(month.index)), ("end_date", .string(month.endDate.description)),
        ("interaction_bytes", .number(month.interactionBytes)),
        ("index_bytes", .number(month.indexBytes)),
        ("profile_bytes", .number(month.profileBytes)),
        ("stored_bytes", .number(month.storedBytes)),
        ("total_bytes", .number(month.totalBytes)), ("storage_cost", .number(cost)),
        ("actual_bytes", check.map { .number($0.actual.value) } ?? .null),
        ("actual_date", check.map { .string($0.actual.measuredOn.description) } ?? .null),
        ("planned_bytes_on_actual_date", check?.planned.map(JSONValue.number) ?? .null),
        ("actual_percent_of_plan", check?.percentOfPlan.map(JSONValue.number) ?? .null),
      ])
    }

    /// `actual 70 TB [93% of plan 75 TB]`.
    static func text(_ check: PlannedActual) -> String {
      let unit = check.actual.metric.unit
      return "actual \(unit.human(check.actual.value)) ["
        + (check.percentOfPlan.map(FigureFormat.percentOfPlan) ?? "—")
        + " of plan \(check.planned.map(unit.human) ?? "—")]"
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

import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore

extension Envelope {
  struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "history",
      abstract: "List recorded estimates over time and how each changed from the previous one.",
      discussion: """
        Entries are listed by their as-of date, then by recording order. Each entry's key \
        figures are compared with the previous plan of the same scenario (or, for one-off \
        estimates, the previous one-off entry of the same kind). Superseded entries are left \
        out unless --all is given. A sweep is exploration, not a plan: it is one line (its \
        id, points and grid) unless --sweeps lists every point. With a scenario, each \
        measurement (envelope actual record) is shown beside the plan in force on its date; \
        for storage, that is what the plans, each in force until the next, stored by then.

        Examples:
          envelope history
          envelope history seed-chat --since 2026-01-01
          envelope history seed-chat --format csv > plan-history.csv
          envelope history seed-chat --sweeps
        """)

    @Argument(help: "Only this scenario's entries.")
    var scenario: Typed<CatalogueID<Scenario>>?

    @Option(help: ArgumentHelp("Only entries as of this date or later.", valueName: "YYYY-MM-DD"))
    var since: Typed<CalendarDate>?

    @Option(help: ArgumentHelp("Only entries as of this date or earlier.", valueName: "YYYY-MM-DD"))
    var until: Typed<CalendarDate>?

    @Flag(help: "Include entries a later entry supersedes.")
    var all = false

    @Flag(help: "List every point of each sweep instead of one line per sweep.")
    var sweeps = false

    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    /// The figures the table shows, each with its change from the previous plan.
    static let shown: [FigureDefinition] = [
      .gpusRequired, .storageBytesPerMonth, .egressBytesPerSecond,
    ]

    /// One line of the history: an entry or sweep point, or a sweep summarised.
    enum Line {
      case entry(Row, previous: Row?)
      case sweep(SweepSummary)
    }

    /// What a line shows of an entry or a sweep's point.
    struct Row {
      var entry: LedgerEntry
      /// `sweep-…:3` for a point of a sweep recorded since version 5.
      var point: String?

      /// The entry's id, or the point's `SWEEP_ID:N`.
      var id: JSONValue { point.map(JSONValue.string) ?? .integer(Int(entry.id)) }

      func number(_ figure: FigureDefinition) -> Double? { entry.number(figure) }
    }

    func validate() throws {
      if let since = since?.value, let until = until?.value, until < since {
        throw ValidationError("--until \(until) is before --since \(since)")
      }
    }

    func run() throws {
      let store = try ledger.open(for: .reading)
      let (scenarioID, since, until) = (scenario?.value, since?.value, until?.value)
      var printer = Printer(format: output.format)
      var previous: [String: Row] = [:]
      func add(_ row: Row) {
        // Each line is compared with the previous plan of its series; a sweep's points are not
        // plans, so none is compared with them.
        let series = (row.entry.scenarioID ?? "(one-off)") + "/" + row.entry.kind.rawValue
        printer.add(.entry(row, previous: previous[series]))
        if !row.entry.isSweepPoint && row.point == nil { previous[series] = row }
      }
      // Entries up to each sweep's date, then the sweep (a read at a time: the ledger's reads
      // do not nest).
      var after: CalendarDate?
      let sweepList = try store.sweeps(scenarioID: scenarioID, since: since, until: until)
      for sweep in sweepList + [nil] {
        try store.forEachEntry(
          scenarioID: scenarioID, since: since, until: sweep?.asOf ?? until, after: after,
          currentOnly: !all, sweepPoints: false, withSnapshots: false
        ) { add(Row(entry: $0)) }
        guard let sweep else { break }
        after = sweep.asOf
        guard sweeps else {
          printer.add(.sweep(sweep))
          continue
        }
        try store.forEachSweepPoint(sweepID: sweep.id) { point in
          add(Self.row(sweep, point))
        }
      }
      var planned: [PlannedActual] = []
      if let scenarioID, case let actuals = try store.actuals(scenarioID: scenarioID),
        !actuals.isEmpty
      {
        planned = PlannedActual.compare(
          actuals, plans: try store.plans(scenarioID: scenarioID, withSnapshots: false))
      }
      printer.finish(
        empty: printer.lines == 0
          ? "No entries\(scenarioID.map { " for scenario \($0)" } ?? ""); record one with "
            + "'envelope estimate \(scenarioID ?? "SCENARIO")'." : nil,
        planned: planned)
    }

    /// "calibration 3: " where a plan uses another calibration than the plan before it,
    /// "uncalibrated: " where it drops one; empty otherwise.
    static func calibrationChange(_ entry: LedgerEntry, previous: LedgerEntry?) -> String {
      guard entry.calibrationID != previous?.calibrationID else { return "" }
      if let id = entry.calibrationID { return "calibration \(id): " }
      return previous == nil ? "" : "uncalibrated: "
    }

    /// A sweep's point as a history row.
    static func row(_ sweep: SweepSummary, _ point: SweepPoint) -> Row {
      Row(
        entry: LedgerEntry(
          id: 0, recordedAt: sweep.recordedAt, asOf: sweep.asOf, kind: point.snapshot.kind,
          scenarioID: sweep.scenarioID, method: point.snapshot.method,
          envelopeVersion: "", note: sweep.note, supersedes: nil, supersedeReason: nil,
          supersededBy: nil, sweepID: sweep.id, snapshot: nil, figures: point.figures),
        point: "\(sweep.id):\(point.index)")
    }

    /// Writes the history in one format, streaming where the format allows.
    struct Printer {
      var format: OutputFormat
      var table = Table(
        headers: [
          "entry", "as of", "scenario", "method", "GPUs", "Δ", "storage/month", "Δ", "egress",
          "Δ", "GPU-hours", "note",
        ], rightAligned: [0, 4, 5, 6, 7, 8, 9, 10])
      var json: [JSONValue] = []
      var lines = 0
      static let columns = FigureDefinition.ledgerColumns

      init(format: OutputFormat) {
        self.format = format
        if format == .csv {
          Console.line(
            CSV.line(
              [
                "id", "as_of", "recorded_at", "kind", "scenario_id", "method", "note",
                "supersedes", "superseded_by", "sweep_id", "points",
              ] + Self.columns.map(\.key) + Self.columns.map { $0.key + "_change_percent" }))
        }
      }

      mutating func add(_ line: Line) {
        lines += 1
        switch (line, format) {
        case (.entry(let row, let previous), .table):
          let entry = row.entry
          var cells = [
            row.id.plainText, entry.asOf.description, entry.scenarioID ?? "-",
            entry.method.rawValue,
          ]
          for figure in History.shown {
            let change = FigureChange.percent(
              from: previous?.number(figure), to: entry.number(figure))
            cells.append(FigureFormat.human(figure, entry.number(figure)))
            cells.append(FigureFormat.change(change))
          }
          let note =
            (entry.supersedes.map { "corrects \($0): " } ?? "")
            + History.calibrationChange(entry, previous: previous?.entry)
            + (entry.sweepID.map { row.point == nil ? "point of \($0): " : "" } ?? "")
            + (entry.note ?? "")
          cells += [FigureFormat.human(.gpuHours, entry.number(.gpuHours)), note]
          table.rows.append(cells)
        case (.sweep(let sweep), .table):
          table.rows.append(
            [
              "sweep", sweep.asOf.description, sweep.scenarioID, "",
              "\(HumanFormat.number(Double(sweep.points))) points", "", "", "", "", "", "",
              sweep.id + ": " + sweep.grid.joined(separator: " ")
                + (sweep.note.map { " · \($0)" } ?? ""),
            ])
        case (.entry(let row, let previous), .csv):
          let entry = row.entry
          let number = { (value: Double?) in value.map { JSONValue.number($0).serialized() } ?? "" }
          var cells: [String] = [
            row.id.plainText, entry.asOf.description, entry.recordedAt, entry.kind.rawValue,
            entry.scenarioID ?? "", entry.method.rawValue, entry.note ?? "",
            entry.supersedes.map(String.init) ?? "", entry.supersededBy.map(String.init) ?? "",
            entry.sweepID ?? "", "",
          ]
          cells += Self.columns.map { number(entry.number($0)) }
          cells += Self.columns.map {
            number(FigureChange.percent(from: previous?.number($0), to: entry.number($0)))
          }
          Console.line(CSV.line(cells))
        case (.sweep(let sweep), .csv):
          Console.line(
            CSV.line(
              [
                "", sweep.asOf.description, sweep.recordedAt, "sweep", sweep.scenarioID, "",
                sweep.note ?? "", "", "", sweep.id, String(sweep.points),
              ] + Array(repeating: "", count: Self.columns.count * 2)))
        case (_, .json), (_, .jsonl):
          let row = Self.json(line)
          if format == .jsonl { Console.line(row.serialized()) } else { json.append(row) }
        }
      }

      static func json(_ line: Line) -> JSONValue {
        switch line {
        case .entry(let row, let previous):
          let entry = row.entry
          let figures: [(String, JSONValue)] = columns.compactMap { figure in
            entry.figures[figure].map { (figure.key, JSONValue($0)) }
          }
          let changes: [(String, JSONValue)] = columns.compactMap { figure in
            FigureChange.percent(from: previous?.number(figure), to: entry.number(figure)).map {
              (figure.key, .number($0))
            }
          }
          return .object(
            [
              ("id", row.id), ("as_of", .string(entry.asOf.description)),
              ("recorded_at", .string(entry.recordedAt)), ("kind", .string(entry.kind.rawValue)),
              ("scenario_id", entry.scenarioID.map(JSONValue.string) ?? .null),
              ("method", .string(entry.method.rawValue)),
              ("note", entry.note.map(JSONValue.string) ?? .null),
              ("supersedes", entry.supersedes.map { .integer(Int($0)) } ?? .null),
              ("superseded_by", entry.supersededBy.map { .integer(Int($0)) } ?? .null),
              ("sweep_id", entry.sweepID.map(JSONValue.string) ?? .null),
              ("calibration_id", entry.calibrationID.map { .integer(Int($0)) } ?? .null),
            ] + figures + [("change_percent", .object(changes))])
        case .sweep(let sweep):
          return .object([
            ("kind", .string("sweep")), ("sweep_id", .string(sweep.id)),
            ("as_of", .string(sweep.asOf.description)), ("recorded_at", .string(sweep.recordedAt)),
            ("scenario_id", .string(sweep.scenarioID)), ("points", .integer(sweep.points)),
            ("grid", .array(sweep.grid.map(JSONValue.string))),
            ("note", sweep.note.map(JSONValue.string) ?? .null),
          ])
        }
      }

      func finish(empty: String?, planned: [PlannedActual]) {
        switch format {
        case .table:
          Console.line(empty ?? table.rendered(style: Console.style))
          guard !planned.isEmpty else { return }
          var actuals = Table(
            headers: ["measured on", "metric", "actual", "plan", "of plan", "plan entry"],
            rightAligned: [2, 3, 4])
          actuals.rows = planned.map { row in
            let unit = row.actual.metric.unit
            return [
              row.actual.measuredOn.description, row.actual.metric.rawValue,
              unit.human(row.actual.value), row.planned.map(unit.human) ?? "—",
              row.percentOfPlan.map(FigureFormat.percentOfPlan) ?? "—",
              row.plan.map { "\($0.id) (as of \($0.asOf))" } ?? "no plan yet",
            ]
          }
          Console.line()
          Console.line(Console.bold("Plan against actual"))
          Console.table(actuals)
        case .json: Console.line(JSONValue.array(json).serialized(pretty: true))
        case .csv, .jsonl: break
        }
      }
    }
  }
}

import ArgumentParser
import EnvelopeCore
import EnvelopeStore

extension Envelope {
  struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "history",
      abstract: "List recorded estimates over time and how each changed from the previous one.",
      discussion: """
        Entries are listed by their as-of date, then by recording order. Each entry's key \
        figures are compared with the previous entry of the same scenario (or, for one-off \
        estimates, the previous one-off entry of the same kind). Superseded entries are left \
        out unless --all is given.

        Examples:
          envelope history
          envelope history seed-chat --since 2026-01-01
          envelope history seed-chat --format csv > plan-history.csv
        """)

    @Argument(help: "Only this scenario's entries.")
    var scenario: String?

    @Option(help: ArgumentHelp("Only entries as of this date or later.", valueName: "YYYY-MM-DD"))
    var since: String?

    @Option(help: ArgumentHelp("Only entries as of this date or earlier.", valueName: "YYYY-MM-DD"))
    var until: String?

    @Flag(help: "Include entries a later entry supersedes.")
    var all = false

    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      let store = try ledger.open()
      let since = try Parse.date(since, "--since")
      let until = try Parse.date(until, "--until")
      if let since, let until, until < since {
        throw CLIError.usage("--until \(until) is before --since \(since)")
      }
      let scenarioID = try scenario.map { try Parse.identifier($0, "scenario id") }
      var previous: [String: [String: Double]] = [:]
      var table = Table(
        headers: [
          "entry", "as of", "scenario", "method", "GPUs", "Δ", "storage/month", "Δ", "egress", "Δ",
          "GPU-hours", "note",
        ])
      table.rightAligned = [0, 4, 5, 6, 7, 8, 9, 10]
      let columns = FigureDefinition.ledgerColumns.map(\.key)
      if output.format == .csv {
        Console.line(
          ([
            "id", "as_of", "recorded_at", "kind", "scenario_id", "method", "note", "supersedes",
            "superseded_by",
          ] + columns + columns.map { $0 + "_change_percent" })
          .joined(separator: ","))
      }
      var jsonRows: [JSONValue] = []
      var count = 0
      try store.forEachEntry(
        scenarioID: scenarioID, since: since, until: until, currentOnly: !all,
        withSnapshots: false
      ) { entry in
        count += 1
        let series = (entry.scenarioID ?? "(one-off)") + "/" + entry.kind.rawValue
        let before = previous[series]
        previous[series] = entry.keyFigures
        let change = { (key: String) in
          KeyFigures.changePercent(from: before?[key], to: entry.keyFigures[key])
        }
        switch output.format {
        case .table:
          table.rows.append([
            String(entry.id), entry.asOf.description, entry.scenarioID ?? "-",
            entry.method.rawValue,
            KeyFigures.human("gpus_required", entry.keyFigures["gpus_required"]),
            KeyFigures.humanChange(change("gpus_required")),
            KeyFigures.human(
              "storage_bytes_per_month", entry.keyFigures["storage_bytes_per_month"]),
            KeyFigures.humanChange(change("storage_bytes_per_month")),
            KeyFigures.human(
              "egress_bytes_per_second", entry.keyFigures["egress_bytes_per_second"]),
            KeyFigures.humanChange(change("egress_bytes_per_second")),
            KeyFigures.human("gpu_hours", entry.keyFigures["gpu_hours"]),
            (entry.supersedes.map { "corrects \($0): " } ?? "") + (entry.note ?? ""),
          ])
        case .csv:
          var cells: [String] = [
            String(entry.id), entry.asOf.description, entry.recordedAt, entry.kind.rawValue,
            entry.scenarioID ?? "", entry.method.rawValue, entry.note ?? "",
            entry.supersedes.map(String.init) ?? "", entry.supersededBy.map(String.init) ?? "",
          ]
          for key in columns {
            cells.append(entry.keyFigures[key].map { JSONValue.number($0).serialized() } ?? "")
          }
          for key in columns {
            cells.append(change(key).map { JSONValue.number($0).serialized() } ?? "")
          }
          Console.line(cells.map(CSV.field).joined(separator: ","))
        case .json, .jsonl:
          let figures: [(String, JSONValue)] = columns.compactMap { key in
            entry.keyFigures[key].map {
              (key, key == "gpus_required" ? .integer(Int($0)) : .number($0))
            }
          }
          let changes: [(String, JSONValue)] = columns.compactMap { key in
            change(key).map { (key, .number($0)) }
          }
          let row: JSONValue = .object(
            [
              ("id", .integer(Int(entry.id))), ("as_of", .string(entry.asOf.description)),
              ("recorded_at", .string(entry.recordedAt)), ("kind", .string(entry.kind.rawValue)),
              ("scenario_id", entry.scenarioID.map(JSONValue.string) ?? .null),
              ("method", .string(entry.method.rawValue)),
              ("note", entry.note.map(JSONValue.string) ?? .null),
              ("supersedes", entry.supersedes.map { .integer(Int($0)) } ?? .null),
              ("superseded_by", entry.supersededBy.map { .integer(Int($0)) } ?? .null),
            ] + figures + [("change_percent", .object(changes))])
          if output.format == .jsonl {
            Console.line(row.serialized())
          } else {
            jsonRows.append(row)
          }
        }
      }
      switch output.format {
      case .table:
        if count == 0 {
          Console.line(
            "No entries\(scenarioID.map { " for scenario \($0)" } ?? ""); record one with "
              + "'envelope estimate \(scenarioID ?? "SCENARIO")'.")
        } else {
          Console.line(table.rendered())
        }
        if let scenarioID {
          let planned = try store.plannedActuals(scenarioID: scenarioID)
          if !planned.isEmpty {
            var actuals = Table(headers: [
              "measured on", "metric", "actual", "plan", "of plan", "plan entry",
            ])
            actuals.rightAligned = [2, 3, 4]
            actuals.rows = planned.map { row in
              let unit = row.actual.metric.unit
              return [
                row.actual.measuredOn.description, row.actual.metric.rawValue,
                unit.human(row.actual.value), row.planned.map(unit.human) ?? "—",
                row.planned.flatMap {
                  $0 > 0
                    ? HumanFormat.number(row.actual.value / $0 * 100, fractionDigits: 0) + "%" : nil
                } ?? "—",
                row.estimateID.map { "\($0) (as of \(row.planAsOf?.description ?? "?"))" }
                  ?? "no plan yet",
              ]
            }
            Console.line()
            Console.line(Console.bold("Plan against actual"))
            Console.line(actuals.rendered())
          }
        }
      case .json: Console.line(JSONValue.array(jsonRows).serialized(pretty: true))
      case .csv, .jsonl: break
      }
    }
  }
}

import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore

extension Envelope {
  struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "diff",
      abstract: "Compare two ledger entries: inputs and results side by side.",
      discussion: """
        Lists every input and result that differs between entries A and B, with the change \
        from A to B. Without B, A is compared with its scenario's latest plan (or, when A is \
        that plan, the plan before it); with --scenario and no entries, the scenario's \
        previous plan with its latest. Plans are current entries that are not sweep points; \
        a sweep's point is SWEEP_ID:N. With --fail-if-increase, exits with status 2 when a \
        chosen figure grew by more than the given percentage: a CI job can hold a plan to its \
        budget.

        Examples:
          envelope diff 3 7
          envelope diff 3 7 --all --format json
          envelope diff 3 7 --fail-if-increase 10 --figure gpus_required \\
            --figure storage_bytes_per_month
          envelope diff --scenario seed-chat --fail-if-increase 10
          envelope diff 3
        """)

    @Argument(help: "The earlier entry (an id, or SWEEP_ID:N).")
    var first: Typed<EntryReference>?

    @Argument(help: "The later entry (default: the scenario's latest plan).")
    var second: Typed<EntryReference>?

    @Option(
      help: ArgumentHelp(
        "Without entries: compare this scenario's previous plan with its latest.",
        valueName: "id"))
    var scenario: Typed<CatalogueID<Scenario>>?

    @Flag(help: "List the values that did not change too.")
    var all = false

    @Option(
      help: ArgumentHelp(
        "Exit with status 2 when a figure grows by more than this percentage.",
        valueName: "percent"))
    var failIfIncrease: Typed<Percent>?

    @Option(
      help: ArgumentHelp(
        "A result key checked by --fail-if-increase (default: gpus_required, "
          + "storage_bytes_per_month, egress_bytes_per_second, monthly_cost, gpu_hours).",
        valueName: "key"))
    var figure: [String] = []

    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    func validate() throws {
      if !figure.isEmpty && failIfIncrease == nil {
        throw ValidationError("--figure goes with --fail-if-increase")
      }
      if let scenario, first != nil {
        throw ValidationError("give entries or --scenario \(scenario.value), not both")
      }
    }

    func run() throws {
      let limit = failIfIncrease?.value
      let store = try ledger.open(for: .reading)
      let (first, second) = try references(in: store)
      let a = try first.resolve(in: store)
      let b = try second.resolve(in: store)
      let resultsA = JSONValue.figures(a.figures)
      let resultsB = JSONValue.figures(b.figures)
      let names = (first.description, second.description)
      for key in figure where resultsA[key] == nil && resultsB[key] == nil {
        let known = resultsA.flattened().map(\.0)
        let hint = Suggestions.closest(to: key, in: known)
        throw CLIError.usage(
          "no result '\(key)' in entries \(names.0) and \(names.1)"
            + (hint.isEmpty
              ? "" : "; did you mean \(hint.map { "'\($0)'" }.joined(separator: " or "))?"))
      }
      let rows =
        Self.compare(
          section: "inputs", try a.snapshot.map { try JSONValue(encoding: $0) } ?? .null,
          try b.snapshot.map { try JSONValue(encoding: $0) } ?? .null)
        + Self.compare(section: "results", resultsA, resultsB)
      let shown = all ? rows : rows.filter { $0.changed }
      print(shown, (first, second))
      guard let limit else { return }
      let checked = figure.isEmpty ? FigureDefinition.budgeted.map(\.key) : figure
      var exceeded: [String] = []
      for key in checked {
        guard let before = resultsA[key]?.numberValue, let after = resultsB[key]?.numberValue,
          let percent = FigureChange.percent(from: before, to: after), percent > limit
        else { continue }
        exceeded.append(
          "\(key) grew \(HumanFormat.significant(percent, digits: 3))% "
            + "(\(FigureFormat.human(key: key, .number(before))) → "
            + "\(FigureFormat.human(key: key, .number(after))))")
      }
      if !exceeded.isEmpty {
        throw CLIError.limitExceeded(
          exceeded.joined(separator: "; ") + " from entry \(names.0) to \(names.1), "
            + "more than the \(HumanFormat.significant(limit))% allowed")
      }
    }

    struct Row {
      var section: String
      var key: String
      var a: JSONValue?
      var b: JSONValue?
      var changed: Bool { a != b }
      var percent: Double? { FigureChange.percent(from: a?.numberValue, to: b?.numberValue) }
    }

    static func compare(section: String, _ a: JSONValue, _ b: JSONValue) -> [Row] {
      let left = a.flattened()
      let right = b.flattened()
      var keys = left.map(\.0)
      for (key, _) in right where !keys.contains(key) { keys.append(key) }
      let leftValues = Dictionary(left, uniquingKeysWith: { first, _ in first })
      let rightValues = Dictionary(right, uniquingKeysWith: { first, _ in first })
      return keys.map { Row(section: section, key: $0, a: leftValues[$0], b: rightValues[$0]) }
    }

    /// The two entries compared: as given, or the scenario's plans.
    func references(in store: Ledger) throws -> (EntryReference, EntryReference) {
      if let first, let second { return (first.value, second.value) }
      let a = first?.value
      let scenarioID: String
      if let scenario {
        scenarioID = scenario.value
      } else if let a, let id = try a.resolve(in: store).scenarioID {
        scenarioID = id
      } else if let a {
        throw CLIError.usage(
          "entry \(a) has no scenario, so it has no latest plan; give a second entry")
      } else {
        throw CLIError.usage("give two entries, one entry, or --scenario")
      }
      let plans = try store.plans(scenarioID: scenarioID).map { EntryReference.entry($0.id) }
      guard let latest = plans.last else {
        throw CLIError.failure(
          "scenario '\(scenarioID)' has no recorded plan; record one with 'envelope estimate \(scenarioID)'"
        )
      }
      if let a { return (a, a == latest && plans.count > 1 ? plans[plans.count - 2] : latest) }
      guard plans.count > 1 else {
        throw CLIError.failure(
          "scenario '\(scenarioID)' has one plan, entry \(latest); record another to compare")
      }
      return (plans[plans.count - 2], latest)
    }

    func print(_ rows: [Row], _ references: (EntryReference, EntryReference)) {
      let names = (references.0.description, references.1.description)
      switch output.format {
      case .table:
        if rows.isEmpty {
          Console.line("Entries \(names.0) and \(names.1) have the same inputs and results.")
          return
        }
        var table = Table(headers: ["", "entry \(names.0)", "entry \(names.1)", "change"])
        table.rightAligned = [1, 2, 3]
        var section = ""
        for row in rows {
          if row.section != section {
            section = row.section
            table.rows.append([section == "inputs" ? "Inputs" : "Results", "", "", ""])
          }
          table.rows.append([
            "  " + row.key, row.a.map { FigureFormat.human(key: row.key, $0) } ?? "—",
            row.b.map { FigureFormat.human(key: row.key, $0) } ?? "—",
            row.changed ? (FigureFormat.change(row.percent).nilIfEmpty ?? "changed") : "",
          ])
        }
        Console.table(table)
      case .csv:
        var table = Table(headers: ["section", "key", "a", "b", "change_percent"])
        table.rows = rows.map {
          [
            $0.section, $0.key, $0.a?.csvText ?? "", $0.b?.csvText ?? "",
            $0.percent.map { JSONValue.number($0).serialized() } ?? "",
          ]
        }
        Console.line(table.csv())
      case .json, .jsonl:
        let values = rows.map { row in
          JSONValue.object([
            ("section", .string(row.section)), ("key", .string(row.key)), ("a", row.a ?? .null),
            ("b", row.b ?? .null), ("change_percent", row.percent.map(JSONValue.number) ?? .null),
          ])
        }
        if output.format == .jsonl {
          for item in values { Console.line(item.serialized()) }
        } else {
          Console.line(
            JSONValue.object([
              ("a", Self.json(references.0)), ("b", Self.json(references.1)),
              ("differences", .array(values)),
            ]).serialized(pretty: true))
        }
      }
    }
  }
}

extension Envelope.Diff {
  /// An entry's id as a number, a sweep point's as its text.
  static func json(_ reference: EntryReference) -> JSONValue {
    switch reference {
    case .entry(let id): return .integer(Int(id))
    case .point: return .string(reference.description)
    }
  }
}

extension String {
  var nilIfEmpty: String? { isEmpty ? nil : self }
}

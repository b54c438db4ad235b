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
        from A to B. With --fail-if-increase, exits with status 2 when a chosen figure grew \
        by more than the given percentage: a CI job can hold a plan to its budget.

        Examples:
          envelope diff 3 7
          envelope diff 3 7 --all --format json
          envelope diff 3 7 --fail-if-increase 10 --figure gpus_required \\
            --figure storage_bytes_per_month
        """)

    @Argument(help: "The earlier entry.")
    var first: Int64

    @Argument(help: "The later entry.")
    var second: Int64

    @Flag(help: "List the values that did not change too.")
    var all = false

    @Option(
      help: ArgumentHelp(
        "Exit with status 2 when a figure grows by more than this percentage.",
        valueName: "percent"))
    var failIfIncrease: String?

    @Option(
      help: ArgumentHelp(
        "A result key checked by --fail-if-increase (default: gpus_required, "
          + "storage_bytes_per_month, egress_bytes_per_second, monthly_cost, gpu_hours).",
        valueName: "key"))
    var figure: [String] = []

    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      let limit = try failIfIncrease.map { text -> Double in
        let trimmed = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Double(trimmed), value.isFinite, value >= 0 else {
          throw CLIError.usage(
            "invalid value '\(text)' for --fail-if-increase: expected a percentage like 10")
        }
        return value
      }
      if !figure.isEmpty && limit == nil {
        throw CLIError.usage("--figure goes with --fail-if-increase")
      }
      let store = try ledger.open(for: .reading)
      let a = try store.entry(first)
      let b = try store.entry(second)
      let resultsA = JSONValue.figures(a.figures)
      let resultsB = JSONValue.figures(b.figures)
      for key in figure where resultsA[key] == nil && resultsB[key] == nil {
        let known = resultsA.flattened().map(\.0)
        let hint = Suggestions.closest(to: key, in: known)
        throw CLIError.usage(
          "no result '\(key)' in entries \(first) and \(second)"
            + (hint.isEmpty
              ? "" : "; did you mean \(hint.map { "'\($0)'" }.joined(separator: " or "))?"))
      }
      let rows =
        Self.compare(
          section: "inputs", try a.snapshot.map { try JSONValue(encoding: $0) } ?? .null,
          try b.snapshot.map { try JSONValue(encoding: $0) } ?? .null)
        + Self.compare(section: "results", resultsA, resultsB)
      let shown = all ? rows : rows.filter { $0.changed }
      print(shown)
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
          exceeded.joined(separator: "; ") + " from entry \(first) to \(second), "
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

    func print(_ rows: [Row]) {
      switch output.format {
      case .table:
        if rows.isEmpty {
          Console.line("Entries \(first) and \(second) have the same inputs and results.")
          return
        }
        var table = Table(headers: ["", "entry \(first)", "entry \(second)", "change"])
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
              ("a", .integer(Int(first))), ("b", .integer(Int(second))),
              ("differences", .array(values)),
            ]).serialized(pretty: true))
        }
      }
    }
  }
}

extension String {
  var nilIfEmpty: String? { isEmpty ? nil : self }
}

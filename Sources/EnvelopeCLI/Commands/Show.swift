import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore

extension Envelope {
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Show one ledger entry or sweep point in full: its inputs and its results.",
      discussion: """
        A sweep's point is SWEEP_ID:N, N from 1 (see 'envelope history --sweeps').

        Examples:
          envelope show 12
          envelope show 12 --format json | jq .inputs.gpu
          envelope show sweep-20261127-093000-4f2a:3
        """)

    @Argument(help: "The entry's id, or SWEEP_ID:N for a sweep's point (see 'envelope history').")
    var entry: Typed<EntryReference>

    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      let store = try ledger.open(for: .reading)
      let resolved = try entry.value.resolve(in: store)
      let (header, snapshot, figures, title) = (
        resolved.header, resolved.snapshot, resolved.figures, resolved.title
      )
      let inputs = try snapshot.map { try JSONValue(encoding: $0) } ?? .null
      let results = JSONValue.figures(figures)
      switch output.format {
      case .json, .jsonl:
        let value = JSONValue.object(header + [("inputs", inputs), ("results", results)])
        Console.line(output.format == .json ? value.serialized(pretty: true) : value.serialized())
      case .csv:
        var table = Table(headers: ["section", "key", "value"])
        table.rows += header.map { ["entry", $0.0, $0.1.csvText] }
        table.rows += inputs.flattened().map { ["inputs", $0.0, $0.1.csvText] }
        table.rows += results.flattened().map { ["results", $0.0, $0.1.csvText] }
        Console.line(table.csv())
      case .table:
        var lines = [Console.bold(title)]
        for (key, value) in header.dropFirst() where value != .null {
          lines.append("  \(key.replacingUnderscores): \(value.plainText)")
        }
        lines += ["", Console.bold("Results")]
        var resultTable = Table(headers: ["", "", ""])
        resultTable.rows = figures.map {
          ["  " + $0.key, $0.humanValue, JSONValue($0.value).plainText]
        }
        lines.append(resultTable.rendered(header: false))
        lines += ["", Console.bold("Inputs as recorded")]
        var inputTable = Table(headers: ["", ""])
        inputTable.rows = inputs.flattened().filter { $0.1 != .null }.map {
          ["  " + $0.0, FigureFormat.human(key: $0.0, $0.1)]
        }
        lines.append(inputTable.rendered(header: false))
        Console.line(lines.joined(separator: "\n"))
      }
    }
  }
}

extension String {
  var replacingUnderscores: String { replacingOccurrences(of: "_", with: " ") }
}

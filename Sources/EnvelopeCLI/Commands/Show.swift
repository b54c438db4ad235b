import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore

extension Envelope {
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Show one ledger entry in full: its inputs snapshot and its results.",
      discussion: """
        Examples:
          envelope show 12
          envelope show 12 --format json | jq .inputs.gpu
        """)

    @Argument(help: "The entry's id (see 'envelope history').")
    var entry: Int64

    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      let store = try ledger.open(for: .reading)
      let entry = try store.entry(entry)
      let inputs = try entry.snapshot.map { try JSONValue(encoding: $0) } ?? .null
      let results = JSONValue.figures(entry.figures)
      let header = Self.header(entry)
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
        var lines = [Console.bold("Entry \(entry.id)")]
        for (key, value) in header.dropFirst() where value != .null {
          lines.append("  \(key.replacingUnderscores): \(value.plainText)")
        }
        lines += ["", Console.bold("Results")]
        var resultTable = Table(headers: ["", "", ""])
        resultTable.rows = entry.figures.map {
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

    static func header(_ entry: LedgerEntry) -> [(String, JSONValue)] {
      [
        ("id", .integer(Int(entry.id))), ("as_of", .string(entry.asOf.description)),
        ("recorded_at", .string(entry.recordedAt)), ("kind", .string(entry.kind.rawValue)),
        ("scenario_id", entry.scenarioID.map(JSONValue.string) ?? .null),
        ("method", .string(entry.method.rawValue)),
        ("envelope_version", .string(entry.envelopeVersion)),
        ("note", entry.note.map(JSONValue.string) ?? .null),
        ("supersedes", entry.supersedes.map { .integer(Int($0)) } ?? .null),
        ("supersede_reason", entry.supersedeReason.map(JSONValue.string) ?? .null),
        ("superseded_by", entry.supersededBy.map { .integer(Int($0)) } ?? .null),
        ("sweep_id", entry.sweepID.map(JSONValue.string) ?? .null),
      ]
    }
  }
}

extension String {
  var replacingUnderscores: String { replacingOccurrences(of: "_", with: " ") }
}

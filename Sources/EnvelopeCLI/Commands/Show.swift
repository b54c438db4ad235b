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
    var entry: String

    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      let store = try ledger.open(for: .reading)
      let header: [(String, JSONValue)]
      let snapshot: EntrySnapshot?
      let figures: [Figure]
      let title: String
      if let id = Int64(entry), id > 0 {
        let entry = try store.entry(id)
        (header, snapshot, figures) = (Self.header(entry), entry.snapshot, entry.figures)
        title = "Entry \(entry.id)"
      } else if let colon = entry.lastIndex(of: ":"),
        let point = Int(entry[entry.index(after: colon)...]),
        point > 0
      {
        let sweepID = String(entry[..<colon])
        let sweep = try store.sweep(sweepID)
        let found = try store.sweepPoint(sweepID: sweepID, point: point)
        (header, snapshot, figures) = (Self.header(sweep, found), found.snapshot, found.figures)
        title = "Point \(point) of sweep \(sweepID)"
      } else {
        throw CLIError.usage(
          "invalid entry '\(entry)': expected an entry id like 12 or a sweep point like SWEEP_ID:3")
      }
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

    static func header(_ sweep: SweepSummary, _ point: SweepPoint) -> [(String, JSONValue)] {
      [
        ("sweep_id", .string(sweep.id)), ("point", .integer(point.index)),
        ("as_of", .string(sweep.asOf.description)), ("recorded_at", .string(sweep.recordedAt)),
        ("kind", .string(point.snapshot.kind.rawValue)),
        ("scenario_id", .string(sweep.scenarioID)),
        ("method", .string(point.snapshot.method.rawValue)),
        ("note", sweep.note.map(JSONValue.string) ?? .null),
      ]
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

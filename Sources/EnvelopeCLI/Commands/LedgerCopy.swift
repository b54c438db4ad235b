import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore
import Foundation

extension Envelope.LedgerCommand {
  struct Copy: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "copy",
      abstract: "Copy a whole ledger to a new one, on either backend, and check the copy.",
      discussion: """
        Copies the catalogue, scenarios, entries, sweeps, actuals, measurements and \
        calibrations with their ids and time stamps, in one transaction of the destination, \
        compares every table's row count and checksum on both sides before committing. The \
        destination is created when missing and must otherwise be new: nothing recorded, the \
        shipped catalogue. A copy that does not match is rolled back and an error (exit 1).

        Examples:
          envelope ledger copy --from ledger.sqlite --to postgresql://planner@db:5432/envelope
          envelope ledger copy --from postgresql://planner@db:5432/envelope --to backup.sqlite
        """)

    @Option(
      help: ArgumentHelp(
        "The ledger to copy: a file or a postgresql:// URL.", valueName: "path|url"))
    var from: String

    @Option(
      help: ArgumentHelp("The new ledger: a file or a postgresql:// URL.", valueName: "path|url"))
    var to: String

    @OptionGroup var output: FormatOptions

    func validate() throws {
      if from.isEmpty { throw ValidationError("--from needs a file path or a postgresql:// URL") }
      if to.isEmpty { throw ValidationError("--to needs a file path or a postgresql:// URL") }
    }

    func run() throws {
      let source = try LedgerOptions.at(from).open(for: .reading)
      let destination = try LedgerOptions.at(to).open(for: .writing)
      // A copy that does not match is rolled back and thrown: what is printed here matched.
      let tables = try source.copy(to: destination)
      switch output.format {
      case .json, .jsonl:
        let rows = tables.map { table -> JSONValue in
          .object([
            ("table", .string(table.table)), ("source_rows", .integer(table.sourceRows)),
            ("destination_rows", .integer(table.destinationRows)),
            ("source_checksum", .string(table.sourceChecksum)),
            ("destination_checksum", .string(table.destinationChecksum)),
            ("matches", .bool(table.matches)),
          ])
        }
        Console.line(JSONValue.array(rows).serialized(pretty: output.format == .json))
      case .table, .csv:
        var table = Table(headers: ["table", "rows", "copied", "checksum", "matches"])
        for copy in tables {
          table.rows.append([
            copy.table, String(copy.sourceRows), String(copy.destinationRows), copy.sourceChecksum,
            copy.matches ? "yes" : "NO",
          ])
        }
        if output.format == .csv {
          Console.line(table.csv())
        } else {
          Console.line("copied \(source.path) to \(destination.path)")
          Console.table(table)
        }
      }
    }
  }
}

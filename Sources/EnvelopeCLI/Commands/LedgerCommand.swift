import ArgumentParser
import EnvelopeStore
import Foundation

extension Envelope {
  struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ledger",
      abstract: "Create a ledger.",
      discussion: """
        Examples:
          envelope ledger init --db team.sqlite
        """,
      subcommands: [Init.self])

    struct Init: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a ledger with the shipped catalogue, or bring an old one up to date.",
        discussion: """
          Reading commands never create a ledger at a path you name (--db, ENVELOPE_DB), so \
          that a typo does not start a new, empty one; create it here, or let the first \
          recorded estimate create it.

          Examples:
            envelope ledger init --db team.sqlite
            ENVELOPE_DB=plans.sqlite envelope ledger init
          """)

      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let existed = FileManager.default.fileExists(atPath: ledger.path)
        let store = try Ledger(path: ledger.path)
        let version = try store.schemaVersion()
        Console.line(
          existed
            ? "the ledger at \(store.path) is ready (schema version \(version.applied))"
            : "created a new ledger at \(store.path) (schema version \(version.applied))")
      }
    }
  }
}

import ArgumentParser
import EnvelopeStore
import Foundation

extension Envelope {
  struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ledger",
      abstract: "Create a ledger, or copy one to another backend.",
      discussion: """
        Examples:
          envelope ledger init --db team.sqlite
          envelope ledger copy --from team.sqlite --to postgresql://planner@db:5432/envelope
        """,
      subcommands: [Init.self, Copy.self])

    struct Init: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a ledger with the shipped catalogue, or bring an old one up to date.",
        discussion: """
          Reading commands never create a ledger at a path you name (--db, ENVELOPE_DB), so \
          that a typo does not start a new, empty one; create it here, or let the first \
          recorded estimate create it.

          A postgresql:// URL names a team ledger in a PostgreSQL database that exists; init \
          creates the ledger's tables in it (README, "A team ledger").

          Examples:
            envelope ledger init --db team.sqlite
            ENVELOPE_DB=plans.sqlite envelope ledger init
            envelope ledger init --db postgresql://planner@db.internal:5432/envelope
          """)

      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let path = ledger.path
        let existed: Bool
        let store: Ledger
        if LedgerLocation.isServer(path) {
          do {
            store = try Ledger.open(path, create: false)
            existed = true
          } catch StoreError.missingDatabase {
            store = try Ledger.open(path, create: true)
            existed = false
          }
        } else {
          existed = FileManager.default.fileExists(atPath: path)
          store = try Ledger(path: path)
        }
        let version = try store.schemaVersion()
        Console.line(
          existed
            ? "the ledger at \(store.path) is ready (schema version \(version.applied))"
            : "created a new ledger at \(store.path) (schema version \(version.applied))")
      }
    }
  }
}

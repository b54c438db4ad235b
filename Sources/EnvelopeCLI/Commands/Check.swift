import ArgumentParser
import EnvelopeStore

extension Envelope {
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract:
        "Check the ledger: integrity, foreign keys, migration checksums and the GPUs' curves.",
      discussion: """
        Silent with exit status 0 when all is well; otherwise prints each problem and exits \
        with status 1.

        Examples:
          envelope check
          envelope check --db /backups/ledger.sqlite && echo healthy
        """)

    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      let store = try ledger.openExisting()
      let problems = try store.check()
      guard !problems.isEmpty else { return }
      for item in problems { Console.line(item) }
      throw CLIError.failure(
        "\(problems.count) problem\(problems.count == 1 ? "" : "s") in the ledger \(store.path)")
    }
  }
}

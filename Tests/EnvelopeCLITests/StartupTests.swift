import ArgumentParser
import EnvelopeCLI
import Testing

struct StartupTests {
  /// Every command names itself: without `commandName`, ArgumentParser derives the name with
  /// `String(describing:)`, whose runtime type lookups were a third of a recorded estimate's
  /// start-up (see BENCHMARKS.md).
  @Test func everyCommandHasAnExplicitName() {
    var unnamed: [String] = []
    func visit(_ command: any ParsableCommand.Type, path: String) {
      let name = command.configuration.commandName
      if name == nil { unnamed.append(path + " " + String(describing: command)) }
      for subcommand in command.configuration.subcommands {
        visit(subcommand, path: path + " " + (name ?? "?"))
      }
    }
    visit(Envelope.self, path: "")
    #expect(unnamed.isEmpty)
  }
}

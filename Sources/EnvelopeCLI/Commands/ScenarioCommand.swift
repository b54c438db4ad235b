import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore

extension Envelope {
  struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "scenario",
      abstract: "List, show, add, update, remove, import and export named scenarios.",
      discussion: """
        A scenario names a deployment: its model, GPU and precision, its load (daily active \
        users, requests per user) and payloads, and, for the roofline method and cost, its \
        token counts, efficiencies and prices. Inputs a new scenario does not give take the \
        seed's worked example's values; roofline and price inputs left out take the method's \
        documented defaults at estimate time.

        Examples:
          envelope scenario list
          envelope scenario show seed-chat
          envelope scenario add support-bot --model llama-3.1-8b --gpu h100-sxm \\
            --dau 2M --requests-per-user 6 --method roofline --input-tokens 800 \\
            --output-tokens 300
          envelope scenario update support-bot --dau 3M
        """,
      subcommands: [
        List.self, Show.self, Add.self, Update.self, Remove.self, Import.self, Export.self,
      ]
    )

    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the scenarios.", discussion: "Examples:\n  envelope scenario list")
      @Flag(help: "Include retired scenarios.") var all = false
      @OptionGroup var output: FormatOptions
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let scenarios = try ledger.open().scenarios(includeRetired: all)
        if output.format == .table {
          var table = Table(
            headers: [
              "id", "model", "gpu", "precision", "method", "DAU", "requests/user", "description",
            ])
          table.rightAligned = [5, 6]
          table.rows = scenarios.map { entry in
            let scenario = entry.value
            return [
              scenario.id + (entry.isRetired ? " (retired)" : ""), scenario.modelID, scenario.gpuID,
              scenario.precision.rawValue, scenario.method.rawValue,
              HumanFormat.count(scenario.dailyActiveUsers),
              HumanFormat.number(scenario.requestsPerUserPerDay), scenario.description,
            ]
          }
          Console.line(table.rendered())
        } else {
          try printItems(
            scenarios.map { (try JSONValue(encoding: $0.value), $0.retiredAt) }, output.format)
        }
      }
    }

    struct Show: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one scenario.", discussion: "Examples:\n  envelope scenario show seed-chat")
      @Argument(help: "The scenario's id.") var id: String
      @OptionGroup var output: FormatOptions
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let entry = try ledger.open().scenario(try Parse.identifier(id, "scenario id"))
        try printItem(try JSONValue(encoding: entry.value), entry, output.format)
      }
    }

    struct Add: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a scenario.",
        discussion: """
          Needs --model, --gpu and --dau; the rest default to the seed's worked example.

          Examples:
            envelope scenario add chat-eu --description "EU chat" \\
              --model llama-3.1-8b --gpu h100-sxm --precision fp8 --dau 20M \\
              --requests-per-user 8
          """)
      @Argument(help: "The new scenario's id.") var id: String
      @Option(help: "What the scenario plans for.") var description: String?
      @OptionGroup var inputs: ScenarioInputOptions
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        guard let model = inputs.model, let gpu = inputs.gpu, inputs.dau != nil else {
          throw CLIError.usage("a new scenario needs --model, --gpu and --dau")
        }
        var scenario = Scenario.oneOff(modelID: model, gpuID: gpu)
        scenario.id = try Parse.identifier(id, "scenario id")
        scenario.description = try Parse.text(description, "--description", allowEmpty: true) ?? ""
        try inputs.apply(to: &scenario)
        let store = try ledger.open()
        try Self.check(scenario, in: store)
        try store.addScenario(scenario)
        Console.line("added scenario \(scenario.id)")
      }

      /// Checks that the scenario can be estimated: its GPU rates its precision, its values
      /// lie in range.
      static func check(_ scenario: Scenario, in store: Ledger) throws {
        let model = try store.model(scenario.modelID).value
        let gpu = try store.gpu(scenario.gpuID).value
        do {
          try scenario.servingInputs(model: model, gpu: gpu).validate()
        } catch let error as EngineError {
          throw CLIError.usage(error.description)
        }
      }
    }

    struct Update: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a scenario; recorded entries keep the values they used.",
        discussion: "Examples:\n  envelope scenario update seed-chat --dau 150M")
      @Argument(help: "The scenario's id.") var id: String
      @Option(help: "What the scenario plans for.") var description: String?
      @OptionGroup var inputs: ScenarioInputOptions
      @Flag(help: "Bring back a retired scenario.") var restore = false
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let store = try ledger.open()
        var scenario = try store.scenario(try Parse.identifier(id, "scenario id")).value
        if let description = try Parse.text(description, "--description", allowEmpty: true) {
          scenario.description = description
        }
        try inputs.apply(to: &scenario)
        try Add.check(scenario, in: store)
        try store.updateScenario(scenario, restore: restore)
        Console.line("updated scenario \(scenario.id)")
      }
    }

    struct Remove: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a scenario, or retire it when ledger entries refer to it.",
        discussion: "Examples:\n  envelope scenario remove chat-eu")
      @Argument(help: "The scenario's id.") var id: String
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let outcome = try ledger.open().removeScenario(try Parse.identifier(id, "scenario id"))
        Console.line(outcome.message(kind: "scenario", id: id))
      }
    }

    struct Import: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add or replace scenarios from a JSON file, all or nothing.",
        discussion: "Examples:\n  envelope scenario import scenarios.json")
      @Argument(help: "The JSON file, or - for standard input.") var file: String
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let scenarios = try CatalogueIO.read(Scenario.self, from: file, key: "scenarios")
        try CatalogueIO.refuseDuplicates(scenarios.map(\.id), in: file)
        let store = try ledger.open()
        for scenario in scenarios {
          _ = try Parse.identifier(scenario.id, "scenario id")
          try Add.check(scenario, in: store)
        }
        let counts = try store.importScenarios(scenarios)
        Console.line(
          "imported \(scenarios.count) scenarios: \(counts.added) added, \(counts.updated) updated")
      }
    }

    struct Export: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the scenarios as JSON.",
        discussion: "Examples:\n  envelope scenario export > scenarios.json")
      @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file.", valueName: "file"))
      var output: String?
      @Flag(help: "Include retired scenarios.") var all = false
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        try CatalogueIO.write(
          try ledger.open().scenarios(includeRetired: all).map(\.value), to: output)
      }
    }
  }
}

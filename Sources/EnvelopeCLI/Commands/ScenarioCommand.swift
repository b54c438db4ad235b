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
        Catalogue.List<Self>.self, Catalogue.Show<Self>.self, Add.self,
        Catalogue.Update<Self>.self, Catalogue.Remove<Self>.self, Catalogue.Import<Self>.self,
        Catalogue.Export<Self>.self,
      ]
    )

    struct Fields: CatalogueFields {
      @Option(help: "What the scenario plans for.") var description: Typed<TextOrEmpty>?
      @OptionGroup var inputs: ScenarioInputOptions

      /// Applies the flags given onto `scenario`.
      func apply(to scenario: inout Scenario) {
        if let description { scenario.description = description.value }
        inputs.apply(to: &scenario)
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
      @Argument(help: "The new scenario's id.") var id: Typed<CatalogueID<Scenario>>
      @OptionGroup var fields: Fields
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let inputs = fields.inputs
        guard let model = inputs.model, let gpu = inputs.gpu, inputs.dau != nil else {
          throw CLIError.usage("a new scenario needs --model, --gpu and --dau")
        }
        var scenario = Scenario.oneOff(modelID: model.value, gpuID: gpu.value)
        scenario.id = id.value
        fields.apply(to: &scenario)
        try scenario.validate()
        let store = try ledger.open(for: .writing)
        try ScenarioCommand.check(scenario, in: store)
        try store.add(scenario)
        Console.line("added scenario \(scenario.id)")
      }
    }
  }
}

extension Envelope.ScenarioCommand: CatalogueCommand {
  typealias Item = Scenario

  static let plural = "scenarios"

  static let abstracts = CatalogueAbstracts(
    update: "Change a scenario; recorded entries keep the values they used.",
    remove: "Remove a scenario, or retire it when ledger entries refer to it.",
    export: "Write the scenarios as JSON.")

  static func table(_ entries: [CatalogueEntry<Scenario>]) -> Table {
    var table = Table(
      headers: [
        "id", "model", "gpu", "precision", "method", "DAU", "requests/user", "description",
      ])
    table.rightAligned = [5, 6]
    table.rows = entries.map { entry in
      let scenario = entry.value
      return [
        scenario.id + (entry.isRetired ? " (retired)" : ""), scenario.modelID, scenario.gpuID,
        scenario.precision.rawValue, scenario.method.rawValue,
        HumanFormat.count(scenario.dailyActiveUsers),
        HumanFormat.number(scenario.requestsPerUserPerDay), scenario.description,
      ]
    }
    return table
  }

  static func discussion(_ subcommand: CatalogueSubcommand) -> String {
    switch subcommand {
    case .list: return "Examples:\n  envelope scenario list"
    case .show: return "Examples:\n  envelope scenario show seed-chat"
    case .update: return "Examples:\n  envelope scenario update seed-chat --dau 150M"
    case .remove: return "Examples:\n  envelope scenario remove chat-eu"
    case .import: return "Examples:\n  envelope scenario import scenarios.json"
    case .export: return "Examples:\n  envelope scenario export > scenarios.json"
    }
  }

  /// Checks that the scenario can be estimated: its model and GPU exist and the GPU rates its
  /// precision.
  ///
  /// - Parameters:
  ///   - scenario: The scenario about to be written.
  ///   - store: The ledger holding its model and GPU.
  /// - Throws: ``EnvelopeStore/StoreError`` for an unknown model or GPU, ``CLIError/usage(_:)``
  ///   for inputs the serving estimate refuses.
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

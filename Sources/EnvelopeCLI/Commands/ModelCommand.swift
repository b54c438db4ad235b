import ArgumentParser
import EnvelopeCore
import EnvelopeStore

extension Envelope {
  struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "model",
      abstract: "List, show, add, update, remove, import and export models in the catalogue.",
      discussion: """
        A model has its exact parameter count, active parameters for a mixture of experts, \
        its default architecture constant C (tokens per request for text, generation steps \
        for diffusion) and the architecture the roofline method needs (layers, hidden size, \
        attention and KV heads, head dimension, context length).

        Examples:
          envelope model list
          envelope model show llama-3.1-8b
          envelope model add my-7b --name "My 7B" --params 7.2B --layers 32 \\
            --hidden-size 4096 --attention-heads 32 --kv-heads 8 --context 8192
          envelope model export > models.json
        """,
      subcommands: [
        List.self, Show.self, Add.self, Update.self, Remove.self, Import.self, Export.self,
      ]
    )

    struct Fields: ParsableArguments {
      @Option(help: "Display name.") var name: String?
      @Option(help: "Family (Llama 3).") var family: String?
      @Option(help: "Kind: text, image, …") var kind: String?
      @Option(help: ArgumentHelp("Total parameters (8.03B).", valueName: "n")) var params: String?
      @Option(
        help: ArgumentHelp("Active parameters per token (mixture of experts).", valueName: "n"))
      var activeParams: String?
      @Option(help: ArgumentHelp("Default C: tokens per request or steps.", valueName: "n"))
      var constant: String?
      @Option(help: ArgumentHelp("Transformer layers.", valueName: "n")) var layers: String?
      @Option(help: ArgumentHelp("Hidden size.", valueName: "n")) var hiddenSize: String?
      @Option(help: ArgumentHelp("Feed-forward (intermediate) size.", valueName: "n"))
      var ffnSize: String?
      @Option(help: ArgumentHelp("Vocabulary size.", valueName: "n")) var vocabSize: String?
      @Option(help: ArgumentHelp("Attention heads.", valueName: "n")) var attentionHeads: String?
      @Option(help: ArgumentHelp("Key/value heads (grouped-query attention).", valueName: "n"))
      var kvHeads: String?
      @Option(help: ArgumentHelp("Dimension of one head.", valueName: "n")) var headDim: String?
      @Option(help: ArgumentHelp("Context length in tokens.", valueName: "n")) var context: String?
      @Option(help: "Where the figures come from.") var source: String?
      @Option(help: "Notes.") var notes: String?

      func apply(to model: inout ModelProfile) throws {
        if let name = try Parse.text(name, "--name") { model.name = name }
        if let family = try Parse.text(family, "--family", allowEmpty: true) {
          model.family = family
        }
        if let kind = try Parse.text(kind, "--kind") { model.kind = kind }
        if let value = try Parse.quantity(
          params, "--params", as: .count, range: .positiveWholeNumber)
        {
          model.parameters = value
        }
        if let value = try Parse.quantity(
          activeParams, "--active-params", as: .count, range: .positiveWholeNumber)
        {
          model.activeParameters = value
        }
        if let value = try Parse.quantity(constant, "--constant", as: .count) {
          model.architectureConstant = value
        }
        if let value = try Parse.whole(layers, "--layers") { model.layers = value }
        if let value = try Parse.whole(hiddenSize, "--hidden-size") { model.hiddenSize = value }
        if let value = try Parse.whole(ffnSize, "--ffn-size") { model.ffnSize = value }
        if let value = try Parse.whole(vocabSize, "--vocab-size") { model.vocabSize = value }
        if let value = try Parse.whole(attentionHeads, "--attention-heads") {
          model.attentionHeads = value
        }
        if let value = try Parse.whole(kvHeads, "--kv-heads") { model.kvHeads = value }
        if let value = try Parse.whole(headDim, "--head-dim") { model.headDim = value }
        if let value = try Parse.whole(context, "--context") { model.contextLength = value }
        if let source = try Parse.text(source, "--source", allowEmpty: true) {
          model.source = source
        }
        if let notes = try Parse.text(notes, "--notes", allowEmpty: true) { model.notes = notes }
        // The same checks an imported file gets.
        try model.validate()
      }
    }

    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the models.", discussion: "Examples:\n  envelope model list --format json")
      @Flag(help: "Include retired models.") var all = false
      @OptionGroup var output: FormatOptions
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let models = try ledger.open().models(includeRetired: all)
        if output.format == .table {
          var table = Table(
            headers: [
              "id", "name", "kind", "parameters", "active", "C", "layers", "kv heads", "context",
            ])
          table.rightAligned = [3, 4, 5, 6, 7, 8]
          table.rows = models.map { entry in
            let model = entry.value
            return [
              model.id + (entry.isRetired ? " (retired)" : ""), model.name, model.kind,
              HumanFormat.number(model.parameters),
              model.activeParameters.map { HumanFormat.number($0) } ?? "—",
              HumanFormat.number(model.architectureConstant),
              model.layers.map(String.init) ?? "—", model.kvHeads.map(String.init) ?? "—",
              model.contextLength.map(String.init) ?? "—",
            ]
          }
          Console.line(table.rendered())
        } else {
          try printItems(
            models.map { (try JSONValue(encoding: $0.value), $0.retiredAt) },
            output.format)
        }
      }
    }

    struct Show: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one model.", discussion: "Examples:\n  envelope model show mixtral-8x7b")
      @Argument(help: "The model's id.") var id: String
      @OptionGroup var output: FormatOptions
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let entry = try ledger.open().model(try Parse.identifier(id, "model id"))
        try printItem(try JSONValue(encoding: entry.value), entry, output.format)
      }
    }

    struct Add: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a model.",
        discussion: """
          Examples:
            envelope model add my-3b --name "My 3B" --params 3B --constant 500
          """)
      @Argument(help: "The new model's id.") var id: String
      @OptionGroup var fields: Fields
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        var model = ModelProfile(id: try Parse.identifier(id, "model id"), name: "", parameters: 1)
        guard fields.params != nil else { throw CLIError.usage("a new model needs --params") }
        guard fields.name != nil else { throw CLIError.usage("a new model needs --name") }
        try fields.apply(to: &model)
        try ledger.open().addModel(model)
        Console.line("added model \(model.id)")
      }
    }

    struct Update: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a model's values; recorded entries keep the values they used.",
        discussion: "Examples:\n  envelope model update llama-3.1-8b --constant 800")
      @Argument(help: "The model's id.") var id: String
      @OptionGroup var fields: Fields
      @Flag(help: "Bring back a retired model.") var restore = false
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let store = try ledger.open()
        var model = try store.model(try Parse.identifier(id, "model id")).value
        try fields.apply(to: &model)
        try store.updateModel(model, restore: restore)
        Console.line("updated model \(model.id)")
      }
    }

    struct Remove: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a model, or retire it when scenarios use it.",
        discussion: "Examples:\n  envelope model remove my-3b")
      @Argument(help: "The model's id.") var id: String
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let outcome = try ledger.open().removeModel(try Parse.identifier(id, "model id"))
        Console.line(outcome.message(kind: "model", id: id))
      }
    }

    struct Import: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add or replace models from a JSON file, all or nothing.",
        discussion: "Examples:\n  envelope model import models.json")
      @Argument(help: "The JSON file, or - for standard input.") var file: String
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let models = try CatalogueIO.read(ModelProfile.self, from: file, key: "models")
        try CatalogueIO.refuseDuplicates(models.map(\.id), in: file)
        for model in models {
          _ = try Parse.identifier(model.id, "model id")
          try model.validate()
        }
        let counts = try ledger.open().importModels(models)
        Console.line(
          "imported \(models.count) models: \(counts.added) added, \(counts.updated) updated")
      }
    }

    struct Export: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the models as JSON.",
        discussion: "Examples:\n  envelope model export > models.json")
      @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file.", valueName: "file"))
      var output: String?
      @Flag(help: "Include retired models.") var all = false
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        try CatalogueIO.write(
          try ledger.open().models(includeRetired: all).map(\.value), to: output)
      }
    }
  }
}

import ArgumentParser
import EnvelopeCore
import EnvelopeRender
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
        Catalogue.List<Self>.self, Catalogue.Show<Self>.self, Add.self,
        Catalogue.Update<Self>.self, Catalogue.Remove<Self>.self, Catalogue.Import<Self>.self,
        Catalogue.Export<Self>.self,
      ]
    )

    struct Fields: CatalogueFields {
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

      /// Applies the flags given onto `model`.
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
        try model.validate()
        try ledger.open(for: .writing).add(model)
        Console.line("added model \(model.id)")
      }
    }
  }
}

extension Envelope.ModelCommand: CatalogueCommand {
  typealias Item = ModelProfile

  static let plural = "models"

  static let abstracts = CatalogueAbstracts(
    update: "Change a model's values; recorded entries keep the values they used.",
    remove: "Remove a model, or retire it when scenarios use it.",
    export: "Write the models as JSON.")

  static func table(_ entries: [CatalogueEntry<ModelProfile>]) -> Table {
    var table = Table(
      headers: [
        "id", "name", "kind", "parameters", "active", "C", "layers", "kv heads", "context",
      ])
    table.rightAligned = [3, 4, 5, 6, 7, 8]
    table.rows = entries.map { entry in
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
    return table
  }

  static func discussion(_ subcommand: CatalogueSubcommand) -> String {
    switch subcommand {
    case .list: return "Examples:\n  envelope model list --format json"
    case .show: return "Examples:\n  envelope model show mixtral-8x7b"
    case .update: return "Examples:\n  envelope model update llama-3.1-8b --constant 800"
    case .remove: return "Examples:\n  envelope model remove my-3b"
    case .import: return "Examples:\n  envelope model import models.json"
    case .export: return "Examples:\n  envelope model export > models.json"
    }
  }
}

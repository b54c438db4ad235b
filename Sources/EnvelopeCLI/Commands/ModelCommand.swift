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
        A model has its exact parameter count, active parameters, routed experts and experts \
        per token for a mixture of experts, its default architecture constant C (tokens per request for text, generation steps \
        for diffusion) and the architecture the roofline method needs (layers, hidden size, \
        attention and KV heads, head dimension, context length).

        Examples:
          envelope model list
          envelope model show llama-3.1-8b
          envelope model add my-7b --name "My 7B" --params 7.2B --layers 32 \\
            --hidden-size 4096 --attention-heads 32 --kv-heads 8 --context 8192
          envelope model add my-moe --name "My MoE" --params 46.7B \\
            --active-params 12.9B --experts 8 --experts-per-token 2
          envelope model export > models.json
        """,
      subcommands: [
        Catalogue.List<Self>.self, Catalogue.Show<Self>.self, Add.self,
        Catalogue.Update<Self>.self, Catalogue.Remove<Self>.self, Catalogue.Import<Self>.self,
        Catalogue.Export<Self>.self,
      ]
    )

    struct Fields: CatalogueFields {
      /// A size or count of the architecture: `32`, `4k`.
      typealias Whole = Typed<WholeNumber>

      @Option(help: "Display name.") var name: Typed<Text>?
      @Option(help: "Family (Llama 3).") var family: Typed<TextOrEmpty>?
      @Option(help: "Kind: text, image, …") var kind: Typed<Text>?
      @Option(
        help: ArgumentHelp("Total parameters (8.03B).", valueName: "n"),
        transform: Typed.reader(.positiveWholeNumber))
      var params: Typed<Count>?
      @Option(
        help: ArgumentHelp("Active parameters per token (mixture of experts).", valueName: "n"),
        transform: Typed.reader(.positiveWholeNumber))
      var activeParams: Typed<Count>?
      @Option(help: ArgumentHelp("Default C: tokens per request or steps.", valueName: "n"))
      var constant: Typed<Count>?
      @Option(help: ArgumentHelp("Transformer layers.", valueName: "n")) var layers: Whole?
      @Option(help: ArgumentHelp("Hidden size.", valueName: "n")) var hiddenSize: Whole?
      @Option(help: ArgumentHelp("Feed-forward (intermediate) size.", valueName: "n"))
      var ffnSize: Whole?
      @Option(help: ArgumentHelp("Vocabulary size.", valueName: "n")) var vocabSize: Whole?
      @Option(help: ArgumentHelp("Attention heads.", valueName: "n")) var attentionHeads: Whole?
      @Option(help: ArgumentHelp("Key/value heads (grouped-query attention).", valueName: "n"))
      var kvHeads: Whole?
      @Option(help: ArgumentHelp("Dimension of one head.", valueName: "n")) var headDim: Whole?
      @Option(help: ArgumentHelp("Context length in tokens.", valueName: "n")) var context: Whole?
      @Option(
        help: ArgumentHelp(
          "Routed experts per layer (mixture of experts; with --experts-per-token).",
          valueName: "n"))
      var experts: Whole?
      @Option(help: ArgumentHelp("Routed experts each token uses (top-k).", valueName: "n"))
      var expertsPerToken: Whole?
      @Option(help: "Where the figures come from.") var source: Typed<TextOrEmpty>?
      @Option(help: "Notes.") var notes: Typed<TextOrEmpty>?

      /// Applies the flags given onto `model`.
      func apply(to model: inout ModelProfile) {
        if let name { model.name = name.value }
        if let family { model.family = family.value }
        if let kind { model.kind = kind.value }
        if let params { model.parameters = params.value }
        if let activeParams { model.activeParameters = activeParams.value }
        if let constant { model.architectureConstant = constant.value }
        if let layers { model.layers = layers.value }
        if let hiddenSize { model.hiddenSize = hiddenSize.value }
        if let ffnSize { model.ffnSize = ffnSize.value }
        if let vocabSize { model.vocabSize = vocabSize.value }
        if let attentionHeads { model.attentionHeads = attentionHeads.value }
        if let kvHeads { model.kvHeads = kvHeads.value }
        if let headDim { model.headDim = headDim.value }
        if let context { model.contextLength = context.value }
        if let experts { model.experts = experts.value }
        if let expertsPerToken { model.expertsPerToken = expertsPerToken.value }
        if let source { model.source = source.value }
        if let notes { model.notes = notes.value }
      }
    }

    struct Add: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a model.",
        discussion: """
          Examples:
            envelope model add my-3b --name "My 3B" --params 3B --constant 500
            envelope model add my-moe --name "My MoE" --params 141B --active-params 39B \\
              --experts 8 --experts-per-token 2
          """)
      @Argument(help: "The new model's id.") var id: Typed<CatalogueID<ModelProfile>>
      @OptionGroup var fields: Fields
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        var model = ModelProfile(id: id.value, name: "", parameters: 1)
        guard fields.params != nil else { throw CLIError.usage("a new model needs --params") }
        guard fields.name != nil else { throw CLIError.usage("a new model needs --name") }
        fields.apply(to: &model)
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
    case .update:
      return """
        Examples:
          envelope model update llama-3.1-8b --constant 800
          envelope model update my-moe --experts 16 --experts-per-token 4
        """
    case .remove: return "Examples:\n  envelope model remove my-3b"
    case .import: return "Examples:\n  envelope model import models.json"
    case .export: return "Examples:\n  envelope model export > models.json"
    }
  }
}

import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore

extension Envelope {
  struct GPUCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "gpu",
      abstract: "List, show, add, update, remove, import and export GPUs in the catalogue.",
      discussion: """
        Peak rates are dense (no 2:4 sparsity), per precision. Editing a GPU never changes \
        what a recorded entry says: each entry keeps a snapshot of the values it used.

        Examples:
          envelope gpu list
          envelope gpu show a100-80gb
          envelope gpu add my-gpu --name "My GPU" --fp16 312T --fp32 19.5T \\
            --memory 80GB --bandwidth 2.04TB/s --price 2.50
          envelope gpu update a100-80gb --price 1.80
          envelope gpu export > gpus.json && envelope gpu import gpus.json
        """,
      subcommands: [
        Catalogue.List<Self>.self, Catalogue.Show<Self>.self, Add.self,
        Catalogue.Update<Self>.self, Catalogue.Remove<Self>.self, Catalogue.Import<Self>.self,
        Catalogue.Export<Self>.self,
      ]
    )

    struct Fields: CatalogueFields {
      @Option(help: "Display name.") var name: String?
      @Option(help: "Vendor.") var vendor: String?
      @Option(help: ArgumentHelp("Dense FP64 peak (9.7T).", valueName: "rate")) var fp64: String?
      @Option(help: ArgumentHelp("Dense FP32 peak (19.5T).", valueName: "rate")) var fp32: String?
      @Option(help: ArgumentHelp("Dense TF32 peak.", valueName: "rate")) var tf32: String?
      @Option(help: ArgumentHelp("Dense FP16 peak (312T).", valueName: "rate")) var fp16: String?
      @Option(help: ArgumentHelp("Dense BF16 peak.", valueName: "rate")) var bf16: String?
      @Option(help: ArgumentHelp("Dense FP8 peak.", valueName: "rate")) var fp8: String?
      @Option(help: ArgumentHelp("Dense INT8 peak (TOPS).", valueName: "rate")) var int8: String?
      @Option(help: ArgumentHelp("Memory (80GB).", valueName: "size")) var memory: String?
      @Option(help: ArgumentHelp("Memory bandwidth (2.04TB/s).", valueName: "rate"))
      var bandwidth: String?
      @Option(help: ArgumentHelp("Board power in watts.", valueName: "watts")) var tdp: String?
      @Option(help: ArgumentHelp("Price of one GPU-hour.", valueName: "amount")) var price: String?
      @Option(help: "Where the figures come from.") var source: String?
      @Option(help: "Notes.") var notes: String?

      /// Applies the flags given onto `gpu`.
      func apply(to gpu: inout GPUProfile) throws {
        if let name = try Parse.text(name, "--name") { gpu.name = name }
        if let vendor = try Parse.text(vendor, "--vendor", allowEmpty: true) { gpu.vendor = vendor }
        let peaks: [(Precision, String?, String)] = [
          (.fp64, fp64, "--fp64"), (.fp32, fp32, "--fp32"), (.tf32, tf32, "--tf32"),
          (.fp16, fp16, "--fp16"), (.bf16, bf16, "--bf16"), (.fp8, fp8, "--fp8"),
          (.int8, int8, "--int8"),
        ]
        for (precision, text, flag) in peaks {
          if let value = try Parse.quantity(text, flag, as: .flopsPerSecond) {
            gpu.peakFLOPS[precision] = value
          }
        }
        if let value = try Parse.quantity(memory, "--memory", as: .bytes) {
          guard value < 9e18 else {
            throw CLIError.usage("value '\(memory ?? "")' for --memory is out of range: too large")
          }
          gpu.memoryBytes = value.rounded()
        }
        if let value = try Parse.quantity(bandwidth, "--bandwidth", as: .bytesPerSecond) {
          gpu.memoryBandwidthBytesPerSecond = value
        }
        if let value = try Parse.quantity(tdp, "--tdp", as: .count) { gpu.tdpWatts = value }
        if let value = try Parse.quantity(price, "--price", as: .money, range: .nonNegative) {
          gpu.pricePerHour = value
        }
        if let source = try Parse.text(source, "--source", allowEmpty: true) { gpu.source = source }
        if let notes = try Parse.text(notes, "--notes", allowEmpty: true) { gpu.notes = notes }
      }
    }

    struct Add: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a GPU.",
        discussion: """
          Examples:
            envelope gpu add a10 --name "NVIDIA A10" --vendor NVIDIA --fp16 125T \\
              --fp32 31.2T --memory 24GB --bandwidth 600GB/s --tdp 150 \\
              --price 0.75 --source "A10 datasheet"
          """)
      @Argument(help: "The new GPU's id: lowercase letters, digits, '.', '_' or '-'.") var id:
        String
      @OptionGroup var fields: Fields
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        var gpu = GPUProfile(id: try Parse.identifier(id, "GPU id"), name: "", peakFLOPS: [:])
        try fields.apply(to: &gpu)
        guard !gpu.name.isEmpty else { throw CLIError.usage("a new GPU needs --name") }
        guard !gpu.peakFLOPS.isEmpty else {
          throw CLIError.usage("a new GPU needs at least one peak rate, like --fp16 312T")
        }
        try gpu.validate()
        try ledger.open(for: .writing).add(gpu)
        Console.line("added GPU \(gpu.id)")
      }
    }
  }
}

extension Envelope.GPUCommand: CatalogueCommand {
  typealias Item = GPUProfile

  static let plural = "GPUs"

  static let abstracts = CatalogueAbstracts(
    update: "Change a GPU's values; recorded entries keep the values they used.",
    remove: "Remove a GPU, or retire it when scenarios use it.",
    export: "Write the GPUs as JSON, for keeping the catalogue in git.")

  static func table(_ entries: [CatalogueEntry<GPUProfile>]) -> Table {
    var table = Table(
      headers: ["id", "name", "fp16", "bf16", "fp8", "memory", "bandwidth", "price/h"])
    table.rightAligned = [2, 3, 4, 5, 6, 7]
    table.rows = entries.map { entry in
      let gpu = entry.value
      let peak = { (p: Precision) in gpu.peakFLOPS[p].map(HumanFormat.flopsPerSecond) ?? "—" }
      return [
        gpu.id + (entry.isRetired ? " (retired)" : ""), gpu.name, peak(.fp16), peak(.bf16),
        peak(.fp8), gpu.memoryBytes.map(HumanFormat.bytes) ?? "—",
        gpu.memoryBandwidthBytesPerSecond.map(HumanFormat.bytesPerSecond) ?? "—",
        gpu.pricePerHour.map { HumanFormat.number($0) } ?? "—",
      ]
    }
    return table
  }

  static func discussion(_ subcommand: CatalogueSubcommand) -> String {
    switch subcommand {
    case .list: return "Examples:\n  envelope gpu list\n  envelope gpu list --all --format csv"
    case .show: return "Examples:\n  envelope gpu show h100-sxm"
    case .update:
      return
        "Examples:\n  envelope gpu update a100-80gb --price 1.80\n  envelope gpu update t4 --restore"
    case .remove: return "Examples:\n  envelope gpu remove my-gpu"
    case .import:
      return """
        The file holds an array of GPUs as 'envelope gpu export' writes them (or an object \
        with a "gpus" array); '-' reads standard input.

        Examples:
          envelope gpu import gpus.json
        """
    case .export:
      return "Examples:\n  envelope gpu export > gpus.json\n  envelope gpu export -o gpus.json"
    }
  }
}

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
        Peak rates are dense (no 2:4 sparsity), per precision; memory is in bytes (an \
        "80 GB" HBM GPU holds 80GiB). Measured efficiencies are fractions of the datasheet \
        figures: of the dense 16-bit and FP8 peaks the best large matrix product reaches, of \
        the memory bandwidth a streaming benchmark reaches; --interconnect is what one GPU \
        sends its peers per second in one direction. A measured all-reduce curve \
        (all_reduce_bus_bandwidth: nccl-tests bus bandwidth by message size) comes in with \
        `gpu import`; tensor-parallel estimates use it instead of --interconnect. So does a \
        measured matmul curve (matmul_throughput: cuBLASLt FLOP/s of square products by size \
        and precision), from which estimates take how far below the matmul efficiency a \
        step's smaller products fall. Editing a \
        GPU never changes what a recorded entry says: each entry keeps a snapshot of the \
        values it used.

        Examples:
          envelope gpu list
          envelope gpu show a100-80gb
          envelope gpu add my-gpu --name "My GPU" --fp16 312T --fp32 19.5T \\
            --memory 80GiB --bandwidth 2.04TB/s --price 2.50
          envelope gpu update a100-80gb --price 1.80
          envelope gpu update my-gpu --matmul-efficiency 0.8 \\
            --bandwidth-efficiency 85% --interconnect 450GB/s \\
            --efficiency-source "our MAMF and BabelStream runs"
          envelope gpu export > gpus.json && envelope gpu import gpus.json
        """,
      subcommands: [
        Catalogue.List<Self>.self, Catalogue.Show<Self>.self, Add.self,
        Catalogue.Update<Self>.self, Catalogue.Remove<Self>.self, Catalogue.Import<Self>.self,
        Catalogue.Export<Self>.self,
      ]
    )

    struct Fields: CatalogueFields {
      /// A dense peak rate: `312T`, `19.5 TFLOP/s`.
      typealias Peak = Typed<FLOPsPerSecond>

      @Option(help: "Display name.") var name: Typed<Text>?
      @Option(help: "Vendor.") var vendor: Typed<TextOrEmpty>?
      @Option(help: ArgumentHelp("Dense FP64 peak (9.7T).", valueName: "rate")) var fp64: Peak?
      @Option(help: ArgumentHelp("Dense FP32 peak (19.5T).", valueName: "rate")) var fp32: Peak?
      @Option(help: ArgumentHelp("Dense TF32 peak.", valueName: "rate")) var tf32: Peak?
      @Option(help: ArgumentHelp("Dense FP16 peak (312T).", valueName: "rate")) var fp16: Peak?
      @Option(help: ArgumentHelp("Dense BF16 peak.", valueName: "rate")) var bf16: Peak?
      @Option(help: ArgumentHelp("Dense FP8 peak.", valueName: "rate")) var fp8: Peak?
      @Option(help: ArgumentHelp("Dense INT8 peak (TOPS).", valueName: "rate")) var int8: Peak?
      @Option(
        help: ArgumentHelp(
          "Memory (24GB; HBM is sized in binary units: 80GiB).", valueName: "size"),
        transform: Typed.reader(.positiveUpTo(9e18)))
      var memory: Typed<Bytes>?
      @Option(help: ArgumentHelp("Memory bandwidth (2.04TB/s).", valueName: "rate"))
      var bandwidth: Typed<BytesPerSecond>?
      @Option(help: ArgumentHelp("Board power in watts.", valueName: "watts"))
      var tdp: Typed<Count>?
      @Option(help: ArgumentHelp("Price of one GPU-hour.", valueName: "amount"))
      var price: Typed<Money>?
      @Option(
        help: ArgumentHelp(
          "Share of the dense 16-bit peak the best large matmul reaches (0.8 or 80%).",
          valueName: "ratio"))
      var matmulEfficiency: Typed<Ratio>?
      @Option(
        help: ArgumentHelp(
          "Share of the dense FP8 peak the best FP8 matmul reaches (0.7).", valueName: "ratio"))
      var fp8MatmulEfficiency: Typed<Ratio>?
      @Option(
        help: ArgumentHelp(
          "Share of the memory bandwidth a streaming benchmark reaches (0.88).",
          valueName: "ratio"))
      var bandwidthEfficiency: Typed<Ratio>?
      @Option(
        help: ArgumentHelp(
          "GPU-to-GPU bandwidth per GPU, one direction (450GB/s).", valueName: "rate"))
      var interconnect: Typed<BytesPerSecond>?
      @Option(help: "Where the efficiencies and the interconnect figure come from.")
      var efficiencySource: Typed<TextOrEmpty>?
      @Option(help: "Where the figures come from.") var source: Typed<TextOrEmpty>?
      @Option(help: "Notes.") var notes: Typed<TextOrEmpty>?

      /// Applies the flags given onto `gpu`.
      func apply(to gpu: inout GPUProfile) {
        if let name { gpu.name = name.value }
        if let vendor { gpu.vendor = vendor.value }
        let peaks = [
          (Precision.fp64, fp64), (.fp32, fp32), (.tf32, tf32), (.fp16, fp16), (.bf16, bf16),
          (.fp8, fp8), (.int8, int8),
        ]
        for case (let precision, let peak?) in peaks { gpu.peakFLOPS[precision] = peak.value }
        if let memory { gpu.memoryBytes = memory.value.rounded() }
        if let bandwidth { gpu.memoryBandwidthBytesPerSecond = bandwidth.value }
        if let tdp { gpu.tdpWatts = tdp.value }
        if let price { gpu.pricePerHour = price.value }
        if let matmulEfficiency { gpu.matmulEfficiency = matmulEfficiency.value }
        if let fp8MatmulEfficiency { gpu.fp8MatmulEfficiency = fp8MatmulEfficiency.value }
        if let bandwidthEfficiency { gpu.bandwidthEfficiency = bandwidthEfficiency.value }
        if let interconnect { gpu.interconnectBytesPerSecond = interconnect.value }
        if let efficiencySource { gpu.efficiencySource = efficiencySource.value }
        if let source { gpu.source = source.value }
        if let notes { gpu.notes = notes.value }
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
            envelope gpu add my-h100 --name "Our H100" --bf16 989.4T --fp8 1978.9T \\
              --memory 80GiB --bandwidth 3.35TB/s --matmul-efficiency 0.8 \\
              --fp8-matmul-efficiency 0.71 --bandwidth-efficiency 0.89 \\
              --interconnect 450GB/s --efficiency-source "MAMF, BabelStream Triad"
          """)
      @Argument(help: "The new GPU's id: lowercase letters, digits, '.', '_' or '-'.")
      var id: Typed<CatalogueID<GPUProfile>>
      @OptionGroup var fields: Fields
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        var gpu = GPUProfile(id: id.value, name: "", peakFLOPS: [:])
        fields.apply(to: &gpu)
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
      return """
        Examples:
          envelope gpu update a100-80gb --price 1.80
          envelope gpu update h100-sxm --bandwidth-efficiency 0.9 \\
            --efficiency-source "our BabelStream Triad, 3.02 TB/s"
          envelope gpu update t4 --restore
        """
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

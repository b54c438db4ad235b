import ArgumentParser
import EnvelopeCore
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
        List.self, Show.self, Add.self, Update.self, Remove.self, Import.self, Export.self,
      ]
    )

    struct Fields: ParsableArguments {
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

    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the GPUs.",
        discussion: "Examples:\n  envelope gpu list\n  envelope gpu list --all --format csv")
      @Flag(help: "Include retired GPUs.") var all = false
      @OptionGroup var output: FormatOptions
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let gpus = try ledger.open().gpus(includeRetired: all)
        if output.format == .table {
          var table = Table(
            headers: ["id", "name", "fp16", "bf16", "fp8", "memory", "bandwidth", "price/h"])
          table.rightAligned = [2, 3, 4, 5, 6, 7]
          table.rows = gpus.map { entry in
            let gpu = entry.value
            let peak = { (p: Precision) in gpu.peakFLOPS[p].map(HumanFormat.flopsPerSecond) ?? "—" }
            return [
              gpu.id + (entry.isRetired ? " (retired)" : ""), gpu.name, peak(.fp16), peak(.bf16),
              peak(.fp8), gpu.memoryBytes.map(HumanFormat.bytes) ?? "—",
              gpu.memoryBandwidthBytesPerSecond.map(HumanFormat.bytesPerSecond) ?? "—",
              gpu.pricePerHour.map { HumanFormat.number($0) } ?? "—",
            ]
          }
          Console.line(table.rendered())
        } else {
          try printItems(
            gpus.map { (try JSONValue(encoding: $0.value), $0.retiredAt) },
            output.format)
        }
      }
    }

    struct Show: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one GPU.", discussion: "Examples:\n  envelope gpu show h100-sxm")
      @Argument(help: "The GPU's id.") var id: String
      @OptionGroup var output: FormatOptions
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let entry = try ledger.open().gpu(try Parse.identifier(id, "GPU id"))
        try printItem(try JSONValue(encoding: entry.value), entry, output.format)
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
        try ledger.open().addGPU(gpu)
        Console.line("added GPU \(gpu.id)")
      }
    }

    struct Update: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a GPU's values; recorded entries keep the values they used.",
        discussion:
          "Examples:\n  envelope gpu update a100-80gb --price 1.80\n  envelope gpu update t4 --restore"
      )
      @Argument(help: "The GPU's id.") var id: String
      @OptionGroup var fields: Fields
      @Flag(help: "Bring back a retired GPU.") var restore = false
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let store = try ledger.open()
        var gpu = try store.gpu(try Parse.identifier(id, "GPU id")).value
        try fields.apply(to: &gpu)
        try store.updateGPU(gpu, restore: restore)
        Console.line("updated GPU \(gpu.id)")
      }
    }

    struct Remove: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a GPU, or retire it when scenarios use it.",
        discussion: "Examples:\n  envelope gpu remove my-gpu")
      @Argument(help: "The GPU's id.") var id: String
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let outcome = try ledger.open().removeGPU(try Parse.identifier(id, "GPU id"))
        Console.line(outcome.message(kind: "GPU", id: id))
      }
    }

    struct Import: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add or replace GPUs from a JSON file, all or nothing.",
        discussion: """
          The file holds an array of GPUs as 'envelope gpu export' writes them (or an object \
          with a "gpus" array); '-' reads standard input.

          Examples:
            envelope gpu import gpus.json
          """)
      @Argument(help: "The JSON file, or - for standard input.") var file: String
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        let gpus = try CatalogueIO.read(GPUProfile.self, from: file, key: "gpus")
        try CatalogueIO.refuseDuplicates(gpus.map(\.id), in: file)
        for gpu in gpus {
          _ = try Parse.identifier(gpu.id, "GPU id")
          try gpu.validate()
        }
        let counts = try ledger.open().importGPUs(gpus)
        Console.line(
          "imported \(gpus.count) GPUs: \(counts.added) added, \(counts.updated) updated")
      }
    }

    struct Export: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the GPUs as JSON, for keeping the catalogue in git.",
        discussion:
          "Examples:\n  envelope gpu export > gpus.json\n  envelope gpu export -o gpus.json")
      @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file.", valueName: "file"))
      var output: String?
      @Flag(help: "Include retired GPUs.") var all = false
      @OptionGroup var ledger: LedgerOptions

      func run() throws {
        try CatalogueIO.write(
          try ledger.open().gpus(includeRetired: all).map(\.value), to: output)
      }
    }
  }
}

extension RemovalOutcome {
  func message(kind: String, id: String) -> String {
    switch self {
    case .deleted: return "removed \(kind) \(id)"
    case .retired(let referencedBy):
      return
        "retired \(kind) \(id): \(referencedBy) refer to it, so it is kept but hidden from lists"
    }
  }
}

/// Prints catalogue items as JSON, JSON lines or CSV (keys of the first item as columns).
func printItems(_ items: [(JSONValue, String?)], _ format: OutputFormat) throws {
  let values = items.map { item, retiredAt -> JSONValue in
    guard case .object(let members) = item else { return item }
    return .object(members + [("retired_at", retiredAt.map(JSONValue.string) ?? .null)])
  }
  switch format {
  case .json, .table: Console.line(JSONValue.array(values).serialized(pretty: true))
  case .jsonl: for item in values { Console.line(item.serialized()) }
  case .csv:
    var keys: [String] = []
    for value in values {
      if case .object(let members) = value {
        for (key, _) in members where !keys.contains(key) { keys.append(key) }
      }
    }
    keys.sort { (rank($0), $0) < (rank($1), $1) }
    var table = Table(headers: keys)
    table.rows = values.map { value in keys.map { value[$0]?.csvText ?? "" } }
    Console.line(table.csv())
  }
}

/// The leading columns of a catalogue CSV: id and name first, bookkeeping last.
private func rank(_ key: String) -> Int {
  switch key {
  case "id": return 0
  case "name": return 1
  case "retired_at": return 3
  default: return 2
  }
}

/// Prints one catalogue item: key and value lines for people, JSON or CSV for machines.
func printItem<V>(_ item: JSONValue, _ entry: CatalogueEntry<V>, _ format: OutputFormat) throws {
  switch format {
  case .table:
    var table = Table(headers: ["", ""])
    table.rows = item.flattened().filter { $0.1 != .null }.map {
      [$0.0, KeyFigures.human(key: $0.0, $0.1)]
    }
    table.rows.append(["updated_at", entry.updatedAt])
    if let retiredAt = entry.retiredAt { table.rows.append(["retired_at", retiredAt]) }
    Console.line(table.rendered().split(separator: "\n").dropFirst().joined(separator: "\n"))
  case .json:
    guard case .object(let members) = item else { return }
    Console.line(
      JSONValue.object(members + [("retired_at", entry.retiredAt.map(JSONValue.string) ?? .null)])
        .serialized(pretty: true))
  case .jsonl, .csv:
    try printItems([(item, entry.retiredAt)], format)
  }
}

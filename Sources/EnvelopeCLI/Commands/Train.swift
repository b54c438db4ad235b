import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore

extension Envelope {
  struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "train",
      abstract: "Estimate a training run's FLOPs, time, GPU-hours and cost, and record it.",
      discussion: """
        The seed method: FLOPs = 6 × parameters × C × data items × epochs, and seconds = \
        FLOPs ÷ (peak FLOP/s × GPUs × utilisation), utilisation 1 unless given. For a mixture \
        of experts (--model with active parameters), N is the active parameters: the ones \
        each token passes through. With --tokens, C is 1 and the data items are tokens; with \
        --items, C is --constant (default: the model's).

        The roofline method reports model FLOPs (6 × active parameters × tokens, plus with \
        --sequence-length the attention term 12 × layers × heads × head dim × sequence \
        length per token, as PaLM counts it) and takes time as model FLOPs ÷ (peak × GPUs × \
        MFU), MFU 0.4 unless given. --recompute adds the forward pass again to the hardware \
        FLOPs (× 8 ÷ 6) and to the hardware FLOPs utilisation, not to the time: the MFU \
        stays a share of model FLOPs.

        Examples:
          envelope train --model llama-2-7b --gpu a100-80gb --gpus 1024 --tokens 2T
          envelope train --model llama-2-7b --gpu a100-80gb --gpus 1024 \\
            --tokens 2T --method roofline --utilization 0.39 --price 1.80
          envelope train --model mixtral-8x7b --gpu h100-sxm --gpus 512 --tokens 1T \\
            --method roofline --sequence-length 4096 --recompute --explain
          envelope train --params 1B --peak-flops 312T --gpus 8 --items 1M \\
            --constant 512 --epochs 2 --dry-run --explain
        """)

    @Option(help: ArgumentHelp("Model id from the catalogue.", valueName: "id"))
    var model: Typed<CatalogueID<ModelProfile>>?
    @Option(help: ArgumentHelp("Model parameters, instead of --model (7B).", valueName: "n"))
    var params: Typed<Count>?
    @Option(help: ArgumentHelp("GPU id from the catalogue.", valueName: "id"))
    var gpu: Typed<CatalogueID<GPUProfile>>?
    @Option(help: ArgumentHelp("Peak FLOP/s of one GPU, instead of --gpu's.", valueName: "rate"))
    var peakFlops: Typed<FLOPsPerSecond>?
    @Option(
      help: ArgumentHelp("GPUs working together.", valueName: "n"),
      transform: Typed.reader(.positiveWholeNumber))
    var gpus: Typed<Count>
    @Option(help: ArgumentHelp("Training tokens (C = 1).", valueName: "n"))
    var tokens: Typed<Count>?
    @Option(help: ArgumentHelp("Data items, with --constant tokens or steps each.", valueName: "n"))
    var items: Typed<Count>?
    @Option(help: ArgumentHelp("C: tokens per item or generation steps.", valueName: "n"))
    var constant: Typed<Count>?
    @Option(help: ArgumentHelp("Passes over the data (1).", valueName: "n"))
    var epochs: Typed<Count>?
    @Option(help: ArgumentHelp("Training precision (bf16).", valueName: "precision"))
    var precision: Typed<Precision>?
    @Option(
      help: ArgumentHelp(
        "Share of peak achieved (seed 1; roofline: model FLOPs utilisation, 0.4).",
        valueName: "ratio"))
    var utilization: Typed<Ratio>?
    @Option(help: "Estimation method: seed or roofline.")
    var method: EstimationMethod = .seed
    @Flag(
      help: "Roofline: full activation recomputation (hardware FLOPs × 8 ÷ 6; time unchanged).")
    var recompute = false
    @Option(
      help: ArgumentHelp(
        "Roofline: tokens per training sequence; adds the attention FLOPs (needs the model's"
          + " layers, attention heads and head dimension).", valueName: "n"),
      transform: Typed.reader(.positiveWholeNumber))
    var sequenceLength: Typed<Count>?
    @Option(
      help: ArgumentHelp("Price of one GPU-hour (overrides the catalogue).", valueName: "amount"))
    var price: Typed<Money>?
    @Option(help: ArgumentHelp("Currency code of the price (USD).", valueName: "code"))
    var currency: Typed<CurrencyCode>?
    @Flag(help: "Show each formula with the numbers substituted.")
    var explain = false
    @Flag(help: "Show pessimistic, expected and optimistic figures (roofline method).")
    var range = false

    @OptionGroup var recording: RecordingOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    func validate() throws {
      if (model == nil) == (params == nil) {
        throw ValidationError("give exactly one of --model and --params")
      }
      if gpu == nil && peakFlops == nil {
        throw ValidationError("give --gpu or --peak-flops")
      }
      if (tokens == nil) == (items == nil) {
        throw ValidationError("give exactly one of --tokens and --items")
      }
      if constant != nil && items == nil {
        throw ValidationError("--constant goes with --items")
      }
      if recompute && method != .roofline {
        throw ValidationError("--recompute needs --method roofline")
      }
      if sequenceLength != nil && method != .roofline {
        throw ValidationError(
          "--sequence-length needs --method roofline: the seed's formula has no attention term")
      }
      if sequenceLength != nil && params != nil {
        throw ValidationError(
          "--sequence-length needs --model: the attention term needs the model's layers,"
            + " attention heads and head dimension")
      }
      if range && method != .roofline {
        throw ValidationError("--range needs --method roofline")
      }
    }

    func run() throws {
      let store = try ledger.open(for: recording.dryRun ? .reading : .writing)
      let precision = self.precision?.value ?? .bf16
      var modelProfile: ModelProfile
      if let model {
        modelProfile = try store.model(model.value).value
      } else {
        modelProfile = ModelProfile(
          id: "custom", name: "Custom model", parameters: 0, source: "--params")
      }
      if let params { modelProfile.parameters = params.value }
      var gpuProfile: GPUProfile
      if let gpu {
        gpuProfile = try store.gpu(gpu.value).value
      } else {
        gpuProfile = GPUProfile(
          id: "custom", name: "Custom GPU", peakFLOPS: [:], source: "--peak-flops")
      }
      if let peakFlops { gpuProfile.peakFLOPS[precision] = peakFlops.value }
      let data: TrainingPlan.Data
      if let tokens {
        data = .tokens(tokens.value)
      } else {
        data = .items(items?.value ?? 1, constant: constant?.value)
      }
      let plan = TrainingPlan(
        method: method, model: modelProfile, gpu: gpuProfile, precision: precision,
        gpuCount: gpus.value, data: data, epochs: epochs?.value ?? 1,
        utilization: utilization?.value, recompute: recompute,
        sequenceLength: sequenceLength?.value, pricePerHour: price?.value,
        currency: currency?.value)
      let estimate = try plan.estimate()
      let ranges = range ? try plan.ranges() : nil
      let entry = recording.entry(
        kind: .training, scenarioID: nil, method: method, snapshot: try plan.snapshot(),
        figures: estimate.figures)
      var header: [(String, JSONValue)] = []
      if recording.dryRun {
        header.append(("entry_id", .null))
      } else {
        header.append(("entry_id", .integer(Int(try store.record(entry).id))))
      }
      header += [
        ("recorded", .bool(!recording.dryRun)), ("kind", .string("training")),
        ("method", .string(method.rawValue)), ("as_of", .string(entry.asOf.description)),
        ("note", entry.note.map(JSONValue.string) ?? .null),
        ("supersedes", entry.supersedes.map { .integer(Int($0)) } ?? .null),
        ("model_id", .string(modelProfile.id)), ("gpu_id", .string(gpuProfile.id)),
        ("precision", .string(precision.rawValue)),
      ]
      Console.print(
        EstimateReport(
          header: header, figures: estimate.figures, derivations: estimate.derivations,
          ranges: ranges, explain: explain), output.format)
    }
  }
}

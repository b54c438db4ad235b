import ArgumentParser
import EnvelopeCore
import EnvelopeStore

extension Envelope {
  struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "train",
      abstract: "Estimate a training run's FLOPs, time, GPU-hours and cost, and record it.",
      discussion: """
        The seed method: FLOPs = 6 × parameters × C × data items × epochs, and seconds = \
        FLOPs ÷ (peak FLOP/s × GPUs × utilisation), utilisation 1 unless given. The roofline \
        method uses the same FLOPs (8 × N × tokens with --recompute) at a typical measured \
        utilisation (MFU 0.4 unless given). With --tokens, C is 1 and the data items are \
        tokens; with --items, C is --constant (default: the model's).

        Examples:
          envelope train --model llama-2-7b --gpu a100-80gb --gpus 1024 --tokens 2T
          envelope train --model llama-2-7b --gpu a100-80gb --gpus 1024 \\
            --tokens 2T --method roofline --utilization 0.39 --price 1.80
          envelope train --params 1B --peak-flops 312T --gpus 8 --items 1M \\
            --constant 512 --epochs 2 --dry-run --explain
        """)

    @Option(help: ArgumentHelp("Model id from the catalogue.", valueName: "id"))
    var model: String?
    @Option(help: ArgumentHelp("Model parameters, instead of --model (7B).", valueName: "n"))
    var params: String?
    @Option(help: ArgumentHelp("GPU id from the catalogue.", valueName: "id"))
    var gpu: String?
    @Option(help: ArgumentHelp("Peak FLOP/s of one GPU, instead of --gpu's.", valueName: "rate"))
    var peakFlops: String?
    @Option(help: ArgumentHelp("GPUs working together.", valueName: "n"))
    var gpus: String
    @Option(help: ArgumentHelp("Training tokens (C = 1).", valueName: "n"))
    var tokens: String?
    @Option(help: ArgumentHelp("Data items, with --constant tokens or steps each.", valueName: "n"))
    var items: String?
    @Option(help: ArgumentHelp("C: tokens per item or generation steps.", valueName: "n"))
    var constant: String?
    @Option(help: ArgumentHelp("Passes over the data (1).", valueName: "n"))
    var epochs: String?
    @Option(help: ArgumentHelp("Training precision (bf16).", valueName: "precision"))
    var precision: String?
    @Option(
      help: ArgumentHelp("Share of peak achieved (seed 1, roofline 0.4).", valueName: "ratio"))
    var utilization: String?
    @Option(help: "Estimation method: seed or roofline.")
    var method: EstimationMethod = .seed
    @Flag(help: "Roofline: full activation recomputation (8 × N × tokens).")
    var recompute = false
    @Option(
      help: ArgumentHelp("Price of one GPU-hour (overrides the catalogue).", valueName: "amount"))
    var price: String?
    @Option(help: ArgumentHelp("Currency code of the price (USD).", valueName: "code"))
    var currency: String?
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
      if range && method != .roofline {
        throw ValidationError("--range needs --method roofline")
      }
    }

    func run() throws {
      let store = try ledger.open()
      let precision = try Parse.precision(self.precision) ?? .bf16
      var modelProfile: ModelProfile
      if let model {
        modelProfile = try store.model(try Parse.identifier(model, "model id")).value
      } else {
        modelProfile = ModelProfile(
          id: "custom", name: "Custom model", parameters: 0, source: "--params")
      }
      if let parameters = try Parse.quantity(params, "--params", as: .count) {
        modelProfile.parameters = parameters
      }
      var gpuProfile: GPUProfile
      if let gpu {
        gpuProfile = try store.gpu(try Parse.identifier(gpu, "GPU id")).value
      } else {
        gpuProfile = GPUProfile(
          id: "custom", name: "Custom GPU", peakFLOPS: [:], source: "--peak-flops")
      }
      if let peak = try Parse.quantity(peakFlops, "--peak-flops", as: .flopsPerSecond) {
        gpuProfile.peakFLOPS[precision] = peak
      }
      let peak = try gpuProfile.peak(at: precision)
      let gpuCount =
        try Parse.quantity(gpus, "--gpus", as: .count, range: .positiveWholeNumber) ?? 1
      let epochCount = try Parse.quantity(epochs, "--epochs", as: .count) ?? 1
      let itemCount: Double
      let architectureConstant: Double
      if let tokenCount = try Parse.quantity(tokens, "--tokens", as: .count) {
        itemCount = tokenCount
        architectureConstant = 1
      } else {
        itemCount = try Parse.quantity(items, "--items", as: .count) ?? 1
        architectureConstant =
          try Parse.quantity(constant, "--constant", as: .count)
          ?? modelProfile.architectureConstant
      }
      let priceOverride = try Parse.quantity(price, "--price", as: .money, range: .nonNegative)
      let currencyCode = try currency.map { text -> String in
        let code = text.uppercased()
        guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
          throw CLIError.usage("invalid value '\(text)' for --currency: expected a code like USD")
        }
        return code
      }
      let pricePerHour = priceOverride ?? gpuProfile.pricePerHour
      let utilizationValue = try Parse.quantity(
        utilization, "--utilization", as: .ratio, range: .fractionAboveZero)

      var figures: [Figure]
      var derivations: [Derivation]
      var ranges: [EstimateRange]?
      var inputsJSON: JSONValue
      switch method {
      case .seed:
        let inputs = TrainingInputs(
          parameters: modelProfile.parameters, architectureConstant: architectureConstant,
          dataItems: itemCount, epochs: epochCount, peakFLOPSPerGPU: peak, gpuCount: gpuCount,
          utilization: utilizationValue ?? 1, precision: precision)
        let estimate = try TrainingEstimate(seed: inputs)
        figures = estimate.figures
        derivations = estimate.derivations
        inputsJSON = try JSONValue(encoding: inputs)
        if let pricePerHour {
          let cost = try CostEstimate(
            inputs: CostInputs(
              gpuPricePerHour: pricePerHour, currency: currencyCode ?? CostMethod.defaultCurrency),
            cataloguePricePerHour: nil,
            trainingGPUHours: estimate.gpuHours)
          figures += cost.figures.filter { $0.key == "training_cost" || $0.key == "currency" }
          derivations += cost.derivations.filter { $0.key == "training_cost" }
        }
      case .roofline:
        let inputs = RooflineTrainingInputs(
          parameters: modelProfile.parameters, tokens: itemCount * architectureConstant,
          epochs: epochCount, peakFLOPSPerGPU: peak, gpuCount: gpuCount,
          utilization: utilizationValue ?? RooflineMethod.defaultUtilization,
          recompute: recompute, precision: precision, pricePerGPUHour: pricePerHour)
        let estimate = try RooflineTrainingEstimate(inputs)
        figures = estimate.figures
        if pricePerHour != nil {
          figures.append(
            Figure(
              key: "currency", label: "Currency", group: "cost",
              value: .text(currencyCode ?? CostMethod.defaultCurrency), unit: .plain))
        }
        derivations = estimate.derivations
        inputsJSON = try JSONValue(encoding: inputs)
        if range {
          ranges = EstimateRange.rows(
            pessimistic: try RooflineTrainingEstimate(inputs.atEnd(.pessimistic)).figures,
            expected: figures,
            optimistic: try RooflineTrainingEstimate(inputs.atEnd(.optimistic)).figures)
        }
      }
      let snapshot: JSONValue = .object([
        ("method", .string(method.rawValue)),
        ("model", try JSONValue(encoding: modelProfile)),
        ("gpu", try JSONValue(encoding: gpuProfile)),
        ("inputs", inputsJSON),
      ])
      let entry = try recording.entry(
        kind: .training, scenarioID: nil, method: method, inputs: snapshot, figures: figures)
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
      EstimateReport(
        header: header, figures: figures, derivations: derivations, ranges: ranges,
        explain: explain
      ).print(output.format)
    }
  }
}

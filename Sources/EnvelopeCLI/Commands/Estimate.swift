import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore

extension Envelope {
  struct Estimate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "estimate",
      abstract: "Estimate a deployment's GPUs, storage and bandwidth, and record it.",
      discussion: """
        Estimates a scenario from the ledger, or a one-off deployment from flags, and records \
        the result as a dated, immutable ledger entry holding a snapshot of every input. Any \
        scenario input can be overridden for this one estimate; the override is kept in the \
        entry's snapshot. Inputs a one-off estimate does not give take the seed's worked \
        example's values (seed-3b at fp16 on a100-80gb, 100M DAU, 10 requests a day, 500 \
        tokens, 2KB requests, 10KB responses and profiles, 2KB interactions, 25% index, \
        30-day months).

        Quantities take SI prefixes (100M, 3B, 2KB = 2,000 bytes, 312T FLOP/s, 25%) and \
        binary ones when written (4GiB).

        Examples:
          envelope estimate seed-chat
          envelope estimate seed-chat --dau 200M --note "after the launch" \\
            --as-of 2027-01-01
          envelope estimate seed-chat --method roofline --range
          envelope estimate seed-chat --method roofline --calibration none
          envelope estimate --model llama-3.1-8b --gpu h100-sxm --dau 5M --dry-run
          envelope estimate --params 3B --precision fp16 --peak-flops 312T \\
            --tokens 500 --dau 100M --requests-per-user 10 --explain
          envelope estimate seed-chat --format json | jq .gpus_required
        """)

    @Argument(help: "A scenario id (see 'envelope scenario list'); omit for a one-off estimate.")
    var scenario: Typed<CatalogueID<Scenario>>?

    @OptionGroup(title: "Scenario inputs") var inputs: ScenarioInputOptions

    @Option(help: ArgumentHelp("Model parameters, instead of --model (3B).", valueName: "n"))
    var params: Typed<Count>?

    @Option(
      help: ArgumentHelp(
        "Peak FLOP/s of one GPU at the precision, instead of --gpu's (312T).", valueName: "rate"))
    var peakFlops: Typed<FLOPsPerSecond>?

    @Flag(help: "Show each formula with the numbers substituted.")
    var explain = false

    @Flag(help: "Show pessimistic, expected and optimistic figures (roofline method).")
    var range = false

    @Option(
      help: ArgumentHelp(
        "Roofline: the calibration to use, or none (default: the newest that applies to the"
          + " model, GPU and precision).", valueName: "none|id"))
    var calibration: Typed<CalibrationChoice>?

    @OptionGroup var recording: RecordingOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      let store = try ledger.open(for: recording.dryRun ? .reading : .writing)
      let plan = try resolve(in: store)
      let estimate = try plan.estimate()
      let ranges = range ? try plan.ranges() : nil
      let scenarioID = plan.scenario.id.isEmpty ? nil : plan.scenario.id
      let entry = recording.entry(
        kind: .serving, scenarioID: scenarioID, method: plan.scenario.method,
        snapshot: try plan.snapshot(), figures: estimate.figures)
      var header: [(String, JSONValue)] = []
      if recording.dryRun {
        header.append(("entry_id", .null))
      } else {
        let recorded = try store.record(entry)
        header.append(("entry_id", .integer(Int(recorded.id))))
      }
      header += [
        ("recorded", .bool(!recording.dryRun)),
        ("scenario_id", scenarioID.map(JSONValue.string) ?? .null),
        ("method", .string(plan.scenario.method.rawValue)),
        ("as_of", .string(entry.asOf.description)),
        ("note", entry.note.map(JSONValue.string) ?? .null),
        ("supersedes", entry.supersedes.map { .integer(Int($0)) } ?? .null),
        ("model_id", .string(plan.model.id)),
        ("gpu_id", .string(plan.gpu.id)),
        ("precision", .string(plan.scenario.precision.rawValue)),
        (
          "calibration_id",
          plan.scenario.method == .roofline
            ? plan.applicableCalibration.map { .integer(Int($0.id)) } ?? .null : .null
        ),
      ]
      var notes: [String] = []
      if !plan.isPriced && plan.gpu.id == "custom" {
        notes.append("No GPU price: pass --gpu-price to estimate cost.")
      } else if !plan.isPriced {
        notes.append(
          "No GPU price for '\(plan.gpu.id)': set one with 'envelope gpu update "
            + "\(plan.gpu.id) --price 2.50' or --gpu-price to estimate cost.")
      }
      Console.print(
        EstimateReport(
          header: header, figures: estimate.figures, derivations: estimate.derivations,
          ranges: ranges, explain: explain, notes: notes), output.format)
    }

    /// The scenario (stored or one-off) with its model and GPU, overrides applied.
    func resolve(in store: Ledger) throws -> ServingPlan {
      var scenario: Scenario
      if let id = self.scenario?.value {
        let entry = try store.scenario(id)
        if entry.isRetired { throw StoreError.retired(kind: "scenario", id: id) }
        scenario = entry.value
      } else {
        scenario = .oneOff(modelID: "seed-3b", gpuID: "a100-80gb")
      }
      var overrides = inputs.apply(to: &scenario)
      var model: ModelProfile
      if self.scenario == nil, inputs.model == nil, params != nil {
        model = ModelProfile(
          id: "custom", name: "Custom model", parameters: 0,
          architectureConstant: ServingInputs.seedExample.architectureConstant,
          source: "--params")
        scenario.modelID = model.id
      } else {
        model = try store.model(scenario.modelID).value
      }
      if let parameters = params?.value {
        model.parameters = parameters
        if let active = model.activeParameters, active > parameters {
          model.activeParameters = parameters
        }
      }
      var gpu: GPUProfile
      if self.scenario == nil, inputs.gpu == nil, peakFlops != nil {
        gpu = GPUProfile(id: "custom", name: "Custom GPU", peakFLOPS: [:], source: "--peak-flops")
        scenario.gpuID = gpu.id
      } else {
        gpu = try store.gpu(scenario.gpuID).value
      }
      if let peak = peakFlops?.value {
        gpu.peakFLOPS[scenario.precision] = peak
      }
      if let params { overrides.append(ScenarioOverride("--params", params.text)) }
      if let peakFlops { overrides.append(ScenarioOverride("--peak-flops", peakFlops.text)) }
      if let calibration {
        overrides.append(ScenarioOverride("--calibration", calibration.text))
      }
      return ServingPlan(
        scenario: scenario, model: model, gpu: gpu, overrides: overrides,
        calibration: try Self.calibration(
          calibration?.value, for: scenario, model: model, gpu: gpu, in: store))
    }

    /// The calibration to use: the one chosen, none, or the newest that applies.
    ///
    /// - Throws: A usage error when the chosen calibration does not apply to the scenario.
    static func calibration(
      _ choice: CalibrationChoice?, for scenario: Scenario, model: ModelProfile, gpu: GPUProfile,
      in store: Ledger
    ) throws -> Calibration? {
      guard scenario.method == .roofline else { return nil }
      switch choice {
      case .uncalibrated: return nil
      case .id(let id):
        let chosen = try store.calibration(id: id)
        guard chosen.applies(modelID: model.id, gpuID: gpu.id, precision: scenario.precision)
        else {
          throw CLIError.usage(
            "calibration \(id) is for \(chosen.modelID ?? "every model") on \(chosen.gpuID) at"
              + " \(chosen.precision?.rawValue ?? "every precision"), not \(model.id) on \(gpu.id)"
              + " at \(scenario.precision.rawValue)")
        }
        return chosen
      case nil:
        return try store.latestCalibration(
          modelID: model.id, gpuID: gpu.id, precision: scenario.precision)
      }
    }
  }
}

import ArgumentParser
import EnvelopeCore

/// The flags that set a scenario's inputs, shared by `estimate` (as one-off overrides) and
/// `scenario add|update`.
struct ScenarioInputOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Model id from the catalogue.", valueName: "id"))
  var model: Typed<CatalogueID<ModelProfile>>?
  @Option(help: ArgumentHelp("GPU id from the catalogue.", valueName: "id"))
  var gpu: Typed<CatalogueID<GPUProfile>>?
  @Option(help: ArgumentHelp("Precision: fp64, fp32, tf32, fp16, bf16, fp8, int8 or int4."))
  var precision: Typed<Precision>?
  @Option(help: "Estimation method: seed or roofline.")
  var method: EstimationMethod?
  @Option(help: ArgumentHelp("Tokens per request, the seed's C (500).", valueName: "n"))
  var tokens: Typed<Count>?
  @Option(help: ArgumentHelp("Daily active users (100M).", valueName: "n"))
  var dau: Typed<Count>?
  @Option(help: ArgumentHelp("Requests per user per day (10).", valueName: "n"))
  var requestsPerUser: Typed<Count>?
  @Option(help: ArgumentHelp("Bytes of one request (2KB).", valueName: "size"))
  var requestSize: Typed<Bytes>?
  @Option(help: ArgumentHelp("Bytes of one response (10KB).", valueName: "size"))
  var responseSize: Typed<Bytes>?
  @Option(help: ArgumentHelp("Bytes of one user profile (10KB).", valueName: "size"))
  var profileSize: Typed<Bytes>?
  @Option(
    help: ArgumentHelp("Users with a profile, when not the DAU.", valueName: "n"),
    transform: Typed.reader(.nonNegative))
  var users: Typed<Count>?
  @Option(
    help: ArgumentHelp("Interactions logged per user per day (one per request).", valueName: "n"),
    transform: Typed.reader(.nonNegative))
  var interactionsPerUser: Typed<Count>?
  @Option(help: ArgumentHelp("Bytes of one logged interaction (2KB).", valueName: "size"))
  var interactionSize: Typed<Bytes>?
  @Option(
    help: ArgumentHelp("Index size as a share of interaction data (25%).", valueName: "ratio"),
    transform: Typed.reader(.nonNegativeUpTo(100)))
  var indexRatio: Typed<Ratio>?
  @Option(
    help: ArgumentHelp("Days in a month (30).", valueName: "days"),
    transform: Typed.reader(.positiveUpTo(31)))
  var daysPerMonth: Typed<Count>?
  @Option(help: ArgumentHelp("Roofline: prompt tokens per request.", valueName: "n"))
  var inputTokens: Typed<Count>?
  @Option(help: ArgumentHelp("Roofline: generated tokens per request.", valueName: "n"))
  var outputTokens: Typed<Count>?
  @Option(
    help: ArgumentHelp(
      "Roofline: sequences decoded together per replica, exactly (default: chosen).",
      valueName: "n"))
  var batch: Typed<WholeNumber>?
  @OptionGroup(title: "Serving (roofline)") var serving: ServingOptions
  @Option(
    help: ArgumentHelp(
      "Roofline: average tokens a sequence holds in the KV cache (input + output/2).",
      valueName: "n"))
  var context: Typed<Count>?
  @Option(
    help: ArgumentHelp(
      "Roofline: achieved share of memory bandwidth (default: the GPU's measured).",
      valueName: "ratio"))
  var bandwidthEfficiency: Typed<Ratio>?
  @Option(
    help: ArgumentHelp(
      "Roofline: achieved share of peak FLOP/s in decode (default: the GPU's measured).",
      valueName: "ratio"))
  var computeEfficiency: Typed<Ratio>?
  @Option(
    help: ArgumentHelp("Roofline: peak-to-average load factor.", valueName: "factor"),
    transform: Typed.reader(.atLeast(1), note: "peak ≥ average"))
  var peakFactor: Typed<Count>?
  @Option(help: ArgumentHelp("Roofline: utilisation the fleet is sized for.", valueName: "ratio"))
  var targetUtilization: Typed<Ratio>?
  @Option(
    help: ArgumentHelp("Price of one GPU-hour (overrides the catalogue).", valueName: "amount"))
  var gpuPrice: Typed<Money>?
  @Option(help: ArgumentHelp("Price of one TB stored for a month.", valueName: "amount"))
  var storagePrice: Typed<Money>?
  @Option(help: ArgumentHelp("Price of one GB of egress.", valueName: "amount"))
  var egressPrice: Typed<Money>?
  @Option(help: ArgumentHelp("Currency code of every price (USD).", valueName: "code"))
  var currency: Typed<CurrencyCode>?

  /// Applies the flags given onto `scenario`; their values were read as the command line was
  /// parsed.
  ///
  /// - Returns: The flags applied, with their text as typed, for the entry's snapshot.
  @discardableResult
  func apply(to scenario: inout Scenario) -> [ScenarioOverride] {
    var editor = ScenarioEditor(scenario: scenario)
    apply(to: &editor)
    serving.apply(to: &editor)
    scenario = editor.scenario
    return editor.applied
  }

  private func apply(to editor: inout ScenarioEditor) {
    func set<Reader>(
      _ path: WritableKeyPath<Scenario, Reader.Value>, _ given: Typed<Reader>?, _ flag: String
    ) {
      editor.set(path, given, flag)
    }
    func set<Reader>(
      _ path: WritableKeyPath<Scenario, Reader.Value?>, _ given: Typed<Reader>?, _ flag: String
    ) {
      editor.set(path, given, flag)
    }
    set(\.modelID, model, "--model")
    set(\.gpuID, gpu, "--gpu")
    set(\.precision, precision, "--precision")
    if let method {
      editor.scenario.method = method
      editor.applied.append(ScenarioOverride("--method", method.rawValue))
    }
    set(\.tokensPerRequest, tokens, "--tokens")
    set(\.dailyActiveUsers, dau, "--dau")
    set(\.requestsPerUserPerDay, requestsPerUser, "--requests-per-user")
    set(\.requestBytes, requestSize, "--request-size")
    set(\.responseBytes, responseSize, "--response-size")
    set(\.profileBytes, profileSize, "--profile-size")
    set(\.profileUsers, users, "--users")
    set(\.interactionsPerUserPerDay, interactionsPerUser, "--interactions-per-user")
    set(\.interactionBytes, interactionSize, "--interaction-size")
    set(\.indexRatio, indexRatio, "--index-ratio")
    set(\.daysPerMonth, daysPerMonth, "--days-per-month")
    set(\.inputTokens, inputTokens, "--input-tokens")
    set(\.outputTokens, outputTokens, "--output-tokens")
    set(\.batch, batch, "--batch")
    set(\.contextTokens, context, "--context")
    set(\.bandwidthEfficiency, bandwidthEfficiency, "--bandwidth-efficiency")
    set(\.computeEfficiency, computeEfficiency, "--compute-efficiency")
    set(\.peakFactor, peakFactor, "--peak-factor")
    set(\.targetUtilization, targetUtilization, "--target-utilization")
    set(\.gpuPricePerHour, gpuPrice, "--gpu-price")
    set(\.storagePricePerTBMonth, storagePrice, "--storage-price")
    set(\.egressPricePerGB, egressPrice, "--egress-price")
    set(\.currency, currency, "--currency")
  }
}

extension EstimationMethod: ExpressibleByArgument {}

/// A scenario being edited by flags, and the flags applied with their text as typed.
struct ScenarioEditor {
  var scenario: Scenario
  var applied: [ScenarioOverride] = []

  /// Sets `path` to the flag's value when the flag was given.
  mutating func set<Reader>(
    _ path: WritableKeyPath<Scenario, Reader.Value>, _ given: Typed<Reader>?, _ flag: String
  ) {
    guard let given else { return }
    applied.append(ScenarioOverride(flag, given.text))
    scenario[keyPath: path] = given.value
  }

  /// Sets the optional `path` to the flag's value when the flag was given.
  mutating func set<Reader>(
    _ path: WritableKeyPath<Scenario, Reader.Value?>, _ given: Typed<Reader>?, _ flag: String
  ) {
    guard let given else { return }
    applied.append(ScenarioOverride(flag, given.text))
    scenario[keyPath: path] = given.value
  }
}

/// The roofline method's serving choices.
///
/// Parallelism, batch, latency targets, memory, KV precision, prefill and communication
/// efficiency; shared by `estimate`, `scenario add|update` and `compare`.
struct ServingOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Roofline: the most sequences a replica decodes together (1024, vLLM's max_num_seqs).",
      valueName: "n"))
  var maxBatch: Typed<WholeNumber>?
  @Option(
    help: ArgumentHelp(
      "Roofline: GPUs per replica, pinned (default: the 1, 2, 4 or 8 with the most output"
        + " tokens/s per GPU).", valueName: "n"))
  var tensorParallel: Typed<WholeNumber>?
  @Option(
    help: ArgumentHelp(
      "Roofline: longest acceptable time to first token, like 2s or 450ms.",
      valueName: "seconds"))
  var maxTtft: Typed<Seconds>?
  @Option(
    help: ArgumentHelp(
      "Roofline: longest acceptable time per output token, like 50ms.", valueName: "seconds"))
  var maxTpot: Typed<Seconds>?
  @Option(
    help: ArgumentHelp(
      "Roofline: share of GPU memory for weights, activations and KV cache (0.9).",
      valueName: "ratio"))
  var gpuMemoryUtilization: Typed<Ratio>?
  @Option(
    help: ArgumentHelp(
      "Roofline: KV cache precision (default 16-bit: fp16, or the weights' if wider).",
      valueName: "precision"))
  var kvPrecision: Typed<Precision>?
  @Option(
    help: ArgumentHelp(
      "Roofline: achieved share of peak FLOP/s on prompts (default: the compute efficiency).",
      valueName: "ratio"))
  var prefillEfficiency: Typed<Ratio>?
  @Option(
    help: ArgumentHelp(
      "Roofline: share of the speed the catalogue's all-reduce model expects that the"
        + " tensor-parallel all-reduces reach (default: the calibration's, else 1).",
      valueName: "ratio"))
  var communicationEfficiency: Typed<Ratio>?

  /// Applies the flags given.
  func apply(to editor: inout ScenarioEditor) {
    editor.set(\.maxBatch, maxBatch, "--max-batch")
    editor.set(\.tensorParallel, tensorParallel, "--tensor-parallel")
    editor.set(\.maxTTFTSeconds, maxTtft, "--max-ttft")
    editor.set(\.maxTPOTSeconds, maxTpot, "--max-tpot")
    editor.set(\.gpuMemoryUtilization, gpuMemoryUtilization, "--gpu-memory-utilization")
    editor.set(\.kvPrecision, kvPrecision, "--kv-precision")
    editor.set(\.prefillEfficiency, prefillEfficiency, "--prefill-efficiency")
    editor.set(
      \.communicationEfficiency, communicationEfficiency, "--communication-efficiency")
  }
}

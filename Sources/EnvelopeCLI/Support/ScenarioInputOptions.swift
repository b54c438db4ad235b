import ArgumentParser
import EnvelopeCore

/// The flags that set a scenario's inputs, shared by `estimate` (as one-off overrides) and
/// `scenario add|update`.
struct ScenarioInputOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Model id from the catalogue.", valueName: "id"))
  var model: String?
  @Option(help: ArgumentHelp("GPU id from the catalogue.", valueName: "id"))
  var gpu: String?
  @Option(help: ArgumentHelp("Precision: fp64, fp32, tf32, fp16, bf16, fp8, int8 or int4."))
  var precision: String?
  @Option(help: "Estimation method: seed or roofline.")
  var method: EstimationMethod?
  @Option(help: ArgumentHelp("Tokens per request, the seed's C (500).", valueName: "n"))
  var tokens: String?
  @Option(help: ArgumentHelp("Daily active users (100M).", valueName: "n"))
  var dau: String?
  @Option(help: ArgumentHelp("Requests per user per day (10).", valueName: "n"))
  var requestsPerUser: String?
  @Option(help: ArgumentHelp("Bytes of one request (2KB).", valueName: "size"))
  var requestSize: String?
  @Option(help: ArgumentHelp("Bytes of one response (10KB).", valueName: "size"))
  var responseSize: String?
  @Option(help: ArgumentHelp("Bytes of one user profile (10KB).", valueName: "size"))
  var profileSize: String?
  @Option(help: ArgumentHelp("Users with a profile, when not the DAU.", valueName: "n"))
  var users: String?
  @Option(
    help: ArgumentHelp("Interactions logged per user per day (one per request).", valueName: "n"))
  var interactionsPerUser: String?
  @Option(help: ArgumentHelp("Bytes of one logged interaction (2KB).", valueName: "size"))
  var interactionSize: String?
  @Option(
    help: ArgumentHelp("Index size as a share of interaction data (25%).", valueName: "ratio"))
  var indexRatio: String?
  @Option(help: ArgumentHelp("Days in a month (30).", valueName: "days"))
  var daysPerMonth: String?
  @Option(help: ArgumentHelp("Roofline: prompt tokens per request.", valueName: "n"))
  var inputTokens: String?
  @Option(help: ArgumentHelp("Roofline: generated tokens per request.", valueName: "n"))
  var outputTokens: String?
  @Option(help: ArgumentHelp("Roofline: sequences decoded together per replica.", valueName: "n"))
  var batch: String?
  @Option(help: ArgumentHelp("Roofline: tokens held in the KV cache per sequence.", valueName: "n"))
  var context: String?
  @Option(help: ArgumentHelp("Roofline: achieved share of memory bandwidth.", valueName: "ratio"))
  var bandwidthEfficiency: String?
  @Option(help: ArgumentHelp("Roofline: achieved share of peak FLOP/s.", valueName: "ratio"))
  var computeEfficiency: String?
  @Option(help: ArgumentHelp("Roofline: peak-to-average load factor.", valueName: "factor"))
  var peakFactor: String?
  @Option(help: ArgumentHelp("Roofline: utilisation the fleet is sized for.", valueName: "ratio"))
  var targetUtilization: String?
  @Option(
    help: ArgumentHelp("Price of one GPU-hour (overrides the catalogue).", valueName: "amount"))
  var gpuPrice: String?
  @Option(help: ArgumentHelp("Price of one TB stored for a month.", valueName: "amount"))
  var storagePrice: String?
  @Option(help: ArgumentHelp("Price of one GB of egress.", valueName: "amount"))
  var egressPrice: String?
  @Option(help: ArgumentHelp("Currency code of every price (USD).", valueName: "code"))
  var currency: String?

  /// Applies the flags given onto `scenario`.
  ///
  /// - Returns: The flags applied, with their text as typed, for the entry's snapshot.
  /// - Throws: ``CLIError/usage(_:)`` for a malformed value.
  @discardableResult
  func apply(to scenario: inout Scenario) throws -> [ScenarioOverride] {
    var applied: [ScenarioOverride] = []
    func note(_ flag: String, _ text: String?) {
      if let text { applied.append(ScenarioOverride(flag, text)) }
    }
    if let model {
      scenario.modelID = try Parse.identifier(model, "model id")
      note("--model", model)
    }
    if let gpu {
      scenario.gpuID = try Parse.identifier(gpu, "GPU id")
      note("--gpu", gpu)
    }
    if let value = try Parse.precision(precision) {
      scenario.precision = value
      note("--precision", precision)
    }
    if let method {
      scenario.method = method
      note("--method", method.rawValue)
    }
    func set(
      _ path: WritableKeyPath<Scenario, Double?>, _ text: String?, _ flag: String,
      _ kind: QuantityKind, _ range: QuantityRange = .positive
    ) throws {
      if let value = try Parse.quantity(text, flag, as: kind, range: range) {
        scenario[keyPath: path] = value
        note(flag, text)
      }
    }
    func set(
      _ path: WritableKeyPath<Scenario, Double>, _ text: String?, _ flag: String,
      _ kind: QuantityKind, _ range: QuantityRange = .positive
    ) throws {
      if let value = try Parse.quantity(text, flag, as: kind, range: range) {
        scenario[keyPath: path] = value
        note(flag, text)
      }
    }
    try set(\.tokensPerRequest, tokens, "--tokens", .count)
    try set(\.dailyActiveUsers, dau, "--dau", .count)
    try set(\.requestsPerUserPerDay, requestsPerUser, "--requests-per-user", .count)
    try set(\.requestBytes, requestSize, "--request-size", .bytes, .nonNegative)
    try set(\.responseBytes, responseSize, "--response-size", .bytes, .nonNegative)
    try set(\.profileBytes, profileSize, "--profile-size", .bytes, .nonNegative)
    try set(\.profileUsers, users, "--users", .count, .nonNegative)
    try set(
      \.interactionsPerUserPerDay, interactionsPerUser, "--interactions-per-user", .count,
      .nonNegative)
    try set(\.interactionBytes, interactionSize, "--interaction-size", .bytes, .nonNegative)
    try set(\.indexRatio, indexRatio, "--index-ratio", .ratio, .nonNegative)
    if let days = try Parse.quantity(daysPerMonth, "--days-per-month", as: .count) {
      guard days <= 31 else {
        throw CLIError.usage(
          "value '\(daysPerMonth ?? "")' for --days-per-month is out of range: at most 31")
      }
      scenario.daysPerMonth = days
      note("--days-per-month", daysPerMonth)
    }
    if scenario.indexRatio > 100 {
      throw CLIError.usage(
        "value '\(indexRatio ?? "")' for --index-ratio is out of range: at most 10000%")
    }
    try set(\.inputTokens, inputTokens, "--input-tokens", .count)
    try set(\.outputTokens, outputTokens, "--output-tokens", .count)
    if let value = try Parse.whole(batch, "--batch") {
      scenario.batch = value
      note("--batch", batch)
    }
    try set(\.contextTokens, context, "--context", .count)
    try set(
      \.bandwidthEfficiency, bandwidthEfficiency, "--bandwidth-efficiency", .ratio,
      .fractionAboveZero)
    try set(
      \.computeEfficiency, computeEfficiency, "--compute-efficiency", .ratio, .fractionAboveZero)
    if let value = try Parse.quantity(peakFactor, "--peak-factor", as: .count) {
      guard value >= 1 else {
        throw CLIError.usage(
          "value '\(peakFactor ?? "")' for --peak-factor is out of range: at least 1 (peak ≥ average)"
        )
      }
      scenario.peakFactor = value
      note("--peak-factor", peakFactor)
    }
    try set(
      \.targetUtilization, targetUtilization, "--target-utilization", .ratio, .fractionAboveZero)
    try set(\.gpuPricePerHour, gpuPrice, "--gpu-price", .money, .nonNegative)
    try set(\.storagePricePerTBMonth, storagePrice, "--storage-price", .money, .nonNegative)
    try set(\.egressPricePerGB, egressPrice, "--egress-price", .money, .nonNegative)
    if let currency {
      let code = currency.uppercased()
      guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
        throw CLIError.usage("invalid value '\(currency)' for --currency: expected a code like USD")
      }
      scenario.currency = code
      note("--currency", currency)
    }
    return applied
  }
}

extension EstimationMethod: ExpressibleByArgument {}

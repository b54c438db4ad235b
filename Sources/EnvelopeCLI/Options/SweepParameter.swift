import EnvelopeCore

/// A scenario input a sweep can vary, named as its flag without dashes.
struct SweepParameter: Sendable {
  enum Kind: Sendable {
    case quantity(QuantityKind, QuantityRange)
    case wholeNumber
    case gpu, model, precision, method
  }

  var name: String
  var kind: Kind
  var apply: @Sendable (inout Scenario, SweepAxis.Value) -> Void

  static func number(
    _ name: String, _ kind: QuantityKind, _ path: WritableKeyPath<Scenario, Double> & Sendable,
    _ range: QuantityRange = .positive
  ) -> SweepParameter {
    SweepParameter(name: name, kind: .quantity(kind, range)) { scenario, value in
      if case .number(let number) = value { scenario[keyPath: path] = number }
    }
  }

  static func optional(
    _ name: String, _ kind: QuantityKind, _ path: WritableKeyPath<Scenario, Double?> & Sendable,
    _ range: QuantityRange = .positive
  ) -> SweepParameter {
    SweepParameter(name: name, kind: .quantity(kind, range)) { scenario, value in
      if case .number(let number) = value { scenario[keyPath: path] = number }
    }
  }

  static func whole(_ name: String, _ path: WritableKeyPath<Scenario, Int?> & Sendable)
    -> SweepParameter
  {
    SweepParameter(name: name, kind: .wholeNumber) { scenario, value in
      if case .number(let number) = value { scenario[keyPath: path] = Int(number) }
    }
  }

  /// Every input a sweep can vary.
  static let all: [SweepParameter] = [
    optional("tokens", .count, \.tokensPerRequest),
    number("dau", .count, \.dailyActiveUsers),
    number("requests-per-user", .count, \.requestsPerUserPerDay),
    number("request-size", .bytes, \.requestBytes, .nonNegative),
    number("response-size", .bytes, \.responseBytes, .nonNegative),
    number("profile-size", .bytes, \.profileBytes, .nonNegative),
    optional("users", .count, \.profileUsers, .nonNegative),
    optional("interactions-per-user", .count, \.interactionsPerUserPerDay, .nonNegative),
    number("interaction-size", .bytes, \.interactionBytes, .nonNegative),
    number("index-ratio", .ratio, \.indexRatio, .nonNegative),
    optional("input-tokens", .count, \.inputTokens),
    optional("output-tokens", .count, \.outputTokens),
    optional("context", .count, \.contextTokens),
    optional("bandwidth-efficiency", .ratio, \.bandwidthEfficiency, .fractionAboveZero),
    optional("compute-efficiency", .ratio, \.computeEfficiency, .fractionAboveZero),
    optional("prefill-efficiency", .ratio, \.prefillEfficiency, .fractionAboveZero),
    optional(
      "communication-efficiency", .ratio, \.communicationEfficiency, .fractionAboveZero),
    optional(
      "gpu-memory-utilization", .ratio, \.gpuMemoryUtilization, .fractionAboveZero),
    optional("max-ttft", .seconds, \.maxTTFTSeconds),
    optional("max-tpot", .seconds, \.maxTPOTSeconds),
    optional("target-utilization", .ratio, \.targetUtilization, .fractionAboveZero),
    optional("peak-factor", .count, \.peakFactor),
    optional("gpu-price", .money, \.gpuPricePerHour, .nonNegative),
    optional("storage-price", .money, \.storagePricePerTBMonth, .nonNegative),
    optional("egress-price", .money, \.egressPricePerGB, .nonNegative),
    whole("batch", \.batch),
    whole("max-batch", \.maxBatch),
    whole("tensor-parallel", \.tensorParallel),
    SweepParameter(name: "kv-precision", kind: .precision) { scenario, value in
      if case .text(let name) = value, let precision = Precision(rawValue: name) {
        scenario.kvPrecision = precision
      }
    },
    SweepParameter(name: "gpu", kind: .gpu) { scenario, value in
      if case .text(let id) = value { scenario.gpuID = id }
    },
    SweepParameter(name: "model", kind: .model) { scenario, value in
      if case .text(let id) = value { scenario.modelID = id }
    },
    SweepParameter(name: "precision", kind: .precision) { scenario, value in
      if case .text(let name) = value, let precision = Precision(rawValue: name) {
        scenario.precision = precision
      }
    },
    SweepParameter(name: "method", kind: .method) { scenario, value in
      if case .text(let name) = value, let method = EstimationMethod(rawValue: name) {
        scenario.method = method
      }
    },
  ]

  /// Reads `--vary NAME=VALUES` into an axis.
  ///
  /// - Parameter text: `dau=1M,2M`, `dau=1M..100M:+1M`, `dau=10M..1B:x2`, `gpu=a100-80gb,l4`.
  /// - Returns: The input varied and its axis.
  /// - Throws: ``Refusal`` naming what is wrong.
  static func axis(_ text: String) throws -> (SweepParameter, SweepAxis) {
    guard let equals = text.firstIndex(of: "=") else {
      throw Refusal("expected NAME=VALUES, like dau=1M,2M,5M")
    }
    let name = String(text[..<equals])
    let values = String(text[text.index(after: equals)...])
    guard let parameter = all.first(where: { $0.name == name }) else {
      let names = all.map(\.name)
      let hint = Suggestions.closest(to: name, in: names).map { "'\($0)'" }
      let help: String =
        hint.isEmpty
        ? "the inputs are " + names.joined(separator: ", ")
        : "did you mean " + hint.joined(separator: " or ") + "?"
      throw Refusal("cannot vary '\(name)'; \(help)")
    }
    guard !values.isEmpty else { throw Refusal("no values after '\(name)='") }
    do {
      if values.contains("..") {
        return (parameter, try range(values, parameter: parameter))
      }
      let items = values.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      return (
        parameter,
        SweepAxis(name: name, values: .list(try items.map { try value($0, parameter) }))
      )
    } catch let error as EngineError {
      throw Refusal(error.description)
    }
  }

  static func range(_ text: String, parameter: SweepParameter) throws -> SweepAxis {
    let name = parameter.name
    let kind: QuantityKind
    switch parameter.kind {
    case .quantity(let quantityKind, _): kind = quantityKind
    case .wholeNumber: kind = .count
    case .gpu, .model, .precision, .method:
      throw Refusal("\(name) takes a list like a,b,c, not a range")
    }
    func bound(_ text: String) throws -> Double {
      guard case .number(let number) = try value(text, parameter) else { return 0 }
      return number
    }
    let parts = text.components(separatedBy: "..")
    guard parts.count == 2, let colon = parts[1].lastIndex(of: ":") else {
      throw Refusal(
        "invalid range '\(text)': expected START..END:+STEP or START..END:xFACTOR")
    }
    let endText = String(parts[1][..<colon])
    let stepText = String(parts[1][parts[1].index(after: colon)...])
    let start = try bound(parts[0])
    let end = try bound(endText)
    if stepText.hasPrefix("+") {
      let step = try Quantity.parse(
        String(stepText.dropFirst()), as: kind, field: name, range: .positive)
      if case .wholeNumber = parameter.kind, step.rounded() != step {
        throw Refusal("the step of \(name) must be a whole number")
      }
      return try SweepAxis.linear(name: name, start: start, end: end, step: step, text: text)
    }
    if stepText.hasPrefix("x") || stepText.hasPrefix("*") || stepText.hasPrefix("×") {
      let factor = try Quantity.parse(
        String(stepText.dropFirst()), as: .count, field: name, range: .positive)
      let axis = try SweepAxis.geometric(
        name: name, start: start, end: end, factor: factor, text: text)
      if case .wholeNumber = parameter.kind {
        for index in 0..<axis.count {
          if case .number(let value) = axis.value(at: index), value.rounded() != value {
            throw Refusal("\(name) takes whole numbers; \(value) is not one")
          }
        }
      }
      return axis
    }
    throw Refusal(
      "invalid range '\(text)': the step must start with + (linear) or x (geometric)")
  }

  static func value(_ text: String, _ parameter: SweepParameter) throws -> SweepAxis.Value {
    let name = parameter.name
    func item<Item>(_ id: CatalogueID<Item>.Type) throws -> String {
      do {
        return try id.read(text)
      } catch {
        throw Refusal("'\(text)': \(Refusal(error))")
      }
    }
    switch parameter.kind {
    case .quantity(let kind, let range):
      return .number(try Quantity.parse(text, as: kind, field: name, range: range))
    case .wholeNumber:
      return .number(Double(try Quantity.parseWholeNumber(text, field: name)))
    case .gpu: return .text(try item(CatalogueID<GPUProfile>.self))
    case .model: return .text(try item(CatalogueID<ModelProfile>.self))
    case .precision: return .text(try Precision.parse(text, field: name).rawValue)
    case .method:
      guard let method = EstimationMethod(rawValue: text) else {
        throw Refusal("invalid value '\(text)' for \(name): expected seed or roofline")
      }
      return .text(method.rawValue)
    }
  }

  /// The value as typed back, for the entry's overrides: base units for numbers.
  static func text(_ value: SweepAxis.Value) -> String {
    switch value {
    case .number(let number): return JSONValue.number(number).serialized()
    case .text(let text): return text
    }
  }
}

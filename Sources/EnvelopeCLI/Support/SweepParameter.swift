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
    optional("target-utilization", .ratio, \.targetUtilization, .fractionAboveZero),
    optional("peak-factor", .count, \.peakFactor),
    optional("gpu-price", .money, \.gpuPricePerHour, .nonNegative),
    optional("storage-price", .money, \.storagePricePerTBMonth, .nonNegative),
    optional("egress-price", .money, \.egressPricePerGB, .nonNegative),
    SweepParameter(name: "batch", kind: .wholeNumber) { scenario, value in
      if case .number(let number) = value { scenario.batch = Int(number) }
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
  /// - Throws: ``CLIError/usage(_:)`` naming what is wrong.
  static func axis(_ text: String) throws -> (SweepParameter, SweepAxis) {
    guard let equals = text.firstIndex(of: "=") else {
      throw CLIError.usage("invalid --vary '\(text)': expected NAME=VALUES, like dau=1M,2M,5M")
    }
    let name = String(text[..<equals])
    let values = String(text[text.index(after: equals)...])
    guard let parameter = all.first(where: { $0.name == name }) else {
      let hint = Suggestions.closest(to: name, in: all.map(\.name))
      throw CLIError.usage(
        "cannot vary '\(name)'"
          + (hint.isEmpty
            ? "; the inputs are " + all.map(\.name).joined(separator: ", ")
            : "; did you mean " + hint.map { "'\($0)'" }.joined(separator: " or ") + "?"))
    }
    let flag = "--vary \(name)"
    guard !values.isEmpty else { throw CLIError.usage("--vary \(name)= needs values") }
    do {
      if values.contains("..") {
        return (parameter, try range(values, parameter: parameter, flag: flag))
      }
      let items = values.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      return (
        parameter,
        SweepAxis(name: name, values: .list(try items.map { try value($0, parameter, flag) }))
      )
    } catch let error as EngineError {
      throw CLIError.usage(error.description)
    }
  }

  static func range(_ text: String, parameter: SweepParameter, flag: String) throws -> SweepAxis {
    let quantity: (QuantityKind, QuantityRange)
    switch parameter.kind {
    case .quantity(let kind, let range): quantity = (kind, range)
    case .wholeNumber: quantity = (.count, .positiveWholeNumber)
    case .gpu, .model, .precision, .method:
      throw CLIError.usage("\(flag) takes a list like a,b,c, not a range")
    }
    let parts = text.components(separatedBy: "..")
    guard parts.count == 2, let colon = parts[1].lastIndex(of: ":") else {
      throw CLIError.usage(
        "invalid range '\(text)' for \(flag): expected START..END:+STEP or START..END:xFACTOR")
    }
    let endText = String(parts[1][..<colon])
    let stepText = String(parts[1][parts[1].index(after: colon)...])
    let start = try Quantity.parse(parts[0], as: quantity.0, field: flag, range: quantity.1)
    let end = try Quantity.parse(endText, as: quantity.0, field: flag, range: quantity.1)
    if stepText.hasPrefix("+") {
      let step = try Quantity.parse(
        String(stepText.dropFirst()), as: quantity.0, field: flag, range: .positive)
      if case .wholeNumber = parameter.kind, step.rounded() != step {
        throw CLIError.usage("the step of \(flag) must be a whole number")
      }
      return try SweepAxis.linear(
        name: parameter.name, start: start, end: end, step: step, text: text)
    }
    if stepText.hasPrefix("x") || stepText.hasPrefix("*") || stepText.hasPrefix("×") {
      let factor = try Quantity.parse(
        String(stepText.dropFirst()), as: .count, field: flag, range: .positive)
      let axis = try SweepAxis.geometric(
        name: parameter.name, start: start, end: end, factor: factor, text: text)
      if case .wholeNumber = parameter.kind {
        for index in 0..<axis.count {
          if case .number(let value) = axis.value(at: index), value.rounded() != value {
            throw CLIError.usage("\(flag) takes whole numbers; \(value) is not one")
          }
        }
      }
      return axis
    }
    throw CLIError.usage(
      "invalid range '\(text)' for \(flag): the step must start with + (linear) or x (geometric)")
  }

  static func value(_ text: String, _ parameter: SweepParameter, _ flag: String) throws
    -> SweepAxis.Value
  {
    switch parameter.kind {
    case .quantity(let kind, let range):
      return .number(try Quantity.parse(text, as: kind, field: flag, range: range))
    case .wholeNumber:
      return .number(try Quantity.parse(text, as: .count, field: flag, range: .positiveWholeNumber))
    case .gpu, .model:
      return .text(try Parse.identifier(text, parameter.name == "gpu" ? "GPU id" : "model id"))
    case .precision: return .text(try Precision.parse(text, field: flag).rawValue)
    case .method:
      guard let method = EstimationMethod(rawValue: text) else {
        throw CLIError.usage("invalid value '\(text)' for \(flag): expected seed or roofline")
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

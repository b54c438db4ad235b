import EnvelopeCore

/// A GPU as `envelope gpu export` writes it and `import` reads it: snake_case keys, base units.
struct GPUDocument: Codable, Equatable {
  var id: String
  var name: String
  var vendor: String?
  var fp64Flops: Double?
  var fp32Flops: Double?
  var tf32Flops: Double?
  var fp16Flops: Double?
  var bf16Flops: Double?
  var fp8Flops: Double?
  var int8Ops: Double?
  var memoryBytes: Double?
  var memoryBandwidthBytesPerSecond: Double?
  var tdpWatts: Double?
  var pricePerHour: Double?
  var source: String?
  var notes: String?

  enum CodingKeys: String, CodingKey {
    case id, name, vendor, source, notes
    case fp64Flops = "fp64_flops"
    case fp32Flops = "fp32_flops"
    case tf32Flops = "tf32_flops"
    case fp16Flops = "fp16_flops"
    case bf16Flops = "bf16_flops"
    case fp8Flops = "fp8_flops"
    case int8Ops = "int8_ops"
    case memoryBytes = "memory_bytes"
    case memoryBandwidthBytesPerSecond = "memory_bandwidth_bytes_per_second"
    case tdpWatts = "tdp_watts"
    case pricePerHour = "price_per_hour"
  }

  init(_ gpu: GPUProfile) {
    id = gpu.id
    name = gpu.name
    vendor = gpu.vendor
    fp64Flops = gpu.peakFLOPS[.fp64]
    fp32Flops = gpu.peakFLOPS[.fp32]
    tf32Flops = gpu.peakFLOPS[.tf32]
    fp16Flops = gpu.peakFLOPS[.fp16]
    bf16Flops = gpu.peakFLOPS[.bf16]
    fp8Flops = gpu.peakFLOPS[.fp8]
    int8Ops = gpu.peakFLOPS[.int8]
    memoryBytes = gpu.memoryBytes
    memoryBandwidthBytesPerSecond = gpu.memoryBandwidthBytesPerSecond
    tdpWatts = gpu.tdpWatts
    pricePerHour = gpu.pricePerHour
    source = gpu.source
    notes = gpu.notes
  }

  /// The profile, each value checked as if it had been typed as a flag.
  func profile() throws -> GPUProfile {
    _ = try Parse.identifier(id, "GPU id")
    var peaks: [Precision: Double] = [:]
    let values: [(Precision, Double?)] = [
      (.fp64, fp64Flops), (.fp32, fp32Flops), (.tf32, tf32Flops), (.fp16, fp16Flops),
      (.bf16, bf16Flops), (.fp8, fp8Flops), (.int8, int8Ops),
    ]
    for case (let precision, let value?) in values {
      try check(value, "\(precision.rawValue)_flops")
      peaks[precision] = value
    }
    try memoryBytes.map { try check($0, "memory_bytes") }
    try memoryBandwidthBytesPerSecond.map { try check($0, "memory_bandwidth_bytes_per_second") }
    try tdpWatts.map { try check($0, "tdp_watts") }
    try pricePerHour.map { try check($0, "price_per_hour", range: .nonNegative) }
    guard !name.isEmpty else { throw CLIError.usage("GPU '\(id)' needs a name") }
    return GPUProfile(
      id: id, name: name, vendor: vendor ?? "", peakFLOPS: peaks, memoryBytes: memoryBytes,
      memoryBandwidthBytesPerSecond: memoryBandwidthBytesPerSecond, tdpWatts: tdpWatts,
      pricePerHour: pricePerHour, source: source ?? "", notes: notes ?? "")
  }
}

/// A model as `envelope model export` writes it and `import` reads it.
struct ModelDocument: Codable, Equatable {
  var id: String
  var name: String
  var family: String?
  var kind: String?
  var parameters: Double
  var activeParameters: Double?
  var architectureConstant: Double?
  var layers: Int?
  var hiddenSize: Int?
  var ffnSize: Int?
  var attentionHeads: Int?
  var kvHeads: Int?
  var headDim: Int?
  var vocabSize: Int?
  var contextLength: Int?
  var source: String?
  var notes: String?

  enum CodingKeys: String, CodingKey {
    case id, name, family, kind, parameters, layers, source, notes
    case activeParameters = "active_parameters"
    case architectureConstant = "architecture_constant"
    case hiddenSize = "hidden_size"
    case ffnSize = "ffn_size"
    case vocabSize = "vocab_size"
    case attentionHeads = "attention_heads"
    case kvHeads = "kv_heads"
    case headDim = "head_dim"
    case contextLength = "context_length"
  }

  init(_ model: ModelProfile) {
    id = model.id
    name = model.name
    family = model.family
    kind = model.kind
    parameters = model.parameters
    activeParameters = model.activeParameters
    architectureConstant = model.architectureConstant
    layers = model.layers
    hiddenSize = model.hiddenSize
    ffnSize = model.ffnSize
    attentionHeads = model.attentionHeads
    kvHeads = model.kvHeads
    headDim = model.headDim
    vocabSize = model.vocabSize
    contextLength = model.contextLength
    source = model.source
    notes = model.notes
  }

  /// The profile, each value checked as if it had been typed as a flag.
  func profile() throws -> ModelProfile {
    _ = try Parse.identifier(id, "model id")
    guard !name.isEmpty else { throw CLIError.usage("model '\(id)' needs a name") }
    try check(parameters, "parameters", range: .positiveWholeNumber)
    try activeParameters.map { try check($0, "active_parameters", range: .positiveWholeNumber) }
    if let activeParameters, activeParameters > parameters {
      throw CLIError.usage(
        "active_parameters of model '\(id)' exceed its parameters; use the total as parameters")
    }
    try architectureConstant.map { try check($0, "architecture_constant") }
    for (field, value) in [
      ("layers", layers), ("hidden_size", hiddenSize), ("ffn_size", ffnSize),
      ("attention_heads", attentionHeads), ("kv_heads", kvHeads), ("head_dim", headDim),
      ("vocab_size", vocabSize), ("context_length", contextLength),
    ] {
      if let value, value < 1 {
        throw CLIError.usage("invalid value '\(value)' for \(field): must be at least 1")
      }
    }
    if let kvHeads, let attentionHeads, kvHeads > attentionHeads {
      throw CLIError.usage(
        "kv_heads (\(kvHeads)) of model '\(id)' exceed its attention_heads (\(attentionHeads))")
    }
    return ModelProfile(
      id: id, name: name, family: family ?? "", kind: kind ?? "text", parameters: parameters,
      activeParameters: activeParameters, architectureConstant: architectureConstant ?? 1,
      layers: layers, hiddenSize: hiddenSize, ffnSize: ffnSize, attentionHeads: attentionHeads,
      kvHeads: kvHeads, headDim: headDim, vocabSize: vocabSize, contextLength: contextLength,
      source: source ?? "", notes: notes ?? "")
  }
}

/// Checks a value read from a file as strictly as a flag.
private func check(_ value: Double, _ field: String, range: QuantityRange = .positive) throws {
  do {
    try Quantity.check(
      value, text: HumanFormat.significant(value, digits: 6), field: field, range: range)
  } catch let error as EngineError {
    throw CLIError.usage(error.description)
  }
}

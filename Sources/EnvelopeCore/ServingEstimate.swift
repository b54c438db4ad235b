/// A deployment sized by the seed method: compute, load, storage and network figures.
public struct ServingEstimate: Sendable, Equatable {
  public var inputs: ServingInputs
  /// FLOP one request costs.
  public var inferenceFLOPs: Double
  /// Seconds one GPU takes per request.
  public var inferenceSeconds: Double
  /// Requests one GPU serves per second.
  public var queriesPerSecondPerGPU: Double
  /// Requests per second over the day (TRPS).
  public var requestsPerSecond: Double
  /// Whole GPUs to serve TRPS.
  public var gpusRequired: Int
  public var modelStorageBytes: Double
  public var userDataBytes: Double
  public var interactionBytesPerDay: Double
  public var indexBytesPerDay: Double
  public var storageBytesPerDay: Double
  public var storageBytesPerMonth: Double
  public var ingressBytesPerSecond: Double
  public var egressBytesPerSecond: Double

  /// Sizes a deployment with the seed's formulas.
  ///
  /// - Parameter inputs: The deployment's inputs.
  /// - Throws: ``EngineError`` when an input is out of range or a figure cannot be represented.
  public init(seed inputs: ServingInputs) throws {
    try inputs.validate()
    self.inputs = inputs
    inferenceFLOPs = SeedMethod.inferenceFLOPs(
      parameters: inputs.parameters, architectureConstant: inputs.architectureConstant)
    inferenceSeconds = SeedMethod.inferenceSeconds(
      parameters: inputs.parameters, architectureConstant: inputs.architectureConstant,
      peakFLOPS: inputs.peakFLOPS)
    queriesPerSecondPerGPU = SeedMethod.queriesPerSecondPerGPU(inferenceSeconds: inferenceSeconds)
    requestsPerSecond = SeedMethod.requestsPerSecond(
      users: inputs.dailyActiveUsers, requestsPerUserPerDay: inputs.requestsPerUserPerDay)
    gpusRequired = try SeedMethod.gpusRequired(
      requestsPerSecond: requestsPerSecond, queriesPerSecondPerGPU: queriesPerSecondPerGPU)
    modelStorageBytes = SeedMethod.modelStorageBytes(
      parameters: inputs.parameters, bytesPerParameter: inputs.precision.bytesPerParameter)
    userDataBytes = SeedMethod.userDataBytes(
      users: inputs.resolvedProfileUsers, bytesPerUser: inputs.profileBytes)
    interactionBytesPerDay = SeedMethod.interactionBytesPerDay(
      dailyActiveUsers: inputs.dailyActiveUsers,
      interactionsPerUserPerDay: inputs.resolvedInteractionsPerUserPerDay,
      bytesPerInteraction: inputs.interactionBytes)
    indexBytesPerDay = SeedMethod.indexBytesPerDay(
      interactionBytesPerDay: interactionBytesPerDay, indexRatio: inputs.indexRatio)
    storageBytesPerDay = SeedMethod.storageBytesPerDay(
      interactionBytesPerDay: interactionBytesPerDay, indexBytesPerDay: indexBytesPerDay)
    storageBytesPerMonth = SeedMethod.storageBytesPerMonth(
      storageBytesPerDay: storageBytesPerDay, daysPerMonth: inputs.daysPerMonth)
    ingressBytesPerSecond = SeedMethod.ingressBytesPerSecond(
      requestsPerSecond: requestsPerSecond, requestBytes: inputs.requestBytes)
    egressBytesPerSecond = SeedMethod.egressBytesPerSecond(
      requestsPerSecond: requestsPerSecond, responseBytes: inputs.responseBytes)
    for figure in figures {
      if let number = figure.value.number, !number.isFinite || abs(number) > 1e300 {
        throw EngineError.resultOutOfRange(
          figure: figure.key, reason: "the inputs give a result too large to represent")
      }
    }
  }

  /// The figures in report order, keyed as in JSON output and the ledger.
  public var figures: [Figure] {
    [
      Figure(.inferenceFLOPs, inferenceFLOPs),
      Figure(.inferenceSeconds, inferenceSeconds),
      Figure(.queriesPerSecondPerGPU, queriesPerSecondPerGPU),
      Figure(.requestsPerSecond, requestsPerSecond),
      Figure(.gpusRequired, .integer(gpusRequired)),
      Figure(.modelStorageBytes, modelStorageBytes),
      Figure(.userDataBytes, userDataBytes),
      Figure(.interactionBytesPerDay, interactionBytesPerDay),
      Figure(.indexBytesPerDay, indexBytesPerDay),
      Figure(.storageBytesPerDay, storageBytesPerDay),
      Figure(.storageBytesPerMonth, storageBytesPerMonth),
      Figure(.ingressBytesPerSecond, ingressBytesPerSecond),
      Figure(
        .ingressBitsPerSecond, SeedMethod.bitsPerSecond(bytesPerSecond: ingressBytesPerSecond)),
      Figure(.egressBytesPerSecond, egressBytesPerSecond),
      Figure(.egressBitsPerSecond, SeedMethod.bitsPerSecond(bytesPerSecond: egressBytesPerSecond)),
    ]
  }

  /// Each formula with the numbers of this estimate substituted, as the seed writes them out.
  public var derivations: [Derivation] {
    let n = HumanFormat.number
    let i = inputs
    return [
      Derivation(
        .modelStorageBytes,
        formula: "Model storage = parameters × bytes per parameter",
        working:
          "\(n(i.parameters, 2)) × \(n(i.precision.bytesPerParameter, 2)) B (\(i.precision.rawValue))"
          + " = \(HumanFormat.bytes(modelStorageBytes))"),
      Derivation(
        .userDataBytes, formula: "User data = users × bytes per user",
        working:
          "\(n(i.resolvedProfileUsers, 2)) × \(HumanFormat.bytes(i.profileBytes))"
          + " = \(HumanFormat.bytes(userDataBytes))"),
      Derivation(
        .interactionBytesPerDay,
        formula: "Interaction data = DAU × interactions per user per day × bytes per interaction",
        working:
          "\(n(i.dailyActiveUsers, 2)) × \(n(i.resolvedInteractionsPerUserPerDay, 2))"
          + " × \(HumanFormat.bytes(i.interactionBytes))"
          + " = \(HumanFormat.bytes(interactionBytesPerDay)) per day"),
      Derivation(
        .indexBytesPerDay, formula: "Indexing = interaction data × index ratio",
        working:
          "\(HumanFormat.bytes(interactionBytesPerDay)) × \(n(i.indexRatio, 4))"
          + " = \(HumanFormat.bytes(indexBytesPerDay)) per day"),
      Derivation(
        .storageBytesPerDay, formula: "Storage per day = interaction data + indexing",
        working:
          "\(HumanFormat.bytes(interactionBytesPerDay)) + \(HumanFormat.bytes(indexBytesPerDay))"
          + " = \(HumanFormat.bytes(storageBytesPerDay)) per day"),
      Derivation(
        .storageBytesPerMonth,
        formula: "Storage per month = storage per day × days per month",
        working:
          "\(HumanFormat.bytes(storageBytesPerDay)) × \(n(i.daysPerMonth, 2))"
          + " = \(HumanFormat.bytes(storageBytesPerMonth)) per month"),
      Derivation(
        .requestsPerSecond, formula: "TRPS = (users × requests per user per day) ÷ 86,400 s",
        working:
          "(\(n(i.dailyActiveUsers, 2)) × \(n(i.requestsPerUserPerDay, 2))) ÷ 86,400"
          + " = \(n(requestsPerSecond, 2)) requests/s"),
      Derivation(
        .inferenceSeconds,
        formula: "T_inference = (parameters × 2 × C) ÷ peak FLOP/s",
        working:
          "(\(n(i.parameters, 2)) × 2 × \(n(i.architectureConstant, 2)))"
          + " ÷ \(HumanFormat.flopsPerSecond(i.peakFLOPS))"
          + " = \(HumanFormat.flops(inferenceFLOPs)) ÷ \(HumanFormat.flopsPerSecond(i.peakFLOPS))"
          + " = \(HumanFormat.seconds(inferenceSeconds))"),
      Derivation(
        .queriesPerSecondPerGPU, formula: "QPS = 1 ÷ T_inference",
        working:
          "1 ÷ \(HumanFormat.significant(inferenceSeconds, digits: 6)) s"
          + " = \(n(queriesPerSecondPerGPU, 2)) requests/s per GPU"),
      Derivation(
        .gpusRequired, formula: "GPUs = ⌈TRPS ÷ QPS⌉",
        working:
          "⌈\(n(requestsPerSecond, 2)) ÷ \(n(queriesPerSecondPerGPU, 2))⌉"
          + " = ⌈\(n(requestsPerSecond / queriesPerSecondPerGPU, 2))⌉ = \(gpusRequired) GPUs"),
      Derivation(
        .ingressBytesPerSecond, formula: "Ingress = TRPS × request size (× 8 for bits)",
        working:
          "\(n(requestsPerSecond, 2)) × \(HumanFormat.bytes(i.requestBytes))"
          + " = \(HumanFormat.bytesPerSecond(ingressBytesPerSecond))"
          + " = \(HumanFormat.bitsPerSecond(ingressBytesPerSecond * 8))"),
      Derivation(
        .egressBytesPerSecond, formula: "Egress = TRPS × response size (× 8 for bits)",
        working:
          "\(n(requestsPerSecond, 2)) × \(HumanFormat.bytes(i.responseBytes))"
          + " = \(HumanFormat.bytesPerSecond(egressBytesPerSecond))"
          + " = \(HumanFormat.bitsPerSecond(egressBytesPerSecond * 8))"),
    ]
  }
}

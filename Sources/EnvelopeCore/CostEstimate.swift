/// What a serving fleet costs a month, or a training run in total, from any method's figures.
public struct CostEstimate: Sendable, Equatable {
  public var inputs: CostInputs
  /// The price per GPU-hour used: the given one, else the catalogue's; `nil` when neither
  /// exists and none was needed.
  public var gpuPricePerHour: Double?
  /// GPUs in the serving fleet; `nil` for a training-only estimate.
  public var gpus: Int?
  /// Average bytes per second sent out.
  public var egressBytesPerSecond: Double
  /// Bytes stored from the start.
  public var initialStorageBytes: Double
  /// Bytes added to storage each month.
  public var storageBytesPerMonth: Double
  /// GPU-hours of a training run; `nil` when none is priced.
  public var trainingGPUHours: Double?
  /// GPU cost per month, when serving GPUs are given.
  public var monthlyGPUCost: Double?
  /// Egress cost per month, when serving GPUs are given.
  public var monthlyEgressCost: Double?
  /// Storage cost of the first month, when serving GPUs are given.
  public var monthlyStorageCost: Double?
  /// GPU + egress + first month's storage, when serving GPUs are given.
  public var monthlyCost: Double?
  /// Cost of the training run's GPU-hours, when given.
  public var trainingCost: Double?

  /// Prices a serving fleet, a training run, or both.
  ///
  /// - Parameters:
  ///   - inputs: Prices and the month's length.
  ///   - cataloguePricePerHour: The catalogue's price for the GPU, used when the inputs give
  ///     none.
  ///   - gpus: GPUs in the serving fleet; `nil` prices no serving.
  ///   - egressBytesPerSecond: Average bytes per second sent out.
  ///   - storageBytesPerMonth: Bytes added to storage each month.
  ///   - initialStorageBytes: Bytes stored from the start (weights, profiles).
  ///   - trainingGPUHours: GPU-hours of a training run; `nil` prices no training.
  /// - Throws: ``EngineError`` when an input is out of range, GPUs or GPU-hours are given but
  ///   no GPU price is known, or a figure cannot be represented.
  public init(
    inputs: CostInputs, cataloguePricePerHour: Double?, gpus: Int? = nil,
    egressBytesPerSecond: Double = 0, storageBytesPerMonth: Double = 0,
    initialStorageBytes: Double = 0, trainingGPUHours: Double? = nil
  ) throws {
    try inputs.validate()
    let checks: [(String, Double?)] = [
      ("gpus", gpus.map(Double.init)),
      ("egress_bytes_per_second", egressBytesPerSecond),
      ("storage_bytes_per_month", storageBytesPerMonth),
      ("initial_storage_bytes", initialStorageBytes),
      ("gpu_hours", trainingGPUHours),
      ("catalogue_gpu_price_per_hour", cataloguePricePerHour),
    ]
    for (field, value) in checks {
      guard let value else { continue }
      try Quantity.check(
        value, text: HumanFormat.significant(value), field: field, range: .nonNegative)
    }
    self.inputs = inputs
    self.gpus = gpus
    self.egressBytesPerSecond = egressBytesPerSecond
    self.storageBytesPerMonth = storageBytesPerMonth
    self.initialStorageBytes = initialStorageBytes
    self.trainingGPUHours = trainingGPUHours
    gpuPricePerHour = inputs.gpuPricePerHour ?? cataloguePricePerHour
    let needsPrice = gpus != nil || trainingGPUHours != nil
    if needsPrice && gpuPricePerHour == nil {
      throw EngineError.outOfRange(
        field: "gpu_price_per_hour", value: "none",
        reason: "the catalogue has no price for this GPU; give a price per GPU-hour")
    }
    let price = gpuPricePerHour ?? 0
    if let gpus {
      let gpuCost = CostMethod.monthlyGPUCost(
        gpus: Double(gpus), pricePerGPUHour: price,
        hoursPerMonth: CostMethod.hoursPerMonth(daysPerMonth: inputs.daysPerMonth))
      let egressCost = CostMethod.monthlyEgressCost(
        egressBytesPerSecond: egressBytesPerSecond,
        secondsPerMonth: CostMethod.secondsPerMonth(daysPerMonth: inputs.daysPerMonth),
        pricePerGB: inputs.egressPricePerGB)
      let firstStorageCost = CostMethod.storageCost(
        storedBytes: CostMethod.storedBytes(
          month: 1, initialBytes: initialStorageBytes, bytesPerMonth: storageBytesPerMonth),
        pricePerTBMonth: inputs.storagePricePerTBMonth)
      monthlyGPUCost = gpuCost
      monthlyEgressCost = egressCost
      monthlyStorageCost = firstStorageCost
      monthlyCost = CostMethod.monthlyCost(
        gpuCost: gpuCost, egressCost: egressCost, storageCost: firstStorageCost)
    }
    trainingCost = trainingGPUHours.map {
      CostMethod.trainingCost(gpuHours: $0, pricePerGPUHour: price)
    }
    for figure in figures {
      if let number = figure.value.number, !number.isFinite || abs(number) > 1e300 {
        throw EngineError.resultOutOfRange(
          figure: figure.key, reason: "the inputs give a result too large to represent")
      }
    }
  }

  /// Storage cost of month `month` (1 for the first), storage growing each month.
  ///
  /// - Parameter month: Months since the start, from 1.
  /// - Returns: Money for that month.
  public func storageCost(month: Int) -> Double {
    CostMethod.storageCost(
      storedBytes: CostMethod.storedBytes(
        month: month, initialBytes: initialStorageBytes, bytesPerMonth: storageBytesPerMonth),
      pricePerTBMonth: inputs.storagePricePerTBMonth)
  }

  /// The figures in report order, keyed as in JSON output and the ledger.
  public var figures: [Figure] {
    var figures: [Figure] = []
    let priced: [(FigureDefinition, Double?)] = [
      (.monthlyGPUCost, monthlyGPUCost), (.monthlyEgressCost, monthlyEgressCost),
      (.monthlyStorageCost, monthlyStorageCost), (.monthlyCost, monthlyCost),
      (.trainingCost, trainingCost),
    ]
    for case (let definition, let value?) in priced {
      figures.append(Figure(definition, value))
    }
    figures.append(Figure(.currency, .text(inputs.currency)))
    return figures
  }

  /// Each formula with this estimate's numbers substituted.
  public var derivations: [Derivation] {
    let i = inputs
    let n = HumanFormat.number
    let c = i.currency
    let price = gpuPricePerHour ?? 0
    let priceSource = i.gpuPricePerHour != nil ? "given" : "catalogue"
    var derivations: [Derivation] = []
    if let gpus, let monthlyGPUCost, let monthlyEgressCost, let monthlyStorageCost,
      let monthlyCost
    {
      let hours = CostMethod.hoursPerMonth(daysPerMonth: i.daysPerMonth)
      let seconds = CostMethod.secondsPerMonth(daysPerMonth: i.daysPerMonth)
      let stored = CostMethod.storedBytes(
        month: 1, initialBytes: initialStorageBytes, bytesPerMonth: storageBytesPerMonth)
      derivations += [
        Derivation(
          .monthlyGPUCost,
          formula: "GPU cost = GPUs × price per GPU-hour × (days per month × 24 h)",
          working:
            "\(gpus) × \(n(price, 4)) \(c) (\(priceSource)) × (\(n(i.daysPerMonth, 2)) × 24"
            + " = \(n(hours, 2)) h) = \(n(monthlyGPUCost, 2)) \(c)"),
        Derivation(
          .monthlyEgressCost,
          formula:
            "egress cost = egress bytes/s × (days per month × 86,400 s) ÷ 10⁹ × price per GB",
          working:
            "\(HumanFormat.bytesPerSecond(egressBytesPerSecond)) × \(n(seconds, 0)) s ÷ 10⁹"
            + " × \(n(i.egressPricePerGB, 4)) \(c) = \(n(monthlyEgressCost, 2)) \(c)"),
        Derivation(
          .monthlyStorageCost,
          formula:
            "storage cost (month m) = (initial bytes + m × bytes per month) ÷ 10¹²"
            + " × price per TB-month",
          working:
            "(\(HumanFormat.bytes(initialStorageBytes)) + 1 ×"
            + " \(HumanFormat.bytes(storageBytesPerMonth)) = \(HumanFormat.bytes(stored)))"
            + " × \(n(i.storagePricePerTBMonth, 4)) \(c) per TB-month"
            + " = \(n(monthlyStorageCost, 2)) \(c)"),
        Derivation(
          .monthlyCost, formula: "monthly cost = GPU + egress + first month's storage",
          working:
            "\(n(monthlyGPUCost, 2)) + \(n(monthlyEgressCost, 2)) + \(n(monthlyStorageCost, 2))"
            + " = \(n(monthlyCost, 2)) \(c)"),
      ]
    }
    if let trainingGPUHours, let trainingCost {
      derivations.append(
        Derivation(
          .trainingCost, formula: "training cost = GPU-hours × price per GPU-hour",
          working:
            "\(n(trainingGPUHours, 2)) × \(n(price, 4)) \(c) (\(priceSource))"
            + " = \(n(trainingCost, 2)) \(c)"))
    }
    return derivations
  }
}

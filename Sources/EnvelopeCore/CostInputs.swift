/// Prices for turning GPUs, egress and storage into money; applies to every method.
///
/// The storage and egress defaults are list-price ballparks of one large cloud, to be
/// overridden with the prices actually paid.
public struct CostInputs: Sendable, Equatable, Codable {
  /// Price of one GPU for one hour; `nil` takes the catalogue's price for the GPU.
  public var gpuPricePerHour: Double?
  /// Price of storing 10^12 bytes for one month.
  public var storagePricePerTBMonth: Double
  /// Price of sending 10^9 bytes out to the internet.
  public var egressPricePerGB: Double
  /// ISO 4217 code every price is in, for the record: `USD`.
  public var currency: String
  /// Days in a month: GPU-hours per month are days × 24, egress seconds days × 86,400.
  public var daysPerMonth: Double

  public init(
    gpuPricePerHour: Double? = nil,
    storagePricePerTBMonth: Double = CostMethod.defaultStoragePricePerTBMonth,
    egressPricePerGB: Double = CostMethod.defaultEgressPricePerGB,
    currency: String = CostMethod.defaultCurrency,
    daysPerMonth: Double = ServingInputs.defaultDaysPerMonth
  ) {
    self.gpuPricePerHour = gpuPricePerHour
    self.storagePricePerTBMonth = storagePricePerTBMonth
    self.egressPricePerGB = egressPricePerGB
    self.currency = currency
    self.daysPerMonth = daysPerMonth
  }

  /// Checks every input against the range it must lie in.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` naming the first bad field.
  public func validate() throws {
    let checks: [(String, Double?, QuantityRange)] = [
      ("gpu_price_per_hour", gpuPricePerHour, .nonNegative),
      ("storage_price_per_tb_month", storagePricePerTBMonth, .nonNegative),
      ("egress_price_per_gb", egressPricePerGB, .nonNegative),
      ("days_per_month", daysPerMonth, .positive),
    ]
    for (field, value, range) in checks {
      guard let value else { continue }
      try Quantity.check(value, text: HumanFormat.significant(value), field: field, range: range)
    }
    if currency.trimmedWhitespace.isEmpty {
      throw EngineError.outOfRange(
        field: "currency", value: currency, reason: "must name a currency, like USD")
    }
  }

  enum CodingKeys: String, CodingKey {
    case currency
    case gpuPricePerHour = "gpu_price_per_hour"
    case storagePricePerTBMonth = "storage_price_per_tb_month"
    case egressPricePerGB = "egress_price_per_gb"
    case daysPerMonth = "days_per_month"
  }
}

import Testing

@testable import EnvelopeCore

/// Worked examples of the cost formulas, on the seed's deployment (112 GPUs, 115.74 MB/s of
/// egress, 75 TB of storage a month on top of 1 TB of profiles and 6 GB of weights).
struct CostMethodTests {
  static func close(_ value: Double?, _ expected: Double) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= 1e-9 * abs(expected)
  }

  static func seedCost(_ inputs: CostInputs = CostInputs(gpuPricePerHour: 2.5)) throws
    -> CostEstimate
  {
    try CostEstimate(
      inputs: inputs, cataloguePricePerHour: nil, gpus: 112,
      egressBytesPerSecond: 1e13 / 86_400, storageBytesPerMonth: 75e12,
      initialStorageBytes: 1.006e12)
  }

  struct FigureExample: CustomTestStringConvertible, Sendable {
    var name: String
    var key: String
    var expected: Double
    var testDescription: String { name }
  }

  @Test(arguments: [
    // 112 GPUs × 2.5 × (30 days × 24 = 720 h) = 201,600.
    FigureExample(
      name: "GPUs: 112 × 2.5 × 720 h = 201,600", key: "monthly_gpu_cost", expected: 201_600),
    // 1e13 B/day ÷ 86,400 × (30 × 86,400 s) = 3e14 B = 300,000 GB × 0.09 = 27,000.
    FigureExample(
      name: "egress: 300,000 GB × 0.09 = 27,000", key: "monthly_egress_cost", expected: 27_000),
    // (1.006 TB + 1 × 75 TB) = 76.006 TB × 23 = 1,748.138.
    FigureExample(
      name: "storage, first month: 76.006 TB × 23 = 1,748.138", key: "monthly_storage_cost",
      expected: 1_748.138),
    // 201,600 + 27,000 + 1,748.138 = 230,348.138.
    FigureExample(
      name: "total: 230,348.138", key: "monthly_cost", expected: 230_348.138),
  ])
  func seedDeploymentCosts(_ example: FigureExample) throws {
    let estimate = try Self.seedCost()
    let figure = try #require(estimate.figures.first { $0.key == example.key })
    #expect(figure.unit == .money)
    #expect(figure.group == .cost)
    #expect(Self.close(figure.value.number, example.expected))
  }

  @Test func storageGrowsMonthByMonth() throws {
    let estimate = try Self.seedCost()
    // Month 12: (1.006 + 12 × 75) TB = 901.006 TB × 23 = 20,723.138.
    #expect(Self.close(estimate.storageCost(month: 12), 20_723.138))
    #expect(Self.close(estimate.storageCost(month: 1), try #require(estimate.monthlyStorageCost)))
  }

  @Test func currencyIsATextFigure() throws {
    let estimate = try Self.seedCost(CostInputs(gpuPricePerHour: 2.5, currency: "EUR"))
    let currency = try #require(estimate.figures.first { $0.key == "currency" })
    #expect(currency.value == .text("EUR"))
    #expect(try Self.seedCost().inputs.currency == "USD")
  }

  @Test func defaultsAreTheDocumentedListPriceBallparks() {
    let inputs = CostInputs()
    #expect(inputs.storagePricePerTBMonth == 23)
    #expect(inputs.egressPricePerGB == 0.09)
    #expect(inputs.currency == "USD")
    #expect(inputs.daysPerMonth == 30)
    #expect(CostMethod.hoursPerMonth(daysPerMonth: 30) == 720)
    #expect(inputs.gpuPricePerHour == nil)
  }

  @Test func theCataloguePriceIsUsedUnlessOverridden() throws {
    let fromCatalogue = try CostEstimate(
      inputs: CostInputs(), cataloguePricePerHour: 3, gpus: 10)
    // 10 × 3 × 720 = 21,600.
    #expect(fromCatalogue.monthlyGPUCost == 21_600)
    let overridden = try CostEstimate(
      inputs: CostInputs(gpuPricePerHour: 1), cataloguePricePerHour: 3, gpus: 10)
    #expect(overridden.monthlyGPUCost == 7_200)
  }

  @Test func gpusWithoutAnyPriceAreAClearError() {
    #expect(
      throws: EngineError.outOfRange(
        field: "gpu_price_per_hour", value: "none",
        reason: "the catalogue has no price for this GPU; give a price per GPU-hour")
    ) {
      try CostEstimate(inputs: CostInputs(), cataloguePricePerHour: nil, gpus: 10)
    }
  }

  @Test func trainingCostIsGPUHoursTimesPrice() throws {
    // 184,320 GPU-hours × 1.5 = 276,480.
    let estimate = try CostEstimate(
      inputs: CostInputs(gpuPricePerHour: 1.5), cataloguePricePerHour: nil,
      trainingGPUHours: 184_320)
    #expect(estimate.trainingCost == 276_480)
    #expect(estimate.figures.map(\.key) == ["training_cost", "currency"])
    #expect(CostMethod.trainingCost(gpuHours: 184_320, pricePerGPUHour: 1.5) == 276_480)
  }

  @Test func aThirtyPointFourDayMonthBillsSevenHundredThirtyHours() {
    // 730 h ÷ 24 = 30.4167 days: the calendar-average month some clouds bill.
    #expect(abs(CostMethod.hoursPerMonth(daysPerMonth: 730.0 / 24) - 730) < 1e-9)
    // 1 GPU × 2 × 730 = 1,460.
    #expect(
      abs(CostMethod.monthlyGPUCost(gpus: 1, pricePerGPUHour: 2, hoursPerMonth: 730) - 1_460)
        < 1e-9)
  }

  @Test func derivationsShowThePricesUsed() throws {
    let text = try Self.seedCost().derivations.map(\.working).joined(separator: "\n")
    #expect(text.contains("112 × 2.5 USD (given) × (30 × 24 = 720 h) = 201,600 USD"))
    #expect(text.contains("× 0.09 USD = 27,000 USD"))
    #expect(text.contains("(1.01 TB + 1 × 75 TB = 76.01 TB) × 23 USD per TB-month = 1,748.14 USD"))
  }

  @Test func negativePricesAreRefused() {
    #expect(throws: EngineError.self) {
      try CostEstimate(
        inputs: CostInputs(gpuPricePerHour: 1, egressPricePerGB: -1), cataloguePricePerHour: nil,
        gpus: 1)
    }
    #expect(throws: EngineError.self) {
      try CostEstimate(
        inputs: CostInputs(gpuPricePerHour: 1, currency: " "), cataloguePricePerHour: nil,
        gpus: 1)
    }
  }
}

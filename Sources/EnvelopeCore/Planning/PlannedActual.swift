/// A measurement beside the plan in force on its date.
public struct PlannedActual: Sendable, Equatable {
  public var actual: Actual
  /// The plan in force on the measurement's date: the scenario's latest plan as of then.
  public var plan: LedgerEntry?
  /// What the plans planned for the metric on that date; for storage, what they stored by then
  /// (``StoragePlan/storedBytes(on:)``).
  public var planned: Double?

  public init(actual: Actual, plan: LedgerEntry?, planned: Double?) {
    self.actual = actual
    self.plan = plan
    self.planned = planned
  }

  /// The measurement as a percentage of the plan; `nil` without a plan or when it planned 0.
  public var percentOfPlan: Double? {
    planned.flatMap { Self.percent(actual.value, of: $0) }
  }

  /// One value as a percentage of another.
  ///
  /// percent = actual ÷ planned × 100
  ///
  /// - Parameters:
  ///   - actual: What was measured.
  ///   - planned: What was planned.
  /// - Returns: The percentage, or `nil` when nothing was planned.
  public static func percent(_ actual: Double, of planned: Double) -> Double? {
    planned > 0 ? actual / planned * 100 : nil
  }

  /// Each measurement beside the plan in force on its date.
  ///
  /// - Parameters:
  ///   - actuals: A scenario's measurements.
  ///   - plans: The scenario's plans (``LedgerEntry/isPlan``), with their figures.
  /// - Returns: One row per measurement, in the measurements' order.
  public static func compare(_ actuals: [Actual], plans: [LedgerEntry]) -> [PlannedActual] {
    let storage = StoragePlan(plans: plans)
    return actuals.map { actual in
      guard let segment = storage.segment(on: actual.measuredOn),
        let plan = plans.first(where: { $0.id == segment.entryID })
      else { return PlannedActual(actual: actual, plan: nil, planned: nil) }
      let planned: Double?
      if let definition = actual.metric.plannedFigure {
        planned = plan.number(definition)
      } else {
        planned = storage.storedBytes(on: actual.measuredOn)
      }
      return PlannedActual(actual: actual, plan: plan, planned: planned)
    }
  }
}

extension ActualMetric {
  /// The plan's figure a measurement is held against; `nil` for storage in use, which the
  /// plans accumulate (``StoragePlan``).
  public var plannedFigure: FigureDefinition? {
    switch self {
    case .storageBytes: return nil
    case .trps: return .requestsPerSecond
    case .gpusRequired: return .gpusRequired
    case .ingressBytesPerSecond: return .ingressBytesPerSecond
    case .egressBytesPerSecond: return .egressBytesPerSecond
    case .monthlyCost: return .monthlyCost
    }
  }
}

extension StoragePlan {
  /// The storage plan of a scenario's plans: each writes its `storage_bytes_per_month` from
  /// its date.
  ///
  /// Of that, interaction and index data are its figures per day × the days per month its
  /// snapshot used; a plan read without them (a summary) counts it all as interaction data.
  ///
  /// - Parameter plans: The scenario's plans (current serving entries that are not sweep points).
  public init(plans: [LedgerEntry]) {
    self.init(
      segments: plans.map { entry in
        let perMonth = entry.number(.storageBytesPerMonth) ?? 0
        let days = entry.snapshot?.servingInputs?.daysPerMonth
        let interaction = entry.number(.interactionBytesPerDay)
        let index = entry.number(.indexBytesPerDay)
        guard let days, let interaction, let index else {
          return Segment(
            start: entry.asOf, bytesPerMonth: perMonth, interactionBytesPerMonth: perMonth,
            indexBytesPerMonth: 0, entryID: entry.id)
        }
        return Segment(
          start: entry.asOf, bytesPerMonth: perMonth, interactionBytesPerMonth: interaction * days,
          indexBytesPerMonth: index * days, entryID: entry.id)
      })
  }
}

extension StorageProjection {
  /// Projects a scenario's storage from its latest plan, continuing from what its earlier
  /// plans stored.
  ///
  /// - Parameters:
  ///   - plans: The scenario's plans, oldest first; the last is projected. Not empty.
  ///   - months: Months to project, 1 to 1,200.
  ///   - monthlyGrowth: Growth per month as a fraction.
  ///   - retentionDays: Days interaction data is kept, or `nil` for ever.
  ///   - replication: Copies kept.
  /// - Throws: ``EngineError`` for inputs out of range or no plan.
  public init(
    plans: [LedgerEntry], months: Int, monthlyGrowth: Double = 0, retentionDays: Double? = nil,
    replication: Double = 1
  ) throws {
    let latest = plans.last
    try self.init(
      plan: StoragePlan(plans: plans), profileBytes: latest?.number(.userDataBytes) ?? 0,
      daysPerMonth: latest?.snapshot?.servingInputs?.daysPerMonth
        ?? ServingInputs.defaultDaysPerMonth,
      monthCount: months, monthlyGrowth: monthlyGrowth, retentionDays: retentionDays,
      replication: replication)
  }
}

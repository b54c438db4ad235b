import Testing

@testable import EnvelopeCore

struct StorageProjectionTests {
  static let start: CalendarDate = {
    guard let date = try? CalendarDate.parse("2026-01-31") else { preconditionFailure() }
    return date
  }()

  @Test func seedsMonthlyStorageAccumulates() throws {
    // 2 TB + 0.5 TB a day × 30 days = 75 TB a month: 75, 150, 225 TB.
    let projection = try StorageProjection(
      interactionBytesPerDay: 2e12, indexBytesPerDay: 0.5e12, profileBytes: 1e12,
      daysPerMonth: 30, start: Self.start, monthCount: 3)
    #expect(projection.months.map(\.storedBytes) == [75e12, 150e12, 225e12])
    #expect(projection.months.map(\.totalBytes) == [76e12, 151e12, 226e12])
    #expect(projection.months.map(\.interactionBytes) == [60e12, 60e12, 60e12])
    #expect(projection.months.map(\.indexBytes) == [15e12, 15e12, 15e12])
    // Month ends clamp to shorter months: Jan 31 + 1 month = Feb 28.
    #expect(
      projection.months.map(\.endDate.description) == ["2026-02-28", "2026-03-31", "2026-04-30"])
  }

  @Test func growthCompoundsMonthly() throws {
    // 10% a month: 75, 75 + 82.5 = 157.5, 157.5 + 90.75 = 248.25 TB.
    let projection = try StorageProjection(
      interactionBytesPerDay: 2e12, indexBytesPerDay: 0.5e12, profileBytes: 1e12,
      daysPerMonth: 30, start: Self.start, monthCount: 3, monthlyGrowth: 0.1)
    let stored = projection.months.map { ($0.storedBytes / 1e9).rounded() / 1e3 }
    #expect(stored == [75, 157.5, 248.25])
    #expect(abs(projection.months[2].profileBytes - 1.331e12) < 1)
  }

  @Test func retentionAndReplication() throws {
    // Keep 45 days = 1.5 months: month 3 holds 75 + 37.5 = 112.5 TB, × 3 copies = 337.5 TB.
    let projection = try StorageProjection(
      interactionBytesPerDay: 2e12, indexBytesPerDay: 0.5e12, profileBytes: 0,
      daysPerMonth: 30, start: Self.start, monthCount: 3, retentionDays: 45, replication: 3)
    #expect(projection.months.map(\.storedBytes) == [225e12, 337.5e12, 337.5e12])
  }

  @Test func refusesBadInputs() {
    #expect(throws: EngineError.self) {
      try StorageProjection(
        interactionBytesPerDay: 1, indexBytesPerDay: 1, profileBytes: 1, daysPerMonth: 30,
        start: Self.start, monthCount: 0)
    }
    #expect(throws: EngineError.self) {
      try StorageProjection(
        interactionBytesPerDay: 1, indexBytesPerDay: 1, profileBytes: 1, daysPerMonth: 30,
        start: Self.start, monthCount: 3, replication: 0.5)
    }
    #expect(throws: EngineError.self) {
      try StorageProjection(
        interactionBytesPerDay: 1e20, indexBytesPerDay: 1, profileBytes: 1, daysPerMonth: 30,
        start: Self.start, monthCount: 1200, monthlyGrowth: 10)
    }
  }
}

struct PlanAtDateTests {
  @Test func daysSinceEpoch() throws {
    #expect(try CalendarDate.parse("1970-01-01").daysSinceEpoch == 0)
    #expect(try CalendarDate.parse("2000-03-01").daysSinceEpoch == 11_017)
    #expect(try CalendarDate.parse("2026-11-27").daysSinceEpoch == 20_784)
  }

  @Test func planIsInterpolatedByDay() throws {
    // From 2026-01-01, month 1 ends 2026-02-01 (31 days): 75 TB. On 2026-01-16, 15 of 31
    // days in: 75 × 15 ÷ 31 = 36.29 TB. Month 2 ends 2026-03-01 (28 days): on 2026-02-15,
    // 75 + 75 × 14 ÷ 28 = 112.5 TB.
    let start = try CalendarDate.parse("2026-01-01")
    let projection = try StorageProjection(
      interactionBytesPerDay: 2e12, indexBytesPerDay: 0.5e12, profileBytes: 0, daysPerMonth: 30,
      start: start, monthCount: 2)
    let mid = try #require(projection.storedBytes(on: try .parse("2026-01-16")))
    #expect(abs(mid - 75e12 * 15 / 31) < 1)
    #expect(projection.storedBytes(on: try .parse("2026-02-15")) == 112.5e12)
    #expect(projection.storedBytes(on: try .parse("2026-03-02")) == nil)
    #expect(projection.storedBytes(on: start) == nil)
  }

  struct MonthsCase: Sendable, CustomTestStringConvertible {
    var from: String
    var to: String
    var months: Double
    var testDescription: String { "\(from) to \(to)" }
  }

  @Test(arguments: [
    MonthsCase(from: "2026-09-01", to: "2026-10-01", months: 1),
    MonthsCase(from: "2026-09-01", to: "2026-10-16", months: 1 + 15.0 / 31),
    MonthsCase(from: "2026-10-01", to: "2026-10-16", months: 15.0 / 31),
    MonthsCase(from: "2026-01-31", to: "2026-02-28", months: 1),
    MonthsCase(from: "2026-01-31", to: "2026-03-01", months: 1 + 1.0 / 31),
    MonthsCase(from: "2026-01-31", to: "2027-01-31", months: 12),
    MonthsCase(from: "2024-02-29", to: "2025-02-28", months: 12),
    MonthsCase(from: "2026-05-10", to: "2026-05-10", months: 0),
    MonthsCase(from: "2026-05-10", to: "2026-05-01", months: 0),
  ])
  func calendarMonthsBetweenDates(_ example: MonthsCase) throws {
    let months = try CalendarDate.parse(example.to).months(since: try .parse(example.from))
    #expect(abs(months - example.months) < 1e-12)
  }
}

struct StoragePlanTests {
  /// The example: 75 TB a month from 2026-09-01, 97.5 TB a month from 2026-10-01.
  static func twoPlans() throws -> StoragePlan {
    StoragePlan(segments: [
      StoragePlan.Segment(
        start: try .parse("2026-10-01"), interactionBytesPerMonth: 78e12,
        indexBytesPerMonth: 19.5e12, entryID: 2),
      StoragePlan.Segment(
        start: try .parse("2026-09-01"), interactionBytesPerMonth: 60e12,
        indexBytesPerMonth: 15e12, entryID: 1),
    ])
  }

  @Test func storedBytesAccumulatePlanByPlan() throws {
    let plan = try Self.twoPlans()
    #expect(plan.segments.map(\.entryID) == [1, 2])
    // September at 75 TB, then 15 of October's 31 days at 97.5 TB.
    let stored = try #require(plan.storedBytes(on: try .parse("2026-10-16")))
    #expect(abs(stored - (75e12 + 97.5e12 * 15 / 31)) < 1)
    #expect(plan.storedBytes(on: try .parse("2026-10-01")) == 75e12)
    #expect(plan.storedBytes(on: try .parse("2026-09-01")) == nil)
    #expect(plan.storedBytes(on: try .parse("2026-08-01")) == nil)
    #expect(plan.segment(on: try .parse("2026-10-16"))?.entryID == 2)
    #expect(plan.segment(on: try .parse("2026-09-30"))?.entryID == 1)
  }

  @Test func theLaterOfTwoPlansOnOneDateIsInForce() throws {
    let date = try CalendarDate.parse("2026-09-01")
    let plan = StoragePlan(segments: [
      StoragePlan.Segment(start: date, interactionBytesPerMonth: 1, indexBytesPerMonth: 0),
      StoragePlan.Segment(start: date, interactionBytesPerMonth: 2, indexBytesPerMonth: 0),
    ])
    #expect(plan.storedBytes(on: try .parse("2026-10-01")) == 2)
  }

  @Test func aProjectionContinuesFromWhatIsStored() throws {
    let plan = try Self.twoPlans()
    let projection = try StorageProjection(
      plan: plan, profileBytes: 1.3e12, daysPerMonth: 30, monthCount: 2)
    #expect(projection.start.description == "2026-10-01")
    #expect(projection.months.map(\.storedBytes) == [172.5e12, 270e12])
    #expect(projection.months.map(\.interactionBytes) == [78e12, 78e12])
    #expect(projection.months.map(\.endDate.description) == ["2026-11-01", "2026-12-01"])
    // Between plans and inside the projection, the same number as the plan's.
    for day in ["2026-09-16", "2026-10-01", "2026-10-16", "2026-11-20"] {
      let date = try CalendarDate.parse(day)
      #expect(projection.storedBytes(on: date) == plan.storedBytes(on: date), "\(day)")
    }
    #expect(projection.storedBytes(on: try .parse("2026-12-02")) == nil)
  }

  @Test func retentionDropsWhatEarlierPlansWrote() throws {
    // Keep 30 days = 1 month: at the end of month 1 only October's 97.5 TB is left.
    let projection = try StorageProjection(
      plan: try Self.twoPlans(), profileBytes: 0, daysPerMonth: 30, monthCount: 1,
      retentionDays: 30, replication: 2)
    #expect(projection.months.map(\.storedBytes) == [195e12])
  }
}

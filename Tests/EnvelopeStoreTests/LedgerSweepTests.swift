import EnvelopeCore
import Foundation
import GRDB
import Testing

@testable import EnvelopeStore

/// Sweeps: recorded all or nothing, compact, read back exactly.
struct LedgerSweepTests {
  static func sweep(_ id: String = "s1") throws -> NewSweep {
    NewSweep(
      id: id, scenarioID: "seed-chat",
      asOf: try .parse("2026-11-01"), note: "what if", grid: ["dau=1M..2000M:+1M"])
  }

  /// The seed's scenario, read once: the ledger's reads do not nest inside a sweep's write.
  static func base(in ledger: Ledger) throws -> ServingPlan {
    let scenario = try ledger.scenario("seed-chat").value
    return ServingPlan(
      scenario: scenario, model: try ledger.model(scenario.modelID).value,
      gpu: try ledger.gpu(scenario.gpuID).value)
  }

  /// The seed's scenario at `dau` users a day, as a sweep point.
  static func point(_ index: Int, dau: Double, in ledger: Ledger) throws -> SweepPoint {
    try point(index, dau: dau, from: try base(in: ledger))
  }

  static func point(_ index: Int, dau: Double, from base: ServingPlan) throws -> SweepPoint {
    var plan = base
    plan.scenario.dailyActiveUsers = dau
    plan.overrides = [ScenarioOverride("--dau", JSONValue.number(dau).serialized())]
    return SweepPoint(
      index: index, snapshot: try plan.snapshot(), figures: try plan.estimate().figures)
  }

  @Test func aFailedSweepRecordsNothing() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("ledger.sqlite"))
    let good = try Self.point(1, dau: 1e6, in: ledger)
    struct Interrupted: Error {}
    var count = 0
    #expect(throws: Interrupted.self) {
      try ledger.recordSweep(Self.sweep()) {
        count += 1
        if count == 3 { throw Interrupted() }
        return good
      }
    }
    #expect(try ledger.sweeps().isEmpty)
    let points = try ledger.sqliteWriter().read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM sweep_points")
    }
    #expect(points == 0)
    #expect(throws: StoreError.refused(reason: "the sweep has no points")) {
      try ledger.recordSweep(Self.sweep()) { nil }
    }
  }

  @Test func pointsReadBackAsRecorded() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(
      path: folder.path("ledger.sqlite"), clock: { UTCTimestamp(secondsSince1970: 1_800_000_000) })
    let points = try (1...3).map { try Self.point($0, dau: Double($0) * 1e8, in: ledger) }
    var iterator = points.makeIterator()
    #expect(try ledger.recordSweep(Self.sweep()) { iterator.next() } == 3)
    var read: [SweepPoint] = []
    try ledger.forEachSweepPoint(sweepID: "s1") { read.append($0) }
    #expect(read == points)
    #expect(try ledger.sweepPoint(sweepID: "s1", point: 2) == points[1])
    #expect(throws: StoreError.self) { try ledger.sweepPoint(sweepID: "s1", point: 4) }
    #expect(throws: StoreError.self) { try ledger.sweepPoint(sweepID: "s2", point: 1) }
    let summary = try ledger.sweep("s1")
    #expect(summary.points == 3 && summary.note == "what if")
    #expect(summary.asOf.description == "2026-11-01")
    // The ledger's clock stamps the sweep.
    #expect(summary.recordedAt == "2027-01-15T08:00:00Z")
    // The view presents each point's whole snapshot, as the base patched.
    let viewed = try ledger.sqliteWriter().read { db in
      try String.fetchOne(
        db, sql: "SELECT inputs FROM sweep_point_estimates WHERE sweep_id = 's1' AND point = 3")
    }
    let snapshot = try JSONDecoder().decode(
      EntrySnapshot.self, from: Data(try #require(viewed).utf8))
    #expect(snapshot == points[2].snapshot)
    // A point stores what differs from the base: the users, not the model or the GPU.
    let stored = try ledger.sqliteWriter().read { db in
      try String.fetchOne(db, sql: "SELECT inputs FROM sweep_points WHERE point = 2")
    }
    #expect(stored?.contains("daily_active_users") == true)
    #expect(stored?.contains("a100") == false)
  }

  /// The goal of a compact sweep: at most 400 bytes of ledger per point.
  @Test func aPointTakesAFewHundredBytes() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("ledger.sqlite")
    let ledger = try Ledger(path: path)
    func pages() throws -> Int {
      try ledger.sqliteWriter().read { db in
        try db.checkpoint(.truncate)
        return try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
      }
    }
    let before = try pages()
    let base = try Self.base(in: ledger)
    let count = 2_000
    var index = 0
    _ = try ledger.recordSweep(Self.sweep()) {
      index += 1
      return index > count ? nil : try Self.point(index, dau: Double(index) * 1e6, from: base)
    }
    let bytes = Double((try pages() - before) * 4_096) / Double(count)
    #expect(bytes <= 400, "\(bytes) bytes per point")
  }
}

import EnvelopeCore
import Foundation
import Testing

@testable import EnvelopeStore

struct LedgerActualsTests {
  /// Runs SQL with the `sqlite3` tool, as a person or a newer Envelope might.
  static func sqlite3(_ path: String, _ sql: String) throws {
    let tool = Process()
    tool.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    tool.arguments = ["sqlite3", path, sql]
    try tool.run()
    tool.waitUntilExit()
    #expect(tool.terminationStatus == 0, "sqlite3 failed: \(sql)")
  }

  @Test func aMetricThisEnvelopeDoesNotKnowIsRefusedNotMisread() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("ledger.sqlite")
    let ledger = try Ledger(path: path)
    let recorded = try ledger.recordActual(
      scenarioID: "seed-chat", metric: .storageBytes, value: 70e12,
      measuredOn: try .parse("2027-01-27"))
    #expect(try ledger.actuals() == [recorded])
    // A metric a newer Envelope might record; this schema's CHECK lists the known ones.
    try Self.sqlite3(
      path,
      """
      PRAGMA ignore_check_constraints = ON;
      INSERT INTO actuals (recorded_at, measured_on, scenario_id, metric, value, envelope_version)
      VALUES ('2027-02-01T09:00:00Z', '2027-02-01', 'seed-chat', 'watts_per_gpu', 400, '9.0.0');
      """)
    let unreadable = StoreError.unreadable(
      table: "actuals", id: 2, column: "metric", value: "watts_per_gpu")
    #expect(throws: unreadable) { try ledger.actuals() }
    #expect(
      unreadable.description
        == "actuals row 2 has metric 'watts_per_gpu', which this envelope cannot read; it may "
        + "have been written by a newer Envelope")
  }

  @Test func removingAScenarioWithMeasurementsRetiresIt() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("ledger.sqlite"))
    try ledger.recordActual(
      scenarioID: "seed-chat", metric: .gpusRequired, value: 100,
      measuredOn: try .parse("2027-01-01"))
    #expect(
      try ledger.remove(Scenario.self, id: "seed-chat") == .retired(referencedBy: "1 actuals"))
    #expect(try ledger.scenario("seed-chat").isRetired)
    #expect(try ledger.actuals(scenarioID: "seed-chat").count == 1)
  }
}

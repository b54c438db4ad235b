import Foundation
import Testing

struct ActualCommandTests {
  @Test(arguments: Backend.available) func actualsAreHeldAgainstThePlan(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat", "--as-of", "2026-11-27"])
    let recorded = try sandbox.succeed([
      "actual", "record", "seed-chat", "--metric", "storage", "--value", "70TB", "--date",
      "2026-12-27",
    ])
    #expect(
      recorded.stdout == "recorded actual 1: storage_bytes 70 TB for seed-chat on 2026-12-27\n")
    // One month after the plan: 75 TB planned, 70 TB measured = 93%.
    let table = try sandbox.succeed(["project", "seed-chat", "--months", "2"]).stdout
    #expect(table.contains("actual 70 TB [93% of plan 75 TB]"))
    let json = try sandbox.succeed(["project", "seed-chat", "--months", "2", "--format", "json"])
      .object()
    let months = try #require(json["months"] as? [[String: Any]])
    #expect(months[0]["actual_bytes"] as? Double == 70e12)
    #expect(months[0]["planned_bytes_on_actual_date"] as? Double == 75e12)
    #expect(months[1]["actual_bytes"] is NSNull)
    // A new plan on 2026-12-15 at 120M DAU (90 TB a month): the first plan was in force 18 of
    // the 30 days from Nov 27 to Dec 27, the second 12 of the 31 from Dec 15 to Jan 15:
    // 75 × 18 ÷ 30 + 90 × 12 ÷ 31 = 45 + 34.84 = 79.84 TB.
    try sandbox.succeed(["estimate", "seed-chat", "--as-of", "2026-12-15", "--dau", "120M"])
    let history = try sandbox.succeed(["history", "seed-chat"]).stdout
    #expect(history.contains("Plan against actual"))
    #expect(history.contains("storage_bytes   70 TB  79.84 TB      88%  2 (as of 2026-12-15)"))
    let view = try sandbox.succeed([
      "sql", "SELECT round(CAST(planned / 1e12 AS numeric), 3) AS planned_tb FROM plan_vs_actual",
      "--format", "csv",
    ]).stdout
    #expect(view == "planned_tb\n79.839\n")
  }

  @Test(arguments: Backend.available) func actualsListAndStayImmutable(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed([
      "actual", "record", "seed-chat", "--metric", "gpus_required", "--value", "120", "--date",
      "2026-12-01", "--note", "after scale-up",
    ])
    try sandbox.succeed([
      "actual", "record", "seed-chat", "--metric", "egress", "--value", "1.2Gbit/s", "--date",
      "2027-01-01",
    ])
    let rows = try #require(
      try sandbox.succeed(["actual", "list", "--format", "json"]).json() as? [[String: Any]])
    #expect(rows.count == 2)
    #expect(rows[0]["metric"] as? String == "gpus_required")
    #expect(rows[0]["note"] as? String == "after scale-up")
    #expect(rows[1]["value"] as? Double == 150e6)
    // Even by hand, behind Envelope's back, the ledger's trigger refuses the change.
    let edited = try sandbox.execute("UPDATE actuals SET value = 1")
    #expect(edited.status != 0)
    #expect(edited.stderr.contains("actuals are immutable"), "\(edited.stderr)")
    let bad = try sandbox.run([
      "actual", "record", "seed-chat", "--metric", "latency", "--value", "1",
    ])
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("expected one of storage_bytes"))
    let unknown = try sandbox.run([
      "actual", "record", "seed-cht", "--metric", "gpus", "--value", "1",
    ])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("did you mean 'seed-chat'?"))
  }
}

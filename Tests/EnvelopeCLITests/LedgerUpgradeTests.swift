import Foundation
import Testing

/// A ledger written by Envelope 0.1.0 (Fixtures/ledger-0.1.0, made by
/// scripts/fixtures/make-ledger-0.1.0.sh) opens, migrates forward and reads the same figures as
/// 0.1.0 printed (the goldens beside it), apart from the two bugs fixed since: planned storage
/// had two definitions, and a sweep's last point became the plan.
// SQLite only: the fixture is a 0.1.0 SQLite file (Envelope 0.1.0 wrote no PostgreSQL ledgers).
struct LedgerUpgradeTests {
  static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/ledger-0.1.0")

  /// A sandbox holding a copy of the 0.1.0 ledger.
  static func sandbox() throws -> Sandbox {
    let sandbox = try Sandbox(ledger: false)
    try FileManager.default.copyItem(
      at: fixture.appendingPathComponent("ledger.sqlite"),
      to: URL(fileURLWithPath: sandbox.database))
    return sandbox
  }

  static func golden(_ name: String) throws -> String {
    try String(
      contentsOf: fixture.appendingPathComponent("goldens/\(name)"), encoding: .utf8)
  }

  static func goldenJSON(_ name: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(try golden(name).utf8))
  }

  /// The rows 0.1.0 stored, as the sqlite3 tool reads them, in the columns given (0.1.0's:
  /// later versions add columns).
  static func storedRows(_ path: String, estimateColumns: String = "*") throws -> String {
    try sqlite(
      path,
      "SELECT \(estimateColumns) FROM estimates ORDER BY id; SELECT * FROM actuals ORDER BY id; "
        + "SELECT id, recorded_at, scenario_id, grid, points FROM sweeps")
  }

  /// The columns of `estimates`, comma-separated.
  static func estimateColumns(_ path: String) throws -> String {
    try sqlite(path, "SELECT group_concat(name, ', ') FROM pragma_table_info('estimates')")
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// What the sqlite3 tool prints for a query.
  static func sqlite(_ path: String, _ query: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sqlite3", path, query]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  @Test func theLedgerMigratesAndItsRowsKeepTheirBytes() throws {
    let sandbox = try Self.sandbox()
    let columns = try Self.estimateColumns(sandbox.database)
    let before = try Self.storedRows(sandbox.database, estimateColumns: columns)
    #expect(!before.isEmpty)
    let version = try sandbox.succeed([
      "sql", "SELECT max(version) FROM envelope_migrations", "--format", "csv",
    ])
    #expect(version.stdout == "max(version)\n12\n")
    #expect(try Self.storedRows(sandbox.database, estimateColumns: columns) == before)
    try sandbox.succeed(["check"])
    // Migration 0006 corrected the catalogue (HBM sized in GiB, new models) ...
    let h100 = try sandbox.succeed(["gpu", "show", "h100-sxm", "--format", "json"]).object()
    #expect(h100["memory_bytes"] as? Double == 85_899_345_920)
    #expect(h100["matmul_efficiency"] as? Double == 0.803)
    // ... and 0010 gave the shipped H100 its measured all-reduce curve.
    let curve = try #require(h100["all_reduce_bus_bandwidth"] as? [[String: Any]])
    #expect(curve.count == 24)
    #expect(curve.first?["message_bytes"] as? Double == 1_024)
    #expect(curve.last?["bus_bytes_per_second"] as? Double == 478.87e9)
    // ... and 0011 its measured matmul curve.
    let matmul = try #require(h100["matmul_throughput"] as? [[String: Any]])
    #expect(matmul.count == 6)
    #expect(matmul.first?["precision"] as? String == "fp8")
    #expect(matmul.last?["flops_per_second"] as? Double == 1_382.2e12)
    try sandbox.succeed(["model", "show", "deepseek-r1"])
    // ... and an entry computed before keeps the GPU it was computed with.
    let entry = try sandbox.succeed(["show", "5", "--format", "json"]).object()
    let gpu = (entry["inputs"] as? [String: Any])?["gpu"] as? [String: Any]
    #expect(gpu?["memory_bytes"] as? Double == 80e9)
    #expect(gpu?["matmul_efficiency"] == nil)
    // What 0.1.0's SQL read is read the same.
    for name in ["sql-estimates.csv", "sql-summary.csv"] {
      let query =
        name == "sql-summary.csv"
        ? "SELECT * FROM estimate_summary ORDER BY id"
        : "SELECT id, as_of, kind, method, sweep_id IS NOT NULL AS swept, gpus_required, trps, "
          + "qps_per_gpu, inference_seconds, storage_bytes_per_month, egress_bytes_per_second, "
          + "training_flops, gpu_hours, monthly_cost FROM estimates ORDER BY id"
      let csv = try sandbox.succeed(["sql", query, "--format", "csv"]).stdout
      #expect(csv == (try Self.golden(name)), "\(name)")
    }
  }

  @Test(arguments: 1...15) func everyEntryShowsTheSameFiguresAndInputs(_ id: Int) throws {
    let sandbox = try Self.sandbox()
    let golden = try #require(try Self.goldenJSON("show-\(id).json") as? [String: Any])
    let shown = try sandbox.succeed(["show", String(id), "--format", "json"]).object()
    for key in ["id", "as_of", "kind", "scenario_id", "method", "note", "supersedes", "sweep_id"] {
      #expect("\(shown[key] ?? "nil")" == "\(golden[key] ?? "nil")", "\(key)")
    }
    let results = try #require(shown["results"] as? NSDictionary)
    #expect(results == (golden["results"] as? NSDictionary))
    let inputs = try #require(shown["inputs"] as? [String: Any])
    let old = try #require(golden["inputs"] as? [String: Any])
    #expect(inputs["snapshot_version"] as? Int == 1)
    // Nulls are now left out rather than written; otherwise the same values.
    for key in ["method", "scenario", "gpu", "overrides", "seed_inputs", "cost"] {
      #expect(Self.withoutNulls(inputs[key]) == Self.withoutNulls(old[key]), "inputs.\(key)")
    }
    // The model gained two keys 0.1.0 did not export; the rest is the same.
    var model = try #require(inputs["model"] as? [String: Any])
    model["ffn_size"] = nil
    model["vocab_size"] = nil
    #expect(Self.withoutNulls(model) == Self.withoutNulls(old["model"]))
    // A roofline entry no longer repeats its model and GPU inside its inputs.
    var oldInputs = try #require(old["inputs"] as? [String: Any])
    oldInputs["model"] = nil
    oldInputs["gpu"] = nil
    #expect(Self.withoutNulls(inputs["inputs"]) == Self.withoutNulls(oldInputs))
  }

  /// A JSON value with its null members left out, comparable.
  static func withoutNulls(_ value: Any?) -> NSObject? {
    switch value {
    case let object as [String: Any]:
      return object.compactMapValues { $0 is NSNull ? nil : withoutNulls($0) } as NSDictionary
    case is NSNull, nil: return nil
    case let other as NSObject: return other
    default: return nil
    }
  }

  @Test func historyListsPlansAndTheSweepAsOneLine() throws {
    let sandbox = try Self.sandbox()
    let golden = try #require(try Self.goldenJSON("history.json") as? [[String: Any]])
    let rows = try #require(
      try sandbox.succeed(["history", "--all", "--sweeps", "--format", "json"]).json()
        as? [[String: Any]])
    #expect(rows.count == golden.count)
    let figures = [
      "gpus_required", "trps", "qps_per_gpu", "inference_seconds", "storage_bytes_per_month",
      "egress_bytes_per_second", "training_flops", "gpu_hours", "monthly_cost",
    ]
    for (row, old) in zip(rows, golden) {
      for key in figures + ["as_of", "method", "scenario_id"] {
        #expect("\(row[key] ?? "nil")" == "\(old[key] ?? "nil")", "\(old["id"] ?? "?") \(key)")
      }
    }
    // Without --sweeps the six points are one line, and no plan is compared with them.
    let table = try sandbox.succeed(["history", "seed-chat"]).stdout
    #expect(table.contains("sweep-20261130-075036-6e39: dau=100M,200M,300M requests-per-user=5,10"))
    #expect(table.contains("6 points"))
    #expect(!table.contains("-61.4%"))
  }

  @Test func diffsReadTheSame() throws {
    let sandbox = try Self.sandbox()
    for (a, b) in [("1", "2"), ("5", "6")] {
      let golden = try #require(
        try Self.goldenJSON("diff-\(a)-\(b).json") as? [String: Any])
      let shown = try sandbox.succeed(["diff", a, b, "--format", "json"]).object()
      func rows(_ object: [String: Any]) -> Set<String> {
        Set(
          (object["differences"] as? [[String: Any]] ?? []).compactMap { row in
            let key = row["key"] as? String ?? ""
            // 0.1.0 repeated a roofline entry's model and GPU inside its inputs.
            if key.hasPrefix("inputs.model.") || key.hasPrefix("inputs.gpu.") { return nil }
            return "\(row["section"] ?? "") \(key) \(row["a"] ?? "") \(row["b"] ?? "")"
          })
      }
      #expect(rows(shown) == rows(golden), "diff \(a) \(b)")
    }
  }

  @Test func projectionsContinueFromWhatEarlierPlansStored() throws {
    let sandbox = try Self.sandbox()
    func stored(_ arguments: [String]) throws -> [Double] {
      let json = try sandbox.succeed(["project"] + arguments + ["--format", "json"]).object()
      return (json["months"] as? [[String: Any]] ?? []).compactMap { $0["stored_bytes"] as? Double }
    }
    func goldenStored(_ name: String) throws -> [Double] {
      let json = try #require(try Self.goldenJSON(name) as? [String: Any])
      return (json["months"] as? [[String: Any]] ?? []).compactMap { $0["stored_bytes"] as? Double }
    }
    // Support-bot's first plan has no earlier plan: the same as 0.1.0.
    #expect(
      try stored(["--entry", "5", "--months", "3", "--growth", "5%"])
        == (try goldenStored("project-entry-5.json")))
    // Entry 1 (2026-09-01) continues from the month entry 4 (2026-08-01) stored: 75 TB more.
    #expect(
      try stored(["--entry", "1", "--months", "3"])
        == (try goldenStored("project-entry-1.json")).map { $0 + 75e12 })
    // The scenario projects its latest plan, entry 2, not the sweep's last point; by its date
    // entries 4 and 1 stored 150 TB.
    #expect(try goldenStored("project-seed-chat.json") == [225e12, 450e12, 675e12])
    #expect(try stored(["seed-chat", "--months", "3"]) == [247.5e12, 345e12, 442.5e12])
  }

  @Test func planAgainstActualHasOneDefinition() throws {
    let sandbox = try Self.sandbox()
    let csv = try sandbox.succeed([
      "sql",
      "SELECT actual_id, metric, actual, estimate_id, CASE metric WHEN 'storage_bytes' THEN "
        + "round(planned / 1e9, 3) ELSE planned END AS planned FROM plan_vs_actual "
        + "ORDER BY actual_id", "--format", "csv",
    ]).stdout
    // In GB for storage. seed-chat: a month at 75 TB (entry 4), a month at 75 TB (entry 1), 15
    // of October's 31 days at 97.5 TB (entry 2): 197,177.419 GB; 0.1.0 counted 30-day months from the first
    // plan (201,250 GB). support-bot: a month at 1.5 TB, 17 of the 31 days from Oct 15 to
    // Nov 15 at 2.25 TB: 2,733.871 GB (0.1.0: 2,775).
    #expect(
      csv
        == "actual_id,metric,actual,estimate_id,planned\n"
        + "1,storage_bytes,100000000000000,2,197177.419\n2,gpus_required,140,2,145\n"
        + "3,storage_bytes,1500000000000,6,2733.871\n")
  }
}

/// The issue's example: one plan for one date, whichever command asks.
struct OnePlanTests {
  @Test func historyProjectReportAndSQLAgree() throws {
    let sandbox = try Sandbox()
    try sandbox.succeed(["estimate", "seed-chat", "--as-of", "2026-09-01"])
    try sandbox.succeed(["estimate", "seed-chat", "--as-of", "2026-10-01", "--dau", "130M"])
    try sandbox.succeed([
      "actual", "record", "seed-chat", "--metric", "storage", "--value", "100TB", "--date",
      "2026-10-16",
    ])
    // September at 75 TB, then 15 of October's 31 days at 97.5 TB.
    let expected = 75e12 + 97.5e12 * 15 / 31
    let history = try sandbox.succeed(["history", "seed-chat"]).stdout
    #expect(history.contains("storage_bytes  100 TB  122.18 TB      82%  2 (as of 2026-10-01)"))
    let project = try sandbox.succeed([
      "project", "seed-chat", "--months", "1", "--format", "json",
    ]).object()
    let month = try #require((project["months"] as? [[String: Any]])?.first)
    #expect(month["planned_bytes_on_actual_date"] as? Double == expected)
    let report = try sandbox.succeed(["report", "seed-chat", "-o", "-"]).stdout
    #expect(report.contains("<td class=\"num\">100 TB</td><td class=\"num\">122.18 TB</td>"))
    let view = try sandbox.succeed([
      "sql", "SELECT planned FROM plan_vs_actual", "--format", "json",
    ]).json()
    let planned = try #require((view as? [[String: Any]])?.first?["planned"] as? Double)
    #expect(abs(planned - expected) <= expected * 1e-12)
  }
}

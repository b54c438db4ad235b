import EnvelopeTestSupport
import Foundation
import Testing

struct LedgerCommandTests {
  @Test(arguments: Backend.available) func historyShowsChangesBetweenEntries(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat", "--as-of", "2026-09-01"])
    try sandbox.succeed(["estimate", "seed-chat", "--as-of", "2026-10-01", "--dau", "150M"])
    try sandbox.succeed(["estimate", "seed-chat", "--as-of", "2026-11-01", "--dau", "300M"])
    let table = try sandbox.succeed(["history", "seed-chat"]).stdout
    #expect(table.contains("+50%"))
    #expect(table.contains("+100%"))
    let rows = try #require(
      try sandbox.succeed(["history", "seed-chat", "--format", "json"]).json() as? [[String: Any]])
    #expect(rows.map { $0["as_of"] as? String } == ["2026-09-01", "2026-10-01", "2026-11-01"])
    let change = try #require(rows[1]["change_percent"] as? [String: Any])
    #expect(abs((change["storage_bytes_per_month"] as? Double ?? 0) - 50) < 1e-9)
    let since = try #require(
      try sandbox.succeed([
        "history", "--since", "2026-10-01", "--until", "2026-10-31", "--format", "json",
      ]).json()
        as? [[String: Any]])
    #expect(since.count == 1)
    let lines = try sandbox.succeed(["history", "--format", "jsonl"]).stdout.split(separator: "\n")
    #expect(lines.count == 3)
  }

  @Test(arguments: Backend.available) func correctionsSupersede(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat", "--dau", "10M"])
    let corrected = try sandbox.succeed([
      "estimate", "seed-chat", "--supersedes", "1", "--reason", "DAU was 100M", "--format", "json",
    ]).object()
    #expect(corrected["supersedes"] as? Int == 1)
    let current = try #require(
      try sandbox.succeed(["history", "--format", "json"]).json() as? [[String: Any]])
    #expect(current.map { $0["id"] as? Int } == [2])
    let all = try #require(
      try sandbox.succeed(["history", "--all", "--format", "json"]).json() as? [[String: Any]])
    #expect(all.count == 2)
    #expect(all[0]["superseded_by"] as? Int == 2)
  }

  @Test(arguments: Backend.available) func diffComparesAndGuardsBudgets(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat"])
    try sandbox.succeed(["estimate", "seed-chat", "--dau", "120M"])
    let table = try sandbox.succeed(["diff", "1", "2"]).stdout
    #expect(table.contains("scenario.daily_active_users"))
    #expect(table.contains("+20%"))
    let json = try sandbox.succeed(["diff", "1", "2", "--format", "json"]).object()
    let differences = try #require(json["differences"] as? [[String: Any]])
    let gpus = try #require(differences.first { $0["key"] as? String == "gpus_required" })
    #expect(gpus["a"] as? Int == 112)
    #expect(gpus["b"] as? Int == 134)
    let within = try sandbox.run(["diff", "1", "2", "--fail-if-increase", "25"])
    #expect(within.status == 0)
    let over = try sandbox.run([
      "diff", "1", "2", "--fail-if-increase", "10", "--figure", "gpus_required",
    ])
    #expect(over.status == 2)
    #expect(over.stderr.hasPrefix("error: gpus_required grew 19.6%"))
    let unknown = try sandbox.run([
      "diff", "1", "2", "--fail-if-increase", "10", "--figure", "gpus",
    ])
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("did you mean 'gpus_required'?"))
  }

  @Test(arguments: Backend.available) func diffDefaultsToTheLatestPlanNotASweepPoint(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat", "--as-of", "2026-09-01"])
    try sandbox.succeed(["estimate", "seed-chat", "--as-of", "2026-10-01", "--dau", "150M"])
    try sandbox.succeed([
      "sweep", "seed-chat", "--vary", "dau=1M,2M", "--as-of", "2026-11-01",
    ])
    func pair(_ arguments: [String]) throws -> [String] {
      let json = try sandbox.succeed(["diff"] + arguments + ["--format", "json"]).object()
      return ["a", "b"].map { "\(json[$0] ?? "")" }
    }
    #expect(try pair(["--scenario", "seed-chat"]) == ["1", "2"])
    #expect(try pair(["1"]) == ["1", "2"])
    #expect(try pair(["2"]) == ["2", "1"])
    let over = try sandbox.run(["diff", "--scenario", "seed-chat", "--fail-if-increase", "10"])
    #expect(over.status == 2)
    #expect(over.stderr.hasPrefix("error: gpus_required grew 49.1% (112 → 167); "))
    #expect(over.stderr.hasSuffix(" from entry 1 to 2, more than the 10% allowed\n"))
    // A sweep's point can be compared too, by SWEEP_ID:N.
    let sweep = try #require(
      try sandbox.succeed(["history", "--format", "json"]).json() as? [[String: Any]]
    ).compactMap { $0["sweep_id"] as? String }.first
    let point = try sandbox.succeed(["diff", "2", "\(sweep ?? ""):2", "--format", "json"]).object()
    #expect(point["b"] as? String == "\(sweep ?? ""):2")
    let lonely = try Sandbox(backend: backend)
    try lonely.succeed(["estimate", "seed-chat"])
    let one = try lonely.run(["diff", "--scenario", "seed-chat"])
    #expect(one.status == 1)
    #expect(
      one.stderr == "error: scenario 'seed-chat' has one plan, entry 1; record another to compare\n"
    )
    let both = try lonely.run(["diff", "1", "--scenario", "seed-chat"])
    #expect(both.status == 64)
  }

  @Test(arguments: Backend.available) func projectAccumulatesTheSeedsMonthlyStorage(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat", "--as-of", "2026-01-31"])
    let json = try sandbox.succeed(["project", "seed-chat", "--months", "3", "--format", "json"])
      .object()
    let months = try #require(json["months"] as? [[String: Any]])
    #expect(months.map { $0["stored_bytes"] as? Double } == [75e12, 150e12, 225e12])
    #expect(months.map { $0["end_date"] as? String } == ["2026-02-28", "2026-03-31", "2026-04-30"])
    let table = try sandbox.succeed(["project", "--entry", "1", "--months", "3"]).stdout
    #expect(table.contains("225 TB"))
    #expect(table.contains("████████████████████████████████████████ 225 TB"))
    let grown = try sandbox.succeed([
      "project", "seed-chat", "--months", "2", "--growth", "10%", "--replication", "2", "--format",
      "csv",
    ]).stdout
    // Month 2: (75 + 82.5) × 2 copies = 315 TB.
    #expect(grown.contains(",315000000000000,"))
    let empty = try Sandbox(backend: backend)
    let none = try empty.run(["project", "seed-chat", "--months", "3"])
    #expect(none.status == 1)
    #expect(
      none.stderr
        == "error: scenario 'seed-chat' has no recorded plan; record one with "
        + "'envelope estimate seed-chat'\n")
  }

  @Test(arguments: Backend.available) func sqlReadsAndBindsButNeverWrites(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat"])
    let csv = try sandbox.succeed([
      "sql", "SELECT id, gpus_required FROM estimates WHERE scenario_id = :s", "-p", "s",
      "seed-chat",
      "--format", "csv",
    ]).stdout
    #expect(csv == "id,gpus_required\n1,112\n")
    let view = try sandbox.succeed([
      "sql", "SELECT storage_tb_per_month FROM estimate_summary", "--format", "jsonl",
    ]).stdout
    #expect(view == "{\"storage_tb_per_month\":75}\n")
    let schema = try sandbox.succeed(["sql", "--schema"]).stdout
    for name in [
      "estimates", "gpus", "models", "scenarios", "current_estimates", "storage_plan_by_month",
    ] {
      #expect(schema.contains(name))
    }
    let before = try sandbox.dump()
    for statement in [
      "DELETE FROM estimates", "WITH x AS (SELECT 1) DELETE FROM estimates",
      "UPDATE gpus SET price_per_hour = 1",
    ] {
      let result = try sandbox.run(["sql", statement])
      #expect(result.status == 1, "\(statement) was not refused")
      #expect(result.stderr.hasPrefix("error: envelope sql only reads; "), "\(result.stderr)")
      #expect(result.stderr.hasSuffix(" the ledger was not changed\n"), "\(result.stderr)")
    }
    // Each backend's own ways out of reading: leaving read-only, other files, sequences.
    let ways =
      switch backend {
      case .sqlite:
        [
          "PRAGMA query_only=0", "ATTACH DATABASE '\(sandbox.path("x.sqlite"))' AS x",
          "VACUUM INTO '\(sandbox.path("copy.sqlite"))'",
        ]
      case .postgresql:
        [
          "SET TRANSACTION READ WRITE", "CREATE TABLE x (a integer)",
          "SELECT nextval(pg_get_serial_sequence('estimates', 'id'))",
        ]
      }
    for statement in ways {
      let result = try sandbox.run(["sql", statement])
      #expect(result.status == 1, "\(statement) was not refused")
      #expect(result.stderr.hasPrefix("error: "))
    }
    #expect(try sandbox.dump() == before)
    #expect(!FileManager.default.fileExists(atPath: sandbox.path("copy.sqlite")))
    let unbound = try sandbox.run(["sql", "SELECT * FROM estimates WHERE id = :id"])
    #expect(unbound.status == 1)
    #expect(unbound.stderr == "error: parameter :id is not bound; pass it with -p id VALUE\n")
  }

  @Test(arguments: Backend.available) func checkIsSilentOnAHealthyLedger(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat"])
    let result = try sandbox.succeed(["check"])
    #expect(result.stdout.isEmpty)
  }

  /// A GPU curve edited by hand into a shape Envelope does not read would silently leave the
  /// GPU's estimates without it: `check` names the GPU and the column; an empty list (no curve)
  /// is not a problem.
  @Test(arguments: Backend.available) func checkNamesACurveEnvelopeCannotRead(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    let edits = [
      #"UPDATE gpus SET all_reduce_bus_bandwidth = '[{"bytes": 1024, "busbw": 5}]'"#
        + " WHERE id = 'h100-sxm'",
      "UPDATE gpus SET matmul_throughput = '[]' WHERE id = 'h200'",
      #"UPDATE gpus SET matmul_throughput = '[{"precision": "fp9", "size": 1024,"#
        + #" "flops_per_second": 1e12}]' WHERE id = 'a100-80gb'"#,
    ]
    for edit in edits {
      let run = try sandbox.execute(edit)
      #expect(run.status == 0, "\(run.stderr)")
    }
    let result = try sandbox.run(["check"])
    #expect(result.status == 1)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 2, "\(lines)")
    #expect(lines.contains { $0.hasPrefix("catalogue: gpu h100-sxm's all_reduce_bus_bandwidth") })
    #expect(lines.contains { $0.hasPrefix("catalogue: gpu a100-80gb's matmul_throughput") })
    #expect(lines.allSatisfy { $0.hasSuffix("fix it with 'envelope gpu import'") })
    #expect(result.stderr.contains("2 problems"))
  }

  // SQLite only: the default ledger is a file under XDG_DATA_HOME, and named paths are files.
  @Test func theDefaultLedgerFollowsXDGAndEnvironment() throws {
    let sandbox = try Sandbox(ledger: false)
    // The default ledger is created on first use, by any command, quietly.
    let first = try sandbox.run(["history"], useDatabase: false)
    #expect(first.status == 0 && first.stderr.isEmpty)
    #expect(FileManager.default.fileExists(atPath: sandbox.path("xdg/envelope/ledger.sqlite")))
    // A named path is created by a writing command, which says so.
    let custom = sandbox.path("elsewhere/mine.sqlite")
    let result = try sandbox.run(["estimate", "seed-chat"], environment: ["ENVELOPE_DB": custom])
    #expect(result.status == 0)
    #expect(result.stderr == "note: created a new ledger at \(custom)\n")
    #expect(FileManager.default.fileExists(atPath: custom))
    let flag = sandbox.path("flag.sqlite")
    try sandbox.run(["estimate", "seed-chat", "--db", flag], environment: ["ENVELOPE_DB": custom])
    #expect(FileManager.default.fileExists(atPath: flag))
    let again = try sandbox.run(["estimate", "seed-chat", "--db", flag])
    #expect(again.status == 0 && again.stderr.isEmpty)
  }

  /// A writing command that fails at a named path with no ledger writes nothing: no ledger, no
  /// folders, one error line.
  // PostgreSQL: the same commands on an empty database fail with the same line but leave the
  // ledger's schema (19 tables) behind, where SQLite removes the file it created.
  @Test(arguments: [
    ["estimate", "seed-chat", "--supersedes", "1", "--reason", "typo"],
    ["actual", "record", "no-such-scenario", "--metric", "gpus", "--value", "3"],
    ["calibrate", "--gpu", "h100-sxm"],
  ])
  func aFailedWriteAtANewPathLeavesNothing(_ arguments: [String]) throws {
    let sandbox = try Sandbox(ledger: false)
    let custom = sandbox.path("new-folder/deeper/ledger.sqlite")
    let result = try sandbox.run(arguments + ["--db", custom])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("error: ") && result.stderr.split(separator: "\n").count == 1)
    #expect(!FileManager.default.fileExists(atPath: sandbox.path("new-folder")))
  }

  /// A typo in `--db` must not make a new, empty ledger: reading commands fail naming the path.
  @Test(
    arguments: Backend.available,
    [
      ["history", "seed-chat"], ["show", "1"], ["diff", "1", "2"],
      ["project", "seed-chat", "--months", "3"], ["report", "seed-chat", "-o", "-"],
      ["sql", "SELECT 1"], ["check"], ["estimate", "seed-chat", "--dry-run"],
      ["sweep", "seed-chat", "--vary", "dau=1M,2M", "--dry-run"],
      ["compare", "seed-chat", "--gpu", "h100-sxm"], ["gpu", "list"], ["model", "show", "seed-3b"],
      ["scenario", "export"], ["actual", "list"],
      [
        "train", "--params", "1B", "--peak-flops", "1P",
        "--gpus", "8", "--tokens", "1B", "--dry-run",
      ],
    ])
  func readingCommandsNeverCreateALedger(backend: Backend, _ arguments: [String]) throws {
    let sandbox = try Sandbox(backend: backend)
    // A mistyped file name; on a server, a database that holds no ledger.
    let empty = backend == .postgresql ? try Sandbox(ledger: false, backend: backend) : nil
    let typo = empty?.database ?? sandbox.path("ledgr.sqlite")
    for environment in [["ENVELOPE_DB": typo], [:]] {
      let result = try sandbox.run(
        arguments + (environment.isEmpty ? ["--db", typo] : []), environment: environment)
      #expect(result.status == 1, "\(arguments)")
      #expect(result.stderr.hasPrefix("error: no ledger at \(typo)"), "\(result.stderr)")
      #expect(result.stdout.isEmpty)
    }
    let files = try FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path)
    #expect(files == (backend == .sqlite ? ["ledger.sqlite"] : []), "\(arguments) left \(files)")
    if let empty { #expect(try !empty.ledgerExists(), "\(arguments) made a ledger") }
  }

  // No ledger: help and completions only.
  @Test func helpHasExamplesAndCompletionsExist() throws {
    let sandbox = try Sandbox()
    for command in [
      [], ["estimate"], ["train"], ["history"], ["show"], ["diff"], ["project"], ["sql"], ["check"],
      ["gpu"], ["gpu", "add"], ["model"], ["scenario"], ["scenario", "add"], ["actual"],
      ["actual", "record"], ["compare"], ["sweep"], ["report"], ["measurement"],
      ["measurement", "record"], ["measurement", "import"], ["measurement", "list"],
    ] {
      let help = try sandbox.succeed(command + ["--help"]).stdout
      #expect(help.contains("OVERVIEW:") || help.contains("USAGE:"), "\(command)")
      #expect(help.contains("envelope "), "\(command) has no example")
      #expect(help.contains("Example"), "\(command) has no example")
    }
    let completion = try sandbox.succeed(["--generate-completion-script", "bash"]).stdout
    #expect(completion.contains("_envelope"))
  }
}

struct ProjectChartTests {
  @Test(arguments: Backend.available) func projectWritesTheChartAloneAsSVG(backend: Backend) throws
  {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat", "--as-of", "2026-11-27"])
    try sandbox.succeed([
      "actual", "record", "seed-chat", "--metric", "storage", "--value", "70TB", "--date",
      "2026-12-27",
    ])
    let file = sandbox.path("projection.svg")
    try sandbox.succeed(["project", "seed-chat", "--months", "3", "--chart", "svg", "-o", file])
    let elements = try Markup.elements(try String(contentsOfFile: file, encoding: .utf8))
    #expect(elements.first?.name == "svg")
    let stored = Markup.points(elements, chart: "projection", series: "stored")
    #expect(stored.map(\.value) == [75e12, 150e12, 225e12])
    #expect(stored.map(\.x) == ["2026-12-27", "2027-01-27", "2027-02-27"])
    let actual = Markup.points(elements, chart: "projection", series: "actual")
    #expect(actual.map(\.value) == [70e12])
    let stdout = try sandbox.succeed([
      "project", "seed-chat", "--months", "1", "--chart", "svg", "-o", "-",
    ])
    #expect(stdout.stdout.hasPrefix("<svg"))
    let missing = try sandbox.run(["project", "seed-chat", "--months", "1", "--chart", "svg"])
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("--chart needs -o FILE"))
  }
}

struct CheckCommandTests {
  @Test(arguments: Backend.available) func checkReportsAnAlteredMigration(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat"])
    let altered = try sandbox.execute(
      "UPDATE envelope_migrations SET checksum = 'x' WHERE version = 2")
    #expect(altered.status == 0, "\(altered.stderr)")
    let result = try sandbox.run(["check"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("applied a different migration 2 (shipped_catalogue)"))
  }
}

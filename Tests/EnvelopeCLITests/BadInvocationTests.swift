import Foundation
import Testing

/// Bad input gives one `error:` line, the right exit code, and an unchanged ledger.
struct BadInvocationTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var arguments: [String]
    var status: Int32
    var message: String
    var testDescription: String { arguments.joined(separator: " ") }

    init(_ arguments: [String], _ status: Int32, _ message: String) {
      self.arguments = arguments
      self.status = status
      self.message = message
    }
  }

  static let cases: [Case] = [
    Case(["estimate", "no-such"], 1, "no scenario 'no-such'"),
    Case(["estimate", "seed-cht"], 1, "no scenario 'seed-cht'; did you mean 'seed-chat'?"),
    Case(
      ["estimate", "--gpu", "a10"], 1, "no GPU 'a10'; did you mean 'a100-40gb' or 'a100-80gb'?"),
    Case(["estimate", "--model", "llama-9"], 1, "no model 'llama-9'"),
    Case(["estimate", "seed-chat", "--dau", "-5"], 64, "--dau"),
    Case(["estimate", "seed-chat", "--dau", "0"], 64, "'--dau <n>': must be greater than 0"),
    Case(["estimate", "seed-chat", "--dau", "NaN"], 64, "'NaN' is invalid for '--dau <n>'"),
    Case(["estimate", "seed-chat", "--dau", "inf"], 64, "'inf' is invalid for '--dau <n>'"),
    Case(["estimate", "seed-chat", "--dau", "1e400"], 64, "'1e400' is invalid for '--dau <n>'"),
    Case(["estimate", "seed-chat", "--dau", ""], 64, "'' is invalid for '--dau <n>': empty"),
    Case(["estimate", "seed-chat", "--request-size", "10XB"], 64, "unknown unit 'XB'"),
    Case(["estimate", "seed-chat", "--index-ratio", "abc"], 64, "--index-ratio"),
    Case(["estimate", "seed-chat", "--index-ratio", "15000%"], 64, "must be at most 10,000%"),
    Case(["estimate", "seed-chat", "--precision", "fp12"], 64, "expected one of fp64"),
    Case(["estimate", "seed-chat", "--precision", "fp8"], 64, "has no fp8 peak"),
    Case(["estimate", "seed-chat", "--days-per-month", "40"], 64, "--days-per-month"),
    Case(["estimate", "seed-chat", "--as-of", "2026-02-30"], 64, "that month has no day 30"),
    Case(["estimate", "seed-chat", "--as-of", "yesterday"], 64, "expected a date like"),
    Case(["estimate", "seed-chat", "--method", "magic"], 64, "magic"),
    Case(["estimate", "seed-chat", "--batch", "1e16"], 64, "must be less than 1e15"),
    Case(["estimate", "seed-chat", "--note", ""], 64, "'--note <text>': must not be empty"),
    Case(["estimate", "SEED-CHAT"], 64, "'<scenario>': a scenario id is 1 to 64 lowercase"),
    Case(["estimate", "seed-chat", "--bogus"], 64, "unknown option '--bogus'"),
    Case(
      ["estimate", "seed-chat", "--supersedes", "1"], 64, "--supersedes and --reason go together"),
    Case(
      ["estimate", "seed-chat", "--supersedes", "99", "--reason", "x"], 1, "no ledger entry 99"),
    Case(["estimate", "seed-chat", "--supersedes", "0", "--reason", "x"], 64, "entry id like 12"),
    Case(["estimate", "seed-chat", "--range"], 64, "--range needs --method roofline"),
    Case(["estimate", "seed-chat", "--peak-factor", "0.5"], 64, "--peak-factor"),
    Case(
      ["estimate", "seed-chat", "--dau", "1e30", "--requests-per-user", "1e30"], 64, "out of range"),
    Case(
      ["train", "--params", "7B", "--gpu", "a100-80gb", "--tokens", "2T"], 64,
      "missing expected argument '--gpus"),
    Case(
      ["train", "--params", "7B", "--gpu", "a100-80gb", "--gpus", "2.5", "--tokens", "2T"], 64,
      "whole number"),
    Case(
      ["train", "--gpu", "a100-80gb", "--gpus", "8", "--tokens", "2T"], 64,
      "one of --model and --params"),
    Case(
      ["train", "--gpus", "8", "--currency", "us"], 64, "'us' is invalid for '--currency <code>'"),
    Case(["train", "--gpus", "8", "--precision", "fp3"], 64, "'fp3' is invalid for '--precision"),
    Case(
      ["train", "--params", "7B", "--gpu", "t4", "--gpus", "8", "--tokens", "2T"], 64,
      "no bf16 peak"),
    Case(
      [
        "train", "--params", "7B", "--gpu", "a100-80gb", "--gpus", "8", "--tokens", "2T",
        "--utilization", "150%",
      ], 64, "--utilization"),
    Case(["show", "42"], 1, "no ledger entry 42"),
    Case(["show", "abc"], 64, "'abc'"),
    Case(["diff"], 64, "give two entries, one entry, or --scenario"),
    Case(["diff", "1", "sweep-x:0"], 64, "'sweep-x:0' is invalid for '<second>'"),
    Case(["diff", "1", "2", "--fail-if-increase", "lots"], 64, "--fail-if-increase"),
    Case(
      ["diff", "1", "2", "--figure", "gpus_required"], 64, "--figure goes with --fail-if-increase"),
    Case(["diff", "1", "--scenario", "seed-chat"], 64, "give entries or --scenario seed-chat"),
    Case(["history", "nope"], 1, "no scenario 'nope'"),
    Case(["history", "--since", "2026-13-01"], 64, "--since"),
    Case(["history", "--until", "soon"], 64, "'soon' is invalid for '--until <YYYY-MM-DD>'"),
    Case(["history", "--since", "2026-10-01", "--until", "2026-09-01"], 64, "is before --since"),
    Case(["project", "seed-chat"], 64, "--months"),
    Case(["project", "seed-chat", "--months", "0"], 64, "--months must be from 1 to 1200"),
    Case(["project", "seed-chat", "--months", "3", "--replication", "0.5"], 64, "replication"),
    Case(
      ["project", "seed-chat", "--months", "3", "--replication", "2000"], 64, "from 1 to 1,000"),
    Case(
      ["project", "seed-chat", "--months", "3", "--growth", "fast"], 64, "'--growth <percent>'"),
    Case(
      ["project", "--entry", "one", "--months", "3"], 64, "'one' is invalid for '--entry <id>'"),
    Case(["compare", "seed-chat", "--max-latency", "5 apples"], 64, "unknown unit 'apples'"),
    Case(["compare", "seed-chat", "--precision", "fp16,fp12"], 64, "'fp12': expected one of"),
    Case(["compare", "seed-chat", "--gpu", "A100"], 64, "a GPU id is 1 to 64"),
    Case(["gpu", "show", "A100"], 64, "'A100' is invalid for '<id>': a GPU id is"),
    Case(["gpu", "add", "new-gpu", "--name", "x"], 64, "at least one peak rate"),
    Case(
      ["gpu", "add", "h100-sxm", "--name", "x", "--fp16", "1P"], 1,
      "a GPU 'h100-sxm' already exists"),
    Case(["gpu", "add", "g", "--fp16", "1P"], 64, "needs --name"),
    Case(["gpu", "update", "a100-80gb", "--memory", "lots"], 64, "--memory"),
    Case(["gpu", "update", "a100-80gb", "--memory", "1e19"], 64, "must be at most 9 EB"),
    Case(["gpu", "update", "a100-80gb", "--name", ""], 64, "'--name <name>': must not be empty"),
    Case(["gpu", "import", "/no/such/file.json"], 1, "cannot read '/no/such/file.json'"),
    Case(
      [
        "model", "add", "m", "--name", "M", "--params", "7B", "--kv-heads", "40",
        "--attention-heads", "32",
      ], 64, "kv_heads"),
    Case(["model", "add", "m", "--name", "M", "--params", "1.5"], 64, "whole number"),
    Case(["model", "update", "llama-2-7b", "--layers", "0"], 64, "whole number of at least 1"),
    Case(["scenario", "add", "s", "--model", "llama-2-7b"], 64, "needs --model, --gpu and --dau"),
    Case(
      [
        "scenario", "add", "s", "--model", "llama-2-7b", "--gpu", "a100-80gb", "--dau", "1M",
        "--currency", "dollars",
      ], 64, "--currency"),
    Case(["scenario", "update", "seed-chat", "--model", "nope"], 1, "no model 'nope'"),
    Case(["scenario", "update", "seed-chat", "--description", "x\ny"], 64, "control characters"),
    Case(["sweep", "seed-chat", "--vary", "dau=1M,-1"], 64, "invalid value '-1' for dau"),
    Case(
      ["actual", "record", "seed-chat", "--metric", "gpus", "--value", "lots"], 64, "for --value"),
    Case(["actual", "list", "--metric", "bogus"], 64, "expected one of storage_bytes"),
    Case(["sql"], 64, "give a query or --schema"),
    Case(["sql", "SELEKT 1"], 1, "syntax error"),
    Case(["sql", "SELECT :a", "-p", "a"], 64, "-p takes a name and a value"),
    Case(["sql", "DROP TABLE estimates"], 1, "error"),
    Case(["nonsense"], 64, "unexpected argument 'nonsense'"),
    // Found by scripts/reliability/bad_input.py: a newline in a value, and a value whose error
    // message used to trap while formatting it.
    Case(["gpu", "show", "x\ny"], 64, "the value 'x\\ny' is invalid for '<id>'"),
    Case(["estimate", "seed-chat", "--tokens", "5e-324"], 64, "qps_per_gpu is out of range"),
    // A batch too large for a whole number trapped when the sweep's point was estimated.
    Case(["sweep", "seed-chat", "--vary", "batch=1e20..1e20:+1"], 64, "must be less than 1e15"),
  ]

  /// Every case in turn on one ledger per backend: as none changes it, each meets the same
  /// ledger, and the whole ledger (the file's `.dump`, the server database's `pg_dump`, with
  /// its sequences) is compared after each.
  @Test(arguments: Backend.available)
  func failsCleanlyAndChangesNothing(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat"])
    var before = try sandbox.dump()
    for bad in Self.cases {
      let result = try sandbox.run(bad.arguments)
      let stderr = "\(bad.arguments): \(result.stderr)"
      #expect(result.status == bad.status, "\(stderr)")
      #expect(result.stderr.hasPrefix("error: "), "\(stderr)")
      #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line: \(stderr)")
      #expect(result.stderr.contains(bad.message), "\(stderr)")
      let after = try sandbox.dump()
      #expect(after == before, "\(bad.arguments) changed the ledger")
      before = after
    }
  }

  /// A refused value's line names the flag, the value and what is accepted, whether the option's
  /// type refused it (`--dau`, `--as-of`) or a reader of the flag's own range (`--days-per-month`).
  // Refused as the command line is read (failsCleanlyAndChangesNothing runs these on both).
  @Test(arguments: [
    (["--dau", "0"], "the value '0' is invalid for '--dau <n>': must be greater than 0"),
    (
      ["--days-per-month", "40"],
      "the value '40' is invalid for '--days-per-month <days>': must be at most 31"
    ),
    (
      ["--as-of", "2026-02-30"],
      "the value '2026-02-30' is invalid for '--as-of <YYYY-MM-DD>': that month has no day 30"
    ),
  ])
  func aRefusedValueIsNamedWithTheReason(_ flag: [String], _ message: String) throws {
    let sandbox = try Sandbox()
    let result = try sandbox.run(["estimate", "seed-chat", "--dry-run"] + flag)
    #expect(result.status == 64)
    #expect(result.stderr == "error: \(message) (see 'envelope help')\n")
  }

  /// A bad value is refused as the command line is parsed, before a writing command would
  /// create the ledger it names (it used to create the file, then refuse the value): no file,
  /// no schema in an empty server database.
  @Test(arguments: Backend.available)
  func aBadValueIsRefusedBeforeTheLedgerIsCreated(backend: Backend) throws {
    let sandbox = try Sandbox(ledger: false, backend: backend)
    for bad in [
      ["--dau", "0"], ["--as-of", "2026-02-30"], ["--supersedes", "x", "--reason", "r"],
    ] {
      let result = try sandbox.run(["estimate", "seed-chat", "--db", sandbox.database] + bad)
      #expect(result.status == 64)
      #expect(result.stderr.hasPrefix("error: the value "), "\(result.stderr)")
      #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line: \(result.stderr)")
      #expect(try !sandbox.ledgerExists())
    }
  }

  // SQLite only: files that are not SQLite ledgers (text, truncated, missing).
  @Test func hostileFilesGiveAClearErrorAndStayUntouched() throws {
    let sandbox = try Sandbox()
    let text = sandbox.path("notes.txt")
    try Data(String(repeating: "not a database\n", count: 100).utf8).write(
      to: URL(fileURLWithPath: text))
    let notSQLite = try sandbox.run(["estimate", "seed-chat", "--db", text])
    #expect(notSQLite.status == 1)
    #expect(notSQLite.stderr.contains("is not an SQLite database"))
    #expect(try String(contentsOfFile: text, encoding: .utf8).hasPrefix("not a database"))
    // A query that reads no table still checks the file (found by hostile-files.sh).
    let selectOne = try sandbox.run(["sql", "SELECT 1", "--db", text])
    #expect(selectOne.status == 1)
    #expect(selectOne.stderr.contains("is not an SQLite database"))

    try sandbox.succeed(["estimate", "seed-chat"])
    let truncated = sandbox.path("truncated.sqlite")
    let whole = try Data(contentsOf: URL(fileURLWithPath: sandbox.database))
    try whole.prefix(whole.count / 3).write(to: URL(fileURLWithPath: truncated))
    let damaged = try sandbox.run(["history", "--db", truncated])
    #expect(damaged.status == 1)
    #expect(damaged.stderr.hasPrefix("error: "))
    #expect(damaged.stderr.filter { $0 == "\n" }.count == 1)

    let missing = try sandbox.run(["sql", "SELECT 1", "--db", sandbox.path("absent.sqlite")])
    #expect(missing.status == 1)
    #expect(missing.stderr.hasPrefix("error: no ledger at "))
    let check = try sandbox.run(["check", "--db", sandbox.path("absent.sqlite")])
    #expect(check.status == 1)
  }

  @Test(arguments: Backend.available) func aLedgerFromANewerEnvelopeIsRefused(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat"])
    let future = try sandbox.execute(
      "INSERT INTO envelope_migrations (version, name, checksum) VALUES (999, 'future', 'x')")
    #expect(future.status == 0, "\(future.stderr)")
    let before = try sandbox.dump()
    let result = try sandbox.run(["estimate", "seed-chat"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("was written by a newer Envelope (schema version 999"))
    #expect(try sandbox.dump() == before)
  }

  // SQLite only: a file the user may not write (a server's rights are PostgresRolesTests').
  @Test func aReadOnlyLedgerRefusesWritesButReads() throws {
    let sandbox = try Sandbox()
    try sandbox.succeed(["estimate", "seed-chat"])
    let before = try sandbox.dump()
    // Root ignores permission bits, so the file is made immutable instead where possible.
    let isRoot = getuid() == 0
    if isRoot {
      let chattr = Process()
      chattr.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      chattr.arguments = ["chattr", "+i", sandbox.database]
      try chattr.run()
      chattr.waitUntilExit()
      try #require(chattr.terminationStatus == 0, "chattr +i is needed to test as root")
    } else {
      try FileManager.default.setAttributes(
        [.posixPermissions: 0o444], ofItemAtPath: sandbox.database)
    }
    defer {
      if isRoot {
        let chattr = Process()
        chattr.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        chattr.arguments = ["chattr", "-i", sandbox.database]
        try? chattr.run()
        chattr.waitUntilExit()
      }
    }
    let write = try sandbox.run(["estimate", "seed-chat"])
    #expect(write.status == 1)
    #expect(write.stderr.hasPrefix("error: "))
    #expect(
      write.stderr.contains("read-only") || write.stderr.contains("cannot open"), "\(write.stderr)")
    #expect(try sandbox.dump() == before)
  }
}

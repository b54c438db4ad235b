import Foundation
import Testing

/// Every command prints the same on a SQLite ledger and a PostgreSQL one.
///
/// One session of work (catalogue changes, estimates of both methods, history, diffs,
/// projections, actuals, measurements, a calibration, a sweep, a report, plain SQL) runs on
/// each backend; standard output, standard error and the exit code of each command must be the
/// same once the time of recording, sweep ids (made from the time) and the ledger's location
/// are masked.
@Suite(
  .enabled(
    if: TestServer.url != nil, "needs ENVELOPE_TEST_POSTGRES_URL (make test starts a server)"))
struct BackendParityTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("EnvelopeCoreTests/Fixtures/measurements")

  /// The session: each command with the exit code it must end with.
  static let session: [(arguments: [String], status: Int32)] = [
    (["gpu", "list"], 0),
    (["gpu", "show", "h200"], 0),
    (["gpu", "update", "a100-80gb", "--price", "1.80"], 0),
    (
      [
        "gpu", "add", "a10", "--name", "NVIDIA A10", "--fp16", "125T", "--fp32", "31.2T",
        "--memory", "24GB", "--bandwidth", "600GB/s",
      ], 0
    ),
    (["gpu", "update", "a10", "--matmul-efficiency", "0.8", "--bandwidth-efficiency", "85%"], 0),
    (
      [
        "model", "add", "my-moe", "--name", "My MoE", "--params", "46.7B", "--active-params",
        "12.9B",
        "--layers", "32", "--hidden-size", "4096", "--attention-heads", "32", "--kv-heads", "8",
      ], 0
    ),
    (["model", "list", "--format", "json"], 0),
    (["gpu", "export"], 0),
    (["scenario", "list"], 0),
    (["estimate", "seed-chat", "--as-of", "2026-09-01", "--note", "launch plan"], 0),
    (["estimate", "seed-chat", "--as-of", "2026-10-01", "--dau", "150M"], 0),
    (
      [
        "estimate", "seed-chat", "--as-of", "2026-10-01", "--dau", "150M", "--dry-run", "--format",
        "json",
      ], 0
    ),
    (
      [
        "estimate", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--precision", "fp8",
        "--method",
        "roofline", "--dau", "5M", "--requests-per-user", "12", "--input-tokens", "1500",
        "--output-tokens", "400", "--as-of", "2026-10-02",
      ], 0
    ),
    (["history"], 0),
    (["history", "seed-chat", "--format", "json"], 0),
    (["show", "1"], 0),
    (["show", "2", "--format", "json"], 0),
    (["diff", "1", "2"], 0),
    (["diff", "--scenario", "seed-chat", "--fail-if-increase", "20"], 2),
    (["project", "seed-chat", "--months", "3"], 0),
    (["project", "seed-chat", "--months", "3", "--format", "csv"], 0),
    (
      [
        "actual", "record", "seed-chat", "--metric", "storage", "--value", "170TB", "--date",
        "2026-10-16",
      ], 0
    ),
    (
      [
        "actual", "record", "seed-chat", "--metric", "gpus", "--value", "120", "--date",
        "2026-12-01",
      ], 0
    ),
    (["actual", "list", "seed-chat"], 0),
    (["check"], 0),
    (
      [
        "measurement", "record", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--precision",
        "fp8",
        "--gpus", "1", "--tensor-parallel", "1", "--concurrency", "64", "--input-tokens", "1000",
        "--output-tokens", "1000", "--output-tokens-per-second", "3000", "--date", "2026-10-01",
        "--source", "test",
      ], 0
    ),
    (["measurement", "list", "--all", "--format", "json"], 0),
    (["compare", "seed-chat", "--gpu", "a100-80gb,h100-sxm,l4", "--precision", "fp16,fp8"], 0),
    (
      [
        "sweep", "seed-chat", "--vary", "dau=100M,200M,300M", "--vary", "requests-per-user=5,10",
        "--note", "what if", "--as-of", "2026-10-05",
      ], 0
    ),
    (["history", "--sweeps"], 0),
    (["history", "--sweeps", "--format", "jsonl"], 0),
    (["sql", "SELECT id, as_of, gpus_required FROM estimates ORDER BY id"], 0),
    (
      [
        "sql", "SELECT id, gpus_required FROM estimate_summary WHERE scenario_id = :s ORDER BY id",
        "-p", "s", "seed-chat",
      ], 0
    ),
    (["sql", "SELECT count(*) AS n, sum(gpus_required) AS total FROM sweep_point_estimates"], 0),
    (
      [
        "train", "--model", "llama-2-7b", "--gpu", "a100-80gb", "--gpus", "1024", "--tokens", "2T",
        "--dry-run",
      ], 0
    ),
    (
      [
        "scenario", "add", "chat2", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--precision",
        "fp8",
        "--method", "roofline", "--dau", "1M", "--requests-per-user", "10", "--input-tokens",
        "1000",
        "--output-tokens", "200",
      ], 0
    ),
    (["scenario", "update", "chat2", "--dau", "2M"], 0),
    (["estimate", "chat2", "--as-of", "2026-10-06", "--explain"], 0),
    (["estimate", "chat2", "--as-of", "2026-10-07", "--max-ttft", "0.5", "--format", "json"], 0),
    (
      [
        "measurement", "import", fixtures.appendingPathComponent("vllm.json").path, "--from",
        "vllm",
        "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--precision", "fp8", "--gpus", "1",
        "--tensor-parallel", "1",
      ], 0
    ),
    (["calibrate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm"], 0),
    (["estimate", "chat2", "--as-of", "2026-10-09"], 0),
    (["history", "chat2"], 0),
    (["history", "--format", "csv"], 0),
    (["diff", "5", "6"], 0),
    (["report", "seed-chat", "-o", "report.html"], 0),
    (["gpu", "remove", "a10"], 0),
    (["model", "remove", "my-moe"], 0),
    (["show", "99"], 1),
    (["estimate", "no-such-scenario"], 1),
  ]

  @Test func everyCommandPrintsTheSameOnBothBackends() throws {
    let sqlite = try Sandbox(backend: .sqlite)
    let server = try Sandbox(backend: .postgresql)
    for (arguments, status) in Self.session {
      let local = try run(arguments, in: sqlite)
      let remote = try run(arguments, in: server)
      #expect(local.status == status, "\(arguments) on SQLite: \(local.stderr)")
      #expect(remote.status == local.status, "\(arguments): exit \(remote.status) on PostgreSQL")
      #expect(remote.stdout == local.stdout, "\(arguments): standard output differs")
      #expect(remote.stderr == local.stderr, "\(arguments): standard error differs")
    }
    let reports = try [sqlite, server].map {
      Self.masked(try String(contentsOfFile: $0.path("report.html"), encoding: .utf8), in: $0)
    }
    #expect(reports[0] == reports[1], "the HTML reports differ")
  }

  /// Runs a command in the sandbox's folder (where `-o report.html` writes) and masks what
  /// differs by nature.
  func run(_ arguments: [String], in sandbox: Sandbox) throws -> Run {
    let relative = arguments.map { $0 == "report.html" ? sandbox.path("report.html") : $0 }
    var result = try sandbox.run(relative)
    result.stdout = Self.masked(result.stdout, in: sandbox)
    result.stderr = Self.masked(result.stderr, in: sandbox)
    return result
  }

  /// The text with recording times, sweep ids and the sandbox's ledger and folder masked.
  static func masked(_ text: String, in sandbox: Sandbox) -> String {
    var text = text.replacingOccurrences(of: sandbox.database, with: "LEDGER")
      .replacingOccurrences(of: sandbox.folder.path, with: "FOLDER")
    for pattern in [
      #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"#, #"sweep-\d{8}-\d{6}-[0-9a-f]{4}"#,
    ] {
      text = text.replacingOccurrences(of: pattern, with: "MASKED", options: .regularExpression)
    }
    return text
  }
}

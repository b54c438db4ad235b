import Foundation
import Testing

struct SweepCommandTests {
  @Test(arguments: Backend.available) func recordsEveryPointUnderOneSweepID(backend: Backend) throws
  {
    let sandbox = try Sandbox(backend: backend)
    let summary = try sandbox.succeed([
      "sweep", "seed-chat", "--vary", "dau=10M..1B:x2", "--vary", "gpu=a100-80gb,h100-sxm",
      "--format", "json",
    ]).object()
    // 10M × 2⁰…2⁶ (7 values) × 2 GPUs.
    #expect(summary["points"] as? Int == 14)
    let sweepID = try #require(summary["sweep_id"] as? String)
    let csv = try sandbox.succeed([
      "sql",
      "SELECT count(*) AS n, min(gpus_required) AS low, max(gpus_required) AS high "
        + "FROM sweep_point_estimates WHERE sweep_id = :s",
      "-p", "s", sweepID, "--format", "csv",
    ]).stdout
    // 10M DAU on H100s: 1e8 ÷ 86,400 = 1,157.4 requests/s ÷ (989.4e12 ÷ 3e12 = 329.8) → 4;
    // 640M on A100s: 74,074.1 requests/s ÷ 104 = 712.25 → 713.
    #expect(csv == "n,low,high\n14,4,713\n")
    let sweeps = try sandbox.succeed(["sql", "SELECT points FROM sweeps", "--format", "csv"]).stdout
    #expect(sweeps == "points\n14\n")
    // Points are not entries: nothing in estimates, the sweep one line in history.
    let entries = try sandbox.succeed([
      "sql", "SELECT count(*) AS count FROM estimates", "--format", "csv",
    ])
    #expect(entries.stdout == "count\n0\n")
    let point = try sandbox.succeed(["show", "\(sweepID):14", "--format", "json"]).object()
    #expect(point["point"] as? Int == 14)
    let inputs = try #require(point["inputs"] as? [String: Any])
    let overrides = try #require(inputs["overrides"] as? [String: Any])
    #expect(overrides["--dau"] as? String == "640000000")
    #expect(overrides["--gpu"] as? String == "h100-sxm")
    let gpu = try #require(inputs["gpu"] as? [String: Any])
    #expect(gpu["id"] as? String == "h100-sxm")
    let results = try #require(point["results"] as? [String: Any])
    #expect(results["gpus_required"] as? Int == 225)
    // The SQL view gives the same snapshot; `->` and `->>` read JSON alike on both backends.
    let viewed = try sandbox.succeed([
      "sql",
      "SELECT inputs -> 'gpu' ->> 'id' AS gpu, gpus_required FROM "
        + "sweep_point_estimates WHERE sweep_id = :s AND point = 14", "-p", "s", sweepID,
      "--format", "csv",
    ]).stdout
    #expect(viewed == "gpu,gpus_required\nh100-sxm,225\n")
    let bad = try sandbox.run(["show", "\(sweepID):15"])
    #expect(bad.status == 1)
    #expect(bad.stderr == "error: sweep \(sweepID) has points 1 to 14, not 15\n")
  }

  @Test(arguments: Backend.available) func aFailingPointRecordsNothing(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat"])
    let before = try sandbox.dump()
    let result = try sandbox.run([
      "sweep", "seed-chat", "--vary", "dau=1M,2M,3M", "--vary", "precision=fp16,fp8",
    ])
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("error: point 2 (--dau 1000000 --precision fp8)"))
    #expect(result.stderr.hasSuffix("nothing was recorded\n"))
    #expect(try sandbox.dump() == before)
  }

  @Test(arguments: Backend.available) func dryRunStreamsWithoutRecording(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    let csv = try sandbox.succeed([
      "sweep", "seed-chat", "--vary", "dau=1M..3M:+1M", "--dry-run", "--format", "csv",
    ]).stdout
    let lines = csv.split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines[0].hasPrefix("dau,gpus_required,trps"))
    // 3M × 10 ÷ 86,400 = 347.2 requests/s ÷ 104 = 3.34 → 4 GPUs.
    #expect(lines[3].hasPrefix("3000000,4,"))
    let count = try sandbox.succeed([
      "sql", "SELECT count(*) AS n FROM estimates", "--format", "csv",
    ])
    #expect(count.stdout == "n\n0\n")
  }

  static let badGrids = [
    (["sweep", "seed-chat"], "at least one --vary"),
    (["sweep", "seed-chat", "--vary", "dua=1M"], "cannot vary 'dua'; did you mean 'dau'?"),
    (["sweep", "seed-chat", "--vary", "dau"], "expected NAME=VALUES"),
    (["sweep", "seed-chat", "--vary", "dau=5M..1M:+1M"], "start ≤ end"),
    (["sweep", "seed-chat", "--vary", "dau=1M..5M:1M"], "the step must start with +"),
    (
      ["sweep", "seed-chat", "--vary", "dau=1..1e9:+1", "--vary", "tokens=1..1000:+1"],
      "more than"
    ),
    (["sweep", "seed-chat", "--vary", "gpu=a100-80gb..h100-sxm:+1"], "takes a list"),
    (["sweep", "seed-chat", "--vary", "dau=1M", "--vary", "dau=2M"], "given twice"),
    (["sweep", "seed-chat", "--vary", "gpu=nope"], "no GPU 'nope'"),
  ]

  @Test(arguments: Backend.available, badGrids)
  func badGridsAreRefused(backend: Backend, _ grid: ([String], String)) throws {
    let (arguments, message) = grid
    let sandbox = try Sandbox(backend: backend)
    let result = try sandbox.run(arguments)
    #expect(result.status == 64 || result.status == 1)
    #expect(result.stderr.hasPrefix("error: "))
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }
}

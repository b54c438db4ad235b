import Foundation
import Testing

/// `envelope ledger copy`: a whole ledger to a new one, on either backend, checked.
struct LedgerCopyTests {
  /// A ledger with something in every table: catalogue changes, entries (one superseding
  /// another), a sweep, an actual, a measurement and a calibration.
  static func filled(_ sandbox: Sandbox) throws {
    try sandbox.succeed(["gpu", "update", "a100-80gb", "--price", "1.80"])
    try sandbox.succeed(["estimate", "seed-chat", "--as-of", "2026-09-01", "--note", "plan"])
    try sandbox.succeed([
      "estimate", "seed-chat", "--as-of", "2026-09-01", "--dau", "120M", "--supersedes", "1",
      "--reason", "more users",
    ])
    try sandbox.succeed(["sweep", "seed-chat", "--vary", "dau=1M,2M,3M", "--as-of", "2026-09-02"])
    try sandbox.succeed([
      "actual", "record", "seed-chat", "--metric", "gpus", "--value", "120", "--date", "2026-10-01",
    ])
    try sandbox.succeed([
      "measurement", "record", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--precision",
      "fp8", "--gpus", "1", "--tensor-parallel", "1", "--concurrency", "64", "--input-tokens",
      "1000", "--output-tokens", "1000", "--output-tokens-per-second", "3000", "--date",
      "2026-10-01", "--source", "test",
    ])
    try sandbox.succeed(["calibrate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm"])
  }

  /// What the ledger shows: every entry and sweep point, a snapshot, measurements, the plan
  /// against actuals.
  static func views(_ sandbox: Sandbox) throws -> [String] {
    try [
      ["history", "--sweeps", "--format", "json"], ["show", "2", "--format", "json"],
      ["measurement", "list", "--all", "--format", "json"], ["actual", "list", "seed-chat"],
      ["gpu", "show", "a100-80gb", "--format", "json"], ["history", "seed-chat"],
    ].map { try sandbox.succeed($0).stdout }
  }

  @Test(arguments: Backend.available, Backend.available)
  func aCopyShowsWhatTheSourceShows(from: Backend, to: Backend) throws {
    let source = try Sandbox(backend: from)
    try Self.filled(source)
    let destination = try Sandbox(ledger: false, backend: to)
    let copy = try source.run([
      "ledger", "copy", "--from", source.database, "--to", destination.database, "--format",
      "json",
    ])
    #expect(copy.status == 0, "\(copy.stderr)")
    let tables = try #require(try copy.json() as? [[String: Any]])
    #expect(tables.count == 9)
    for table in tables {
      #expect(table["matches"] as? Bool == true, "\(table)")
      #expect(table["source_rows"] as? Int == table["destination_rows"] as? Int)
    }
    let counts = Dictionary(
      uniqueKeysWithValues: tables.map { ($0["table"] as? String ?? "", $0["source_rows"] as? Int) }
    )
    #expect(counts["estimates"] == 2)
    #expect(counts["sweep_points"] == 3)
    #expect(counts["calibrations"] == 1)
    #expect(try Self.views(destination) == Self.views(source))
    // Ids carry on after the copied ones.
    let next = try destination.succeed(["estimate", "seed-chat", "--format", "json"]).object()
    #expect(next["entry_id"] as? Int == 3)
  }

  @Test(arguments: Backend.available)
  func aDestinationThatHoldsAnythingIsRefusedAndUntouched(backend: Backend) throws {
    let source = try Sandbox()
    try source.succeed(["estimate", "seed-chat"])
    let destination = try Sandbox(backend: backend)
    try destination.succeed(["estimate", "seed-chat", "--as-of", "2026-01-01"])
    let before = try destination.succeed(["history", "--sweeps", "--format", "json"]).stdout
    let refused = try source.run([
      "ledger", "copy", "--from", source.database, "--to", destination.database,
    ])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("is not empty (estimates holds 1 rows)"), "\(refused.stderr)")
    #expect(try destination.succeed(["history", "--sweeps", "--format", "json"]).stdout == before)
    // A catalogue of its own is the destination's too.
    let edited = try Sandbox(backend: backend)
    try edited.succeed(["gpu", "update", "l4", "--price", "0.80"])
    let refusedAgain = try source.run([
      "ledger", "copy", "--from", source.database, "--to", edited.database,
    ])
    #expect(refusedAgain.status == 1)
    #expect(refusedAgain.stderr.contains("has catalogue changes of its own"))
  }

  // SQLite only: a missing file, and no file created in its place.
  @Test func aMissingSourceIsNamedAndNothingIsCreated() throws {
    let sandbox = try Sandbox(ledger: false)
    let missing = sandbox.path("nope.sqlite")
    let target = sandbox.path("copy.sqlite")
    let result = try sandbox.run(["ledger", "copy", "--from", missing, "--to", target])
    #expect(result.status == 1)
    #expect(result.stderr.contains("no ledger at \(missing)"))
    #expect(!FileManager.default.fileExists(atPath: target))
  }
}

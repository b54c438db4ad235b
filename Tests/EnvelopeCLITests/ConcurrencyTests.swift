import Foundation
import Testing

struct ConcurrencyTests {
  /// 16 processes each record 25 estimates on a new ledger: 400 entries, no error, each
  /// writer's 25 entries all there once, the ids 1 to 400 without a gap.
  @Test(arguments: Backend.available)
  func sixteenWritersOnANewLedger(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    let script = """
      for i in $(seq 1 25); do
        "$ENVELOPE" estimate seed-chat --db "$DB" --note "writer $WRITER" --format json \
          >/dev/null || exit 1
      done
      """
    var processes: [(Process, Pipe)] = []
    for writer in 0..<16 {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", script]
      process.environment = [
        "ENVELOPE": Sandbox.binary, "DB": sandbox.database, "PATH": "/usr/bin:/bin",
        "WRITER": String(writer), "HOME": sandbox.folder.path,
      ]
      let error = Pipe()
      process.standardError = error
      processes.append((process, error))
    }
    for (process, _) in processes { try process.run() }
    for (process, error) in processes {
      let message = String(
        decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "\(message)")
    }
    let totals = try sandbox.succeed([
      "sql",
      "SELECT count(*) AS n, count(DISTINCT id) AS ids, min(id) AS low, max(id) AS high "
        + "FROM estimates", "--format", "csv",
    ])
    #expect(totals.stdout == "n,ids,low,high\n400,400,1,400\n")
    let writers = try sandbox.succeed([
      "sql", "SELECT note, count(*) AS n FROM estimates GROUP BY note ORDER BY note",
      "--format", "csv",
    ]).stdout.split(separator: "\n").dropFirst()
    #expect(writers.count == 16)
    #expect(writers.allSatisfy { $0.hasSuffix(",25") }, "\(writers)")
    #expect(try sandbox.succeed(["check"]).stdout.isEmpty)
  }
}

import Foundation
import Testing

struct ConcurrencyTests {
  /// 16 processes each record 25 estimates on a new ledger file: 400 entries, no error.
  @Test func sixteenWritersOnANewFile() throws {
    let sandbox = try Sandbox()
    let script = """
      for i in $(seq 1 25); do
        "$ENVELOPE" estimate seed-chat --db "$DB" --format json >/dev/null || exit 1
      done
      """
    var processes: [Process] = []
    for _ in 0..<16 {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", script]
      process.environment = [
        "ENVELOPE": Sandbox.binary, "DB": sandbox.database, "PATH": "/usr/bin:/bin",
      ]
      let error = Pipe()
      process.standardError = error
      processes.append(process)
    }
    for process in processes { try process.run() }
    for process in processes {
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
    }
    let count = try sandbox.succeed([
      "sql", "SELECT count(*) AS n FROM estimates", "--format", "csv",
    ])
    #expect(count.stdout == "n\n400\n")
    #expect(try sandbox.succeed(["check"]).stdout.isEmpty)
  }
}

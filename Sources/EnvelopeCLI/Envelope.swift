import ArgumentParser
import EnvelopeCore
import EnvelopeStore
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `envelope` command: a capacity-planning ledger for AI systems.
public struct Envelope: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "envelope",
    abstract: "A capacity-planning ledger for AI systems: GPUs, storage, bandwidth, cost.",
    discussion: """
      Envelope answers "how many GPUs, how much disk, how much bandwidth, how long to train, \
      what does it cost" with the back-of-the-envelope formulas of the seed method and the \
      roofline method, and records every estimate as a dated, immutable ledger entry in one \
      SQLite file, so plans can be compared over time and queried with SQL.

      Examples:
        envelope estimate seed-chat     # estimate and record the seed's scenario
        envelope estimate seed-chat --dau 200M --dry-run
        envelope train --model llama-2-7b --gpu a100-80gb --gpus 1024 --tokens 2T
        envelope history seed-chat
        envelope sql "SELECT id, as_of, gpus_required FROM estimates"

      Exit codes: 0 success; 1 the command failed (unknown id, refused write, damaged \
      ledger); 2 a limit was exceeded (diff --fail-if-increase); 64 the command line could \
      not be used as written.
      """,
    version: EnvelopeVersion.current,
    subcommands: [
      Estimate.self, Train.self, History.self, Show.self, Diff.self, Project.self, Sweep.self,
      Compare.self, Report.self, Calibrate.self,
      ActualCommand.self, MeasurementCommand.self, GPUCommand.self, ModelCommand.self,
      ScenarioCommand.self, SQL.self,
      Check.self, LedgerCommand.self,
    ]
  )

  public init() {}

  /// Runs the command line and returns the process's exit code.
  ///
  /// Every failure is one `error:` line on standard error; help goes to standard output.
  ///
  /// - Parameter arguments: The arguments after the program name.
  /// - Returns: 0 on success, 1 on failure, 2 when a limit was exceeded, 64 on a usage error.
  public static func run(_ arguments: [String]) -> Int32 {
    signal(SIGPIPE, SIG_IGN)
    ServerHandoff.handOffIfNeeded(arguments)
    var command: any ParsableCommand
    do {
      command = try parseAsRoot(arguments)
    } catch {
      return reportParsing(error)
    }
    do {
      try command.run()
      Console.flush()
      CreatedLedger.shared.announce()
      return 0
    } catch let error as ExitCode {
      Console.flush()
      if error.rawValue == 0 {
        CreatedLedger.shared.announce()
      } else {
        CreatedLedger.shared.discard()
      }
      return error.rawValue
    } catch let error where error is CLIError || error is EngineError || error is StoreError {
      CreatedLedger.shared.discard()
      let failure = CLIError(error)
      Console.error("error: " + failure.description)
      return failure.exitCode
    } catch {
      CreatedLedger.shared.discard()
      // ArgumentParser's own: help, version, completion scripts, validation errors.
      return reportParsing(error)
    }
  }

  /// Reports what ArgumentParser raised: help and version on standard output, a usage error
  /// as one line on standard error with exit code 64.
  static func reportParsing(_ error: any Error) -> Int32 {
    let code = exitCode(for: error)
    if code == .success {
      Console.line(fullMessage(for: error))
      Console.flush()
      return 0
    }
    // A typed option's refusal says why (`: must be greater than 0`) after ArgumentParser's
    // `The value '0' is invalid for '--dau <n>'`.
    let message = Refusal.explain(firstLine(of: message(for: error)))
    Console.error("error: " + lowercasedFirst(message) + " (see 'envelope help')")
    return code == .failure ? 64 : code.rawValue
  }

  /// A message of ArgumentParser up to its first indented line.
  ///
  /// The indented lines continue a message (an `or:` alternative); a line break in a value the
  /// user typed (`'x\ny'`) is kept, for ``Console/error(_:)`` to write escaped.
  static func firstLine(of message: String) -> String {
    guard let indented = message.range(of: "\n ") else { return message }
    return String(message[..<indented.lowerBound])
  }

  static func lowercasedFirst(_ text: String) -> String {
    guard let first = text.first else { return text }
    if text.dropFirst().first?.isUppercase == true { return text }
    return first.lowercased() + text.dropFirst()
  }
}

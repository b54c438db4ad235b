import ArgumentParser
import EnvelopeCore
import Foundation

/// Flags that say how an estimate is recorded in the ledger.
struct RecordingOptions: ParsableArguments {
  @Flag(help: "Compute and print without recording a ledger entry.")
  var dryRun = false

  @Option(
    help: ArgumentHelp("The date the plan is for (default: today, UTC).", valueName: "YYYY-MM-DD"))
  var asOf: String?

  @Option(help: ArgumentHelp("A note kept with the entry.", valueName: "text"))
  var note: String?

  @Option(help: ArgumentHelp("The entry this one corrects (needs --reason).", valueName: "entry"))
  var supersedes: Int64?

  @Option(help: ArgumentHelp("Why this entry corrects the one it supersedes.", valueName: "text"))
  var reason: String?

  func validate() throws {
    if (supersedes == nil) != (reason == nil) {
      throw ValidationError("--supersedes and --reason go together")
    }
    if let supersedes, supersedes < 1 {
      throw ValidationError("--supersedes needs an entry id of at least 1")
    }
  }

  /// The `as_of` date: the flag's, else today in UTC.
  func date() throws -> CalendarDate {
    try Parse.date(asOf, "--as-of") ?? Clock.today()
  }

  /// The entry to record.
  func entry(
    kind: EntryKind, scenarioID: String?, method: EstimationMethod, inputs: JSONValue,
    figures: [Figure], sweepID: String? = nil
  ) throws -> NewLedgerEntry {
    NewLedgerEntry(
      recordedAt: Clock.timestamp(), asOf: try date(), kind: kind, scenarioID: scenarioID,
      method: method, envelopeVersion: EnvelopeVersion.current,
      note: try Parse.text(note, "--note"), supersedes: supersedes,
      supersedeReason: try Parse.text(reason, "--reason"), sweepID: sweepID, inputs: inputs,
      figures: figures)
  }
}

/// The one place commands read the clock.
enum Clock {
  /// Now, UTC ISO 8601 to the second.
  static func timestamp() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date())
  }

  /// Today's date in UTC.
  static func today() -> CalendarDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    return
      (try? CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1))
      ?? CalendarDate.epoch
  }
}

extension CalendarDate {
  static let epoch: CalendarDate = {
    guard let date = try? CalendarDate(year: 1970, month: 1, day: 1) else {
      preconditionFailure("1970-01-01 is a date")
    }
    return date
  }()
}

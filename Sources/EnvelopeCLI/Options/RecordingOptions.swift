import ArgumentParser
import EnvelopeCore
import Foundation

/// Flags that say how an estimate is recorded in the ledger.
struct RecordingOptions: ParsableArguments {
  @Flag(help: "Compute and print without recording a ledger entry.")
  var dryRun = false

  @Option(
    help: ArgumentHelp("The date the plan is for (default: today, UTC).", valueName: "YYYY-MM-DD"))
  var asOf: Typed<CalendarDate>?

  @Option(help: ArgumentHelp("A note kept with the entry.", valueName: "text"))
  var note: Typed<Text>?

  @Option(help: ArgumentHelp("The entry this one corrects (needs --reason).", valueName: "entry"))
  var supersedes: Typed<EntryID>?

  @Option(help: ArgumentHelp("Why this entry corrects the one it supersedes.", valueName: "text"))
  var reason: Typed<Text>?

  func validate() throws {
    if (supersedes == nil) != (reason == nil) {
      throw ValidationError("--supersedes and --reason go together")
    }
  }

  /// The `as_of` date: the flag's, else today in UTC.
  func date() -> CalendarDate {
    asOf?.value ?? Clock.today()
  }

  /// The entry to record.
  func entry(
    kind: EntryKind, scenarioID: String?, method: EstimationMethod, snapshot: EntrySnapshot,
    figures: [Figure], sweepID: String? = nil
  ) -> NewLedgerEntry {
    NewLedgerEntry(
      asOf: date(), kind: kind, scenarioID: scenarioID,
      method: method, envelopeVersion: EnvelopeVersion.current,
      note: note?.value, supersedes: supersedes?.value,
      supersedeReason: reason?.value, sweepID: sweepID, snapshot: snapshot,
      figures: figures)
  }
}

/// The one place commands read the clock.
///
/// Both values come from ``UTCTimestamp``'s arithmetic rather than `ISO8601DateFormatter` or
/// `Calendar`, whose locale and time-zone set-up was a visible share of a recorded
/// estimate's start-up time.
enum Clock {
  /// Now, UTC ISO 8601 to the second.
  static func timestamp() -> String {
    now().description
  }

  /// Today's date in UTC.
  static func today() -> CalendarDate {
    now().date
  }

  /// Now, to the second.
  private static func now() -> UTCTimestamp {
    UTCTimestamp(secondsSince1970: Int64(Date().timeIntervalSince1970.rounded(.down)))
  }
}

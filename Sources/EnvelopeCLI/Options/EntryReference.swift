import EnvelopeCore
import EnvelopeStore

/// An entry named on the command line: its id (`12`), or a sweep's point (`SWEEP_ID:3`).
enum EntryReference: Equatable, CustomStringConvertible {
  case entry(Int64)
  case point(sweepID: String, index: Int)

  /// Reads `12` or `sweep-20261127-093000-4f2a:3`.
  ///
  /// - Throws: ``Refusal`` saying what is expected.
  init(parsing text: String) throws {
    if let id = Int64(text), id > 0 {
      self = .entry(id)
    } else if let colon = text.lastIndex(of: ":"), colon != text.startIndex,
      let index = Int(text[text.index(after: colon)...]), index > 0
    {
      self = .point(sweepID: String(text[..<colon]), index: index)
    } else {
      throw Refusal("expected an entry id like 12 or a sweep point like SWEEP_ID:3")
    }
  }

  var description: String {
    switch self {
    case .entry(let id): return String(id)
    case .point(let sweepID, let index): return "\(sweepID):\(index)"
    }
  }

  /// What the reference names, read from the ledger.
  struct Resolved {
    /// What the entry is: id, dates, scenario, method; first in JSON.
    var header: [(String, JSONValue)]
    var snapshot: EntrySnapshot?
    var figures: [Figure]
    var scenarioID: String?
    /// `Entry 12`, `Point 3 of sweep …`.
    var title: String
  }

  /// Reads the entry or point.
  ///
  /// - Throws: ``StoreError`` for an unknown entry, sweep or point.
  func resolve(in store: Ledger) throws -> Resolved {
    switch self {
    case .entry(let id):
      let entry = try store.entry(id)
      return Resolved(
        header: Self.header(entry), snapshot: entry.snapshot, figures: entry.figures,
        scenarioID: entry.scenarioID, title: "Entry \(entry.id)")
    case .point(let sweepID, let index):
      let sweep = try store.sweep(sweepID)
      let point = try store.sweepPoint(sweepID: sweepID, point: index)
      return Resolved(
        header: [
          ("sweep_id", .string(sweep.id)), ("point", .integer(point.index)),
          ("as_of", .string(sweep.asOf.description)), ("recorded_at", .string(sweep.recordedAt)),
          ("kind", .string(point.snapshot.kind.rawValue)),
          ("scenario_id", .string(sweep.scenarioID)),
          ("method", .string(point.snapshot.method.rawValue)),
          ("note", sweep.note.map(JSONValue.string) ?? .null),
        ], snapshot: point.snapshot, figures: point.figures, scenarioID: sweep.scenarioID,
        title: "Point \(index) of sweep \(sweepID)")
    }
  }

  static func header(_ entry: LedgerEntry) -> [(String, JSONValue)] {
    [
      ("id", .integer(Int(entry.id))), ("as_of", .string(entry.asOf.description)),
      ("recorded_at", .string(entry.recordedAt)), ("kind", .string(entry.kind.rawValue)),
      ("scenario_id", entry.scenarioID.map(JSONValue.string) ?? .null),
      ("method", .string(entry.method.rawValue)),
      ("envelope_version", .string(entry.envelopeVersion)),
      ("note", entry.note.map(JSONValue.string) ?? .null),
      ("supersedes", entry.supersedes.map { .integer(Int($0)) } ?? .null),
      ("supersede_reason", entry.supersedeReason.map(JSONValue.string) ?? .null),
      ("superseded_by", entry.supersededBy.map { .integer(Int($0)) } ?? .null),
      ("sweep_id", entry.sweepID.map(JSONValue.string) ?? .null),
    ]
  }
}

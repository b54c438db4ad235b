/// What a ledger entry estimates.
public enum EntryKind: String, Sendable, Codable, CaseIterable {
  /// A deployment: compute, storage, network (`envelope estimate`).
  case serving
  /// A training run (`envelope train`).
  case training
}

/// An estimate to record: its inputs as they were and its results.
public struct NewLedgerEntry: Sendable, Equatable {
  /// When it is recorded, UTC ISO 8601 (`2026-11-27T09:30:00Z`).
  public var recordedAt: String
  /// The date the plan is for.
  public var asOf: CalendarDate
  public var kind: EntryKind
  public var scenarioID: String?
  public var method: EstimationMethod
  public var envelopeVersion: String
  public var note: String?
  /// The entry this one corrects, and why.
  public var supersedes: Int64?
  public var supersedeReason: String?
  /// A sweep this entry belongs to.
  public var sweepID: String?
  /// The resolved inputs: the GPU's, model's and scenario's values as they were, as JSON.
  public var inputs: JSONValue
  /// The results.
  public var figures: [Figure]

  public init(
    recordedAt: String, asOf: CalendarDate, kind: EntryKind, scenarioID: String? = nil,
    method: EstimationMethod, envelopeVersion: String, note: String? = nil,
    supersedes: Int64? = nil, supersedeReason: String? = nil, sweepID: String? = nil,
    inputs: JSONValue, figures: [Figure]
  ) {
    self.recordedAt = recordedAt
    self.asOf = asOf
    self.kind = kind
    self.scenarioID = scenarioID
    self.method = method
    self.envelopeVersion = envelopeVersion
    self.note = note
    self.supersedes = supersedes
    self.supersedeReason = supersedeReason
    self.sweepID = sweepID
    self.inputs = inputs
    self.figures = figures
  }
}

/// A recorded, immutable ledger entry.
public struct LedgerEntry: Sendable, Equatable {
  public var id: Int64
  public var recordedAt: String
  public var asOf: CalendarDate
  public var kind: EntryKind
  public var scenarioID: String?
  public var method: EstimationMethod
  public var envelopeVersion: String
  public var note: String?
  public var supersedes: Int64?
  public var supersedeReason: String?
  /// The entry that corrects this one, if any.
  public var supersededBy: Int64?
  public var sweepID: String?
  /// The inputs snapshot as recorded (JSON text).
  public var inputsJSON: String
  /// The results as recorded (JSON text).
  public var resultsJSON: String
  /// The key results held as typed columns, by JSON key.
  public var keyFigures: [String: Double]

  public init(
    id: Int64, recordedAt: String, asOf: CalendarDate, kind: EntryKind, scenarioID: String?,
    method: EstimationMethod, envelopeVersion: String, note: String?, supersedes: Int64?,
    supersedeReason: String?, supersededBy: Int64?, sweepID: String?, inputsJSON: String,
    resultsJSON: String, keyFigures: [String: Double]
  ) {
    self.id = id
    self.recordedAt = recordedAt
    self.asOf = asOf
    self.kind = kind
    self.scenarioID = scenarioID
    self.method = method
    self.envelopeVersion = envelopeVersion
    self.note = note
    self.supersedes = supersedes
    self.supersedeReason = supersedeReason
    self.supersededBy = supersededBy
    self.sweepID = sweepID
    self.inputsJSON = inputsJSON
    self.resultsJSON = resultsJSON
    self.keyFigures = keyFigures
  }
}

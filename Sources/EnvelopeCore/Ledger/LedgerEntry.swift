/// What a ledger entry estimates.
public enum EntryKind: String, Sendable, Codable, CaseIterable {
  /// A deployment: compute, storage, network (`envelope estimate`).
  case serving
  /// A training run (`envelope train`).
  case training
}

/// An estimate to record: its inputs as they were and its results.
///
/// The ledger stamps when it is recorded.
public struct NewLedgerEntry: Sendable, Equatable {
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
  /// The resolved inputs: the GPU's, model's and scenario's values as they were.
  public var snapshot: EntrySnapshot
  /// The results.
  public var figures: [Figure]

  public init(
    asOf: CalendarDate, kind: EntryKind, scenarioID: String? = nil,
    method: EstimationMethod, envelopeVersion: String, note: String? = nil,
    supersedes: Int64? = nil, supersedeReason: String? = nil, sweepID: String? = nil,
    snapshot: EntrySnapshot, figures: [Figure]
  ) {
    self.asOf = asOf
    self.kind = kind
    self.scenarioID = scenarioID
    self.method = method
    self.envelopeVersion = envelopeVersion
    self.note = note
    self.supersedes = supersedes
    self.supersedeReason = supersedeReason
    self.sweepID = sweepID
    self.snapshot = snapshot
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
  /// The inputs as recorded; `nil` when the entry was read as a summary.
  public var snapshot: EntrySnapshot?
  /// The figures as recorded: every one, or only those the ledger holds in typed columns when
  /// the entry was read as a summary.
  public var figures: [Figure]
  /// The calibration the entry's roofline estimate used, if any.
  public var calibrationID: Int64?

  public init(
    id: Int64, recordedAt: String, asOf: CalendarDate, kind: EntryKind, scenarioID: String?,
    method: EstimationMethod, envelopeVersion: String, note: String?, supersedes: Int64?,
    supersedeReason: String?, supersededBy: Int64?, sweepID: String?,
    snapshot: EntrySnapshot?, figures: [Figure], calibrationID: Int64? = nil
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
    self.snapshot = snapshot
    self.figures = figures
    self.calibrationID = calibrationID
  }

  /// A figure's value as a number, if the entry has it.
  ///
  /// - Parameter definition: The figure.
  /// - Returns: Its value, or `nil` when the entry has none or it is text.
  public func number(_ definition: FigureDefinition) -> Double? {
    figures[definition]?.number
  }

  /// Whether the entry is a point of a sweep: exploration, not a plan.
  public var isSweepPoint: Bool { sweepID != nil }

  /// Whether the entry is a plan: a serving estimate, not a sweep point, not superseded.
  public var isPlan: Bool { kind == .serving && sweepID == nil && supersededBy == nil }
}

/// A recorded sweep: its grid and how many points it recorded.
public struct SweepSummary: Sendable, Equatable {
  /// The sweep's id: `sweep-20261127-093000-4f2a`.
  public var id: String
  public var scenarioID: String
  /// When it was recorded, UTC ISO 8601.
  public var recordedAt: String
  /// The date its points are for.
  public var asOf: CalendarDate
  /// Points recorded.
  public var points: Int
  /// Each `--vary` as given: `dau=100M,200M,300M`.
  public var grid: [String]
  public var note: String?

  public init(
    id: String, scenarioID: String, recordedAt: String, asOf: CalendarDate, points: Int,
    grid: [String], note: String? = nil
  ) {
    self.id = id
    self.scenarioID = scenarioID
    self.recordedAt = recordedAt
    self.asOf = asOf
    self.points = points
    self.grid = grid
    self.note = note
  }
}

/// A sweep to record: its grid and what every point shares.
///
/// The ledger stamps when it is recorded.
public struct NewSweep: Sendable, Equatable {
  public var id: String
  public var scenarioID: String
  /// The date the points are for.
  public var asOf: CalendarDate
  public var note: String?
  /// Each `--vary` as given.
  public var grid: [String]
  public var envelopeVersion: String

  public init(
    id: String, scenarioID: String, asOf: CalendarDate, note: String?, grid: [String],
    envelopeVersion: String = EnvelopeVersion.current
  ) {
    self.id = id
    self.scenarioID = scenarioID
    self.asOf = asOf
    self.note = note
    self.grid = grid
    self.envelopeVersion = envelopeVersion
  }
}

/// One point of a sweep: its place in the grid, what it was computed from and its figures.
public struct SweepPoint: Sendable, Equatable {
  /// 1 for the grid's first point.
  public var index: Int
  public var snapshot: EntrySnapshot
  public var figures: [Figure]

  public init(index: Int, snapshot: EntrySnapshot, figures: [Figure]) {
    self.index = index
    self.snapshot = snapshot
    self.figures = figures
  }
}

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

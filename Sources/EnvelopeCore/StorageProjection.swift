/// Storage month by month from a plan: what each month adds and what is stored at its end.
public struct StorageProjection: Sendable, Equatable {
  /// One month of a projection.
  public struct Month: Sendable, Equatable {
    /// 1 for the first month after the plan's date.
    public var index: Int
    /// The date the month ends: the plan's date plus `index` months.
    public var endDate: CalendarDate
    /// Interaction data written during the month.
    public var interactionBytes: Double
    /// Index data written during the month.
    public var indexBytes: Double
    /// User profile data at the end of the month.
    public var profileBytes: Double
    /// Interaction and index data stored at the end of the month, after retention, with
    /// replication: the seed's 75, 150, 225 TB.
    public var storedBytes: Double
    /// `storedBytes` plus the profiles, with replication.
    public var totalBytes: Double
  }

  /// Interaction data written per day at the plan's date.
  public var interactionBytesPerDay: Double
  /// Index data written per day at the plan's date.
  public var indexBytesPerDay: Double
  /// Profile data at the plan's date.
  public var profileBytes: Double
  public var daysPerMonth: Double
  /// Monthly growth of users and traffic, as a fraction (0.05 for 5% a month).
  public var monthlyGrowth: Double
  /// Days interaction and index data are kept; `nil` keeps everything.
  public var retentionDays: Double?
  /// Copies of everything stored (1: none extra).
  public var replication: Double
  public var months: [Month]

  /// Projects storage `monthCount` months from `start`.
  ///
  /// Month m writes (interaction + index per day) × days per month × (1 + growth)^(m−1);
  /// stored data is the sum of what the kept months wrote (the last retention ÷ days per month
  /// months, counting a part month pro rata), times replication. Profiles grow with the users:
  /// profile data × (1 + growth)^m.
  ///
  /// - Parameters:
  ///   - interactionBytesPerDay: Interaction data written per day (the seed's 2 TB).
  ///   - indexBytesPerDay: Index data written per day (the seed's 0.5 TB).
  ///   - profileBytes: Profile data at the start (the seed's 1 TB).
  ///   - daysPerMonth: Days in a month (30).
  ///   - start: The plan's date; month 1 ends one month later.
  ///   - monthCount: Months to project, 1 to 1,200.
  ///   - monthlyGrowth: Growth per month as a fraction, 0 or more.
  ///   - retentionDays: Days data is kept, or `nil` for ever.
  ///   - replication: Copies kept, at least 1.
  /// - Throws: ``EngineError`` for inputs out of range.
  public init(
    interactionBytesPerDay: Double, indexBytesPerDay: Double, profileBytes: Double,
    daysPerMonth: Double, start: CalendarDate, monthCount: Int, monthlyGrowth: Double = 0,
    retentionDays: Double? = nil, replication: Double = 1
  ) throws {
    guard (1...1_200).contains(monthCount) else {
      throw EngineError.outOfRange(
        field: "months", value: String(monthCount), reason: "must be from 1 to 1200")
    }
    try Quantity.check(
      monthlyGrowth, text: HumanFormat.significant(monthlyGrowth), field: "growth",
      range: .nonNegative)
    if let retentionDays {
      try Quantity.check(
        retentionDays, text: HumanFormat.significant(retentionDays), field: "retention_days",
        range: .positive)
    }
    if replication < 1 || !replication.isFinite || replication > 1_000 {
      throw EngineError.outOfRange(
        field: "replication", value: HumanFormat.significant(replication),
        reason: "must be from 1 to 1000")
    }
    self.interactionBytesPerDay = interactionBytesPerDay
    self.indexBytesPerDay = indexBytesPerDay
    self.profileBytes = profileBytes
    self.daysPerMonth = daysPerMonth
    self.monthlyGrowth = monthlyGrowth
    self.retentionDays = retentionDays
    self.replication = replication
    var written: [(interaction: Double, index: Double)] = []
    var months: [Month] = []
    var factor = 1.0
    for index in 1...monthCount {
      let month = (
        interaction: interactionBytesPerDay * daysPerMonth * factor,
        index: indexBytesPerDay * daysPerMonth * factor
      )
      written.append(month)
      factor *= 1 + monthlyGrowth
      let stored = Self.kept(written, retentionMonths: retentionDays.map { $0 / daysPerMonth })
      let profiles = profileBytes * factor
      let record = Month(
        index: index, endDate: start.adding(months: index), interactionBytes: month.interaction,
        indexBytes: month.index, profileBytes: profiles, storedBytes: stored * replication,
        totalBytes: (stored + profiles) * replication)
      guard record.totalBytes.isFinite, record.totalBytes < 1e300 else {
        throw EngineError.resultOutOfRange(
          figure: "stored_bytes", reason: "month \(index) is too large to represent")
      }
      months.append(record)
    }
    self.months = months
  }

  /// The planned stored bytes on `date`, interpolated by day within its month; `nil` outside
  /// the projection.
  ///
  /// - Parameters:
  ///   - date: A date after the plan's date and no later than the last month's end.
  ///   - start: The plan's date.
  /// - Returns: Interaction and index bytes stored on that day, with replication.
  public func storedBytes(on date: CalendarDate, from start: CalendarDate) -> Double? {
    var previousEnd = start
    var previousStored = 0.0
    for month in months {
      if date <= month.endDate {
        guard date > start else { return nil }
        let span = Double(month.endDate.daysSinceEpoch - previousEnd.daysSinceEpoch)
        let elapsed = Double(date.daysSinceEpoch - previousEnd.daysSinceEpoch)
        return previousStored + (month.storedBytes - previousStored) * elapsed / max(span, 1)
      }
      previousEnd = month.endDate
      previousStored = month.storedBytes
    }
    return nil
  }

  /// What the last `retentionMonths` months wrote (all of it when `nil`), a part month pro rata.
  static func kept(_ written: [(interaction: Double, index: Double)], retentionMonths: Double?)
    -> Double
  {
    var remaining = retentionMonths ?? Double(written.count)
    var total = 0.0
    for month in written.reversed() where remaining > 0 {
      let share = min(1, remaining)
      total += (month.interaction + month.index) * share
      remaining -= share
    }
    return total
  }
}

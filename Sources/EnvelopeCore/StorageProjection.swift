/// Storage month by month from a scenario's latest plan: what each month adds and what is
/// stored at its end, continuing from what the earlier plans already stored.
public struct StorageProjection: Sendable, Equatable {
  /// One month of a projection.
  public struct Month: Sendable, Equatable {
    /// 1 for the first month after the latest plan's date.
    public var index: Int
    /// The date the month ends: the latest plan's date plus `index` months.
    public var endDate: CalendarDate
    /// Interaction data written during the month.
    public var interactionBytes: Double
    /// Index data written during the month.
    public var indexBytes: Double
    /// User profile data at the end of the month.
    public var profileBytes: Double
    /// Interaction and index data stored at the end of the month, earlier plans' included,
    /// after retention, with replication: the seed's 75, 150, 225 TB.
    public var storedBytes: Double
    /// `storedBytes` plus the profiles, with replication.
    public var totalBytes: Double
  }

  /// The plans projected from; the last is the one that continues.
  public var plan: StoragePlan
  /// Profile data at the latest plan's date.
  public var profileBytes: Double
  /// Days in a month, for retention given in days.
  public var daysPerMonth: Double
  /// Monthly growth of users and traffic, as a fraction (0.05 for 5% a month).
  public var monthlyGrowth: Double
  /// Days interaction and index data are kept; `nil` keeps everything.
  public var retentionDays: Double?
  /// Copies of everything stored (1: none extra).
  public var replication: Double
  public var months: [Month]

  /// The latest plan's date, where month 1 starts.
  public var start: CalendarDate { latest.start }

  private var latest: StoragePlan.Segment {
    plan.segments[plan.segments.count - 1]
  }

  /// Projects storage `monthCount` months from the latest of `plan`'s plans.
  ///
  /// Month m writes the latest plan's storage per month × (1 + growth)^(m−1); stored data at a
  /// month's end is what every plan wrote (the earlier ones while they were in force) and is
  /// still kept (the last retention ÷ days per month months, a part month pro rata), times
  /// replication. Profiles grow with the users: profile data × (1 + growth)^m.
  ///
  /// - Parameters:
  ///   - plan: The scenario's plans; not empty.
  ///   - profileBytes: Profile data at the latest plan's date (the seed's 1 TB).
  ///   - daysPerMonth: Days in a month (30), for `retentionDays`.
  ///   - monthCount: Months to project, 1 to 1,200.
  ///   - monthlyGrowth: Growth per month as a fraction, 0 or more.
  ///   - retentionDays: Days data is kept, or `nil` for ever.
  ///   - replication: Copies kept, at least 1.
  /// - Throws: ``EngineError`` for inputs out of range or an empty plan.
  public init(
    plan: StoragePlan, profileBytes: Double, daysPerMonth: Double, monthCount: Int,
    monthlyGrowth: Double = 0, retentionDays: Double? = nil, replication: Double = 1
  ) throws {
    guard !plan.segments.isEmpty else {
      throw EngineError.outOfRange(field: "plan", value: "none", reason: "nothing to project")
    }
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
    self.plan = plan
    self.profileBytes = profileBytes
    self.daysPerMonth = daysPerMonth
    self.monthlyGrowth = monthlyGrowth
    self.retentionDays = retentionDays
    self.replication = replication
    self.months = []
    let pieces = self.pieces(monthCount: monthCount)
    let origin = plan.position(of: plan.segments[plan.segments.count - 1].start) ?? 0
    var factor = 1.0
    for month in 1...monthCount {
      let interaction = latest.interactionBytesPerMonth * factor
      let index = latest.indexBytesPerMonth * factor
      factor *= 1 + monthlyGrowth
      let stored = StoragePiece.kept(
        pieces, at: origin + Double(month), retentionMonths: retentionMonths,
        replication: replication)
      let profiles = profileBytes * factor
      let record = Month(
        index: month, endDate: start.adding(months: month), interactionBytes: interaction,
        indexBytes: index, profileBytes: profiles, storedBytes: stored,
        totalBytes: stored + profiles * replication)
      guard record.totalBytes.isFinite, record.totalBytes < 1e300 else {
        throw EngineError.resultOutOfRange(
          figure: "stored_bytes", reason: "month \(month) is too large to represent")
      }
      months.append(record)
    }
  }

  /// Projects one plan's storage `monthCount` months from its date.
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
    try self.init(
      plan: StoragePlan(segments: [
        StoragePlan.Segment(
          start: start, interactionBytesPerMonth: interactionBytesPerDay * daysPerMonth,
          indexBytesPerMonth: indexBytesPerDay * daysPerMonth)
      ]), profileBytes: profileBytes, daysPerMonth: daysPerMonth, monthCount: monthCount,
      monthlyGrowth: monthlyGrowth, retentionDays: retentionDays, replication: replication)
  }

  /// Retention in months: days kept ÷ days per month.
  private var retentionMonths: Double? { retentionDays.map { $0 / daysPerMonth } }

  /// The earlier plans' pieces, then the latest plan's month by month with growth.
  private func pieces(monthCount: Int) -> [StoragePiece] {
    var pieces = plan.pieces(until: 0)
    let origin = pieces.removeLast().from
    var factor = 1.0
    for index in 0..<monthCount {
      pieces.append(
        StoragePiece(
          from: origin + Double(index), to: origin + Double(index + 1),
          bytesPerMonth: latest.bytesPerMonth * factor))
      factor *= 1 + monthlyGrowth
    }
    return pieces
  }

  /// The planned stored bytes on `date`: the plans' storage, with this projection's growth,
  /// retention and replication, continuing from what the earlier plans stored.
  ///
  /// Without growth, retention or replication this is ``StoragePlan/storedBytes(on:)``.
  ///
  /// - Parameter date: A date after the first plan's and no later than the last month's end.
  /// - Returns: Interaction and index bytes stored on that day, or `nil` outside the
  ///   projection.
  public func storedBytes(on date: CalendarDate) -> Double? {
    guard let first = plan.segments.first, first.start < date,
      let last = months.last, date <= last.endDate, let position = plan.position(of: date)
    else { return nil }
    if monthlyGrowth == 0 && retentionDays == nil {
      // The same sum the plan (and the ledger's view) computes, term by term.
      return plan.storedBytes(on: date).map { $0 * replication }
    }
    return StoragePiece.kept(
      pieces(monthCount: months.count), at: position, retentionMonths: retentionMonths,
      replication: replication)
  }
}

/// What a scenario's plans store over time: the one definition of planned storage on a date.
///
/// Each plan is in force from its as-of date until the next plan's and writes its storage per
/// month (interaction and index data) for as long as it is in force, counted in calendar
/// months, a part month by its days (``CalendarDate/months(since:)``). Stored bytes on a date
/// are what every plan in force before it wrote. `envelope history`, `project`, `report` and
/// the ledger's `plan_vs_actual` view all give this number.
public struct StoragePlan: Sendable, Equatable {
  /// One plan in force from `start` until the next segment's start.
  public struct Segment: Sendable, Equatable {
    /// The plan's as-of date.
    public var start: CalendarDate
    /// Interaction and index data written per month: the plan's `storage_bytes_per_month`.
    public var bytesPerMonth: Double
    /// The interaction data of it.
    public var interactionBytesPerMonth: Double
    /// The index data of it.
    public var indexBytesPerMonth: Double
    /// The ledger entry of the plan, if it has one.
    public var entryID: Int64?

    /// A plan writing `interactionBytesPerMonth + indexBytesPerMonth` a month.
    public init(
      start: CalendarDate, interactionBytesPerMonth: Double, indexBytesPerMonth: Double,
      entryID: Int64? = nil
    ) {
      self.init(
        start: start, bytesPerMonth: interactionBytesPerMonth + indexBytesPerMonth,
        interactionBytesPerMonth: interactionBytesPerMonth, indexBytesPerMonth: indexBytesPerMonth,
        entryID: entryID)
    }

    /// A plan writing `bytesPerMonth` a month, of which the given interaction and index data.
    public init(
      start: CalendarDate, bytesPerMonth: Double, interactionBytesPerMonth: Double,
      indexBytesPerMonth: Double, entryID: Int64? = nil
    ) {
      self.start = start
      self.bytesPerMonth = bytesPerMonth
      self.interactionBytesPerMonth = interactionBytesPerMonth
      self.indexBytesPerMonth = indexBytesPerMonth
      self.entryID = entryID
    }
  }

  /// The plans by as-of date; of plans on the same date, the last is the one in force.
  public var segments: [Segment]

  /// A storage plan from plans in any order.
  ///
  /// - Parameter segments: The plans; sorted by start, keeping the given order on ties.
  public init(segments: [Segment]) {
    self.segments = segments.enumerated().sorted {
      ($0.element.start, $0.offset) < ($1.element.start, $1.offset)
    }.map(\.element)
  }

  /// The plan in force on `date`: the last that starts on or before it.
  ///
  /// - Parameter date: Any date.
  /// - Returns: The segment, or `nil` before the first plan.
  public func segment(on date: CalendarDate) -> Segment? {
    segments.last { $0.start <= date }
  }

  /// Where `date` lies on the plan's time axis, in months since the first plan.
  ///
  /// position = Σ months each earlier plan was in force + months since the plan in force
  /// started. Each plan's months are counted from its own as-of date.
  ///
  /// - Parameter date: A date on or after the first plan's.
  /// - Returns: Months, or `nil` before the first plan.
  func position(of date: CalendarDate) -> Double? {
    guard let first = segments.first, first.start <= date else { return nil }
    var position = 0.0
    for (index, segment) in segments.enumerated() {
      let next = index + 1 < segments.count ? segments[index + 1].start : nil
      if let next, next <= date {
        position += next.months(since: segment.start)
      } else {
        return position + date.months(since: segment.start)
      }
    }
    return position
  }

  /// Each plan's writes as pieces of the time axis: (from, to, bytes per month); the last plan's
  /// piece runs to `end`.
  func pieces(until end: Double) -> [StoragePiece] {
    var pieces: [StoragePiece] = []
    var position = 0.0
    for (index, segment) in segments.enumerated() {
      let length =
        index + 1 < segments.count
        ? segments[index + 1].start.months(since: segment.start) : max(0, end - position)
      pieces.append(
        StoragePiece(from: position, to: position + length, bytesPerMonth: segment.bytesPerMonth))
      position += length
    }
    return pieces
  }

  /// Interaction and index data stored on `date`: what the plans in force before it wrote.
  ///
  /// stored = Σ over plans (storage per month × months it was in force before `date`)
  ///
  /// Each plan's months are counted from its own as-of date (``CalendarDate/months(since:)``),
  /// exactly as the ledger's `plan_vs_actual` view counts them.
  ///
  /// - Parameter date: Any date.
  /// - Returns: Bytes, or `nil` on or before the first plan's date (nothing is planned yet).
  public func storedBytes(on date: CalendarDate) -> Double? {
    guard let first = segments.first, first.start < date else { return nil }
    var stored = 0.0
    for (index, segment) in segments.enumerated() where segment.start < date {
      let next = index + 1 < segments.count ? segments[index + 1].start : date
      stored += segment.bytesPerMonth * min(next, date).months(since: segment.start)
    }
    return stored
  }
}

/// Data written at a constant rate over a stretch of a plan's time axis, in months.
struct StoragePiece: Sendable, Equatable {
  var from: Double
  var to: Double
  var bytesPerMonth: Double

  /// What the pieces wrote by `position` and still keep: everything written in the last
  /// `retentionMonths` (all of it when `nil`), times `replication`.
  ///
  /// kept = replication × Σ bytes per month × |[from, to] ∩ [position − retention, position]|
  static func kept(
    _ pieces: [StoragePiece], at position: Double, retentionMonths: Double? = nil,
    replication: Double = 1
  ) -> Double {
    let windowStart = retentionMonths.map { position - $0 } ?? -Double.infinity
    var total = 0.0
    for piece in pieces {
      let overlap = min(piece.to, position) - max(piece.from, windowStart)
      if overlap > 0 { total += piece.bytesPerMonth * overlap }
    }
    return total * replication
  }
}

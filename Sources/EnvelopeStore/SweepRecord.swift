import EnvelopeCore
internal import GRDB

/// A row of `sweeps`: a sweep's grid, its point count and, since version 5, the snapshot its
/// points share (`base_inputs`) and the `number` its points refer to.
struct SweepRecord: FetchableRecord, TableRecord {
  static let databaseTableName = "sweeps"

  var id: String
  var recordedAt: String
  var scenarioID: String
  var grid: String
  var points: Int
  /// The date of the points: the sweep's own, or its first point's for a sweep recorded
  /// before version 5.
  var asOf: String
  var note: String?
  /// The key of its points in `sweep_points`; `nil` for a sweep recorded before version 5,
  /// whose points are entries.
  var number: Int64?
  var baseInputs: String?

  /// Every sweep with its date and note, from its own columns or, for sweeps recorded before
  /// version 5, from its points.
  static let selectSQL = """
    SELECT s.id, s.recorded_at, s.scenario_id, s.grid, s.points, s.number, s.base_inputs,
      coalesce(s.as_of, p.as_of) AS as_of, coalesce(s.note, p.note) AS note
    FROM sweeps AS s
    LEFT JOIN (SELECT sweep_id, min(as_of) AS as_of, min(note) AS note FROM estimates
               WHERE sweep_id IS NOT NULL GROUP BY sweep_id) AS p ON p.sweep_id = s.id
    """

  static let insertSQL = """
    INSERT INTO sweeps (id, recorded_at, scenario_id, grid, points, number, as_of, note,
      envelope_version, base_inputs)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    """

  init(row: Row) throws {
    id = row["id"]
    recordedAt = row["recorded_at"]
    scenarioID = row["scenario_id"]
    grid = row["grid"]
    points = row["points"]
    asOf = row["as_of"] ?? ""
    note = row["note"]
    number = row["number"]
    baseInputs = row["base_inputs"]
  }

  /// The sweep as the engine describes it.
  ///
  /// - Throws: ``StoreError/unreadable(table:id:column:value:)`` for a date it cannot read.
  func summary() throws -> SweepSummary {
    var axes: [String] = []
    if case .array(let values)? = JSONValue(jsonText: grid) {
      for case .string(let axis) in values { axes.append(axis) }
    }
    guard let date = try? CalendarDate.parse(asOf) else {
      throw StoreError.unreadable(
        table: Self.databaseTableName, id: 0, column: "as_of", value: asOf)
    }
    return SweepSummary(
      id: id, scenarioID: scenarioID, recordedAt: recordedAt, asOf: date, points: points,
      grid: axes, note: note)
  }
}

/// A row of `sweep_points`: what a point's snapshot changes from its sweep's base (a JSON merge
/// patch), and its figures, one typed column each
/// (``EnvelopeCore/FigureDefinition/sweepPointColumns``).
struct SweepPointRecord: FetchableRecord, ColumnDecodable, TableRecord {
  static let databaseTableName = "sweep_points"

  var point: Int
  var inputs: String
  var figures: [Figure]

  static let insertSQL = """
    INSERT INTO sweep_points (sweep, point, inputs, \(
      FigureDefinition.sweepPointColumns.map(\.key).joined(separator: ", ")))
    VALUES (?, ?, ?\(String(repeating: ", ?", count: FigureDefinition.sweepPointColumns.count)))
    """

  init(row: Row) throws { self.init(values: IndexedRow(row)) }

  init<Values: ColumnValues>(values row: Values) {
    point = row[column: "point"]
    inputs = row[column: "inputs"]
    figures = []
    for column in FigureDefinition.sweepPointColumns {
      let value = row.databaseValue(column.key)
      switch value.storage {
      case .null, .blob: continue
      case .string(let text): figures.append(Figure(column, .text(text)))
      case .int64(let integer) where column.isWholeNumber:
        figures.append(Figure(column, .integer(Int(integer))))
      case .int64(let integer): figures.append(Figure(column, .number(Double(integer))))
      case .double(let number): figures.append(Figure(column, .number(number)))
      }
    }
  }

  /// The `INSERT`'s arguments for a point.
  ///
  /// - Parameters:
  ///   - point: The point.
  ///   - sweep: Its sweep's `number`.
  ///   - index: Its place in the sweep, from 1, in the order recorded.
  ///   - patch: What its snapshot changes from the sweep's base.
  /// - Returns: The sweep's number, the index, the patch's text, then one value per column.
  /// - Throws: ``StoreError/refused(reason:)`` for a figure no column holds.
  static func arguments(_ point: SweepPoint, sweep: Int64, index: Int, patch: JSONValue) throws
    -> SQLArguments
  {
    var values: SQLArguments = [sweep, index, patch.serialized()]
    values.reserveCapacity(3 + FigureDefinition.sweepPointColumns.count)
    for column in FigureDefinition.sweepPointColumns {
      switch point.figures[column] {
      case .integer(let integer): values.append(integer)
      case .number(let value): values.append(value)
      case .text(let text): values.append(text)
      case nil: values.append(nil)
      }
    }
    if let stray = point.figures.first(where: { !$0.definition.isSweepPointColumn }) {
      throw StoreError.refused(
        reason: "a sweep point cannot hold the figure \(stray.key); nothing was recorded")
    }
    return values
  }

  /// The point, its snapshot the sweep's base with this row's patch applied.
  ///
  /// - Parameters:
  ///   - base: The sweep's base snapshot.
  ///   - sweepID: The sweep, for errors.
  /// - Returns: The point with its full snapshot.
  /// - Throws: ``StoreError`` when the patched snapshot cannot be read.
  func point(base: JSONValue, sweepID: String) throws -> SweepPoint {
    guard let patch = JSONValue(jsonText: inputs) else {
      throw StoreError.database(reason: "point \(point) of sweep \(sweepID) has bad inputs")
    }
    let snapshot = try EntrySnapshot(
      jsonText: base.applyingMergePatch(patch).serialized(), entryID: Int64(point))
    return SweepPoint(index: point, snapshot: snapshot, figures: figures)
  }
}

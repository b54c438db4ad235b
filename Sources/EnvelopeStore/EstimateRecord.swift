import EnvelopeCore
internal import GRDB

/// A row of `estimates`: one recorded entry, its snapshot and results as JSON text and its key
/// figures in typed columns (``EnvelopeCore/FigureDefinition/ledgerColumns``).
///
/// Rows are read with `superseded_by` (the entry that corrects this one) joined in. They are
/// written with a plain `INSERT … RETURNING id` (both backends have it) rather than
/// `PersistableRecord.insert`, which first reads the table's schema: a visible share of a
/// recorded estimate's start-up.
struct EstimateRecord: FetchableRecord, ColumnDecodable, TableRecord {
  static let databaseTableName = "estimates"

  var id: Int64
  var recordedAt: String
  var asOf: String
  var kind: String
  var scenarioID: String?
  var method: String
  var envelopeVersion: String
  var note: String?
  var supersedes: Int64?
  var supersedeReason: String?
  var sweepID: String?
  /// The snapshot's JSON; empty when read as a summary.
  var inputs: String
  /// The figures' JSON; empty when read as a summary.
  var results: String
  /// The typed columns' values, by figure.
  var keyFigures: [(FigureDefinition, Double)]
  var supersededBy: Int64?
  /// The calibration a roofline estimate used.
  var calibrationID: Int64?

  /// The table's columns, in `INSERT` order.
  enum Columns {
    static let id = Column("id")
    static let scenarioID = Column("scenario_id")
    static let asOf = Column("as_of")
    static let sweepID = Column("sweep_id")
    static let written =
      [
        "recorded_at", "as_of", "kind", "scenario_id", "method", "envelope_version", "note",
        "supersedes", "supersede_reason", "sweep_id", "inputs", "results", "calibration_id",
      ] + FigureDefinition.ledgerColumns.map(\.key)
  }

  static let insertSQL = """
    INSERT INTO estimates (\(Columns.written.joined(separator: ", ")))
    VALUES (\(Columns.written.map { _ in "?" }.joined(separator: ", "))) RETURNING id
    """

  /// Every column, and the entry that supersedes this one.
  static let selectSQL = """
    SELECT e.*, (SELECT s.id FROM estimates s WHERE s.supersedes = e.id) AS superseded_by
    FROM estimates e
    """

  /// Every column but the snapshot and results, for listing many entries.
  static let selectSummarySQL = """
    SELECT e.id, e.recorded_at, e.as_of, e.kind, e.scenario_id, e.method, e.envelope_version,
      e.note, e.supersedes, e.supersede_reason, e.sweep_id, '' AS inputs, '' AS results,
      e.calibration_id,
      \(FigureDefinition.ledgerColumns.map { "e." + $0.key }.joined(separator: ", ")),
      (SELECT s.id FROM estimates s WHERE s.supersedes = e.id) AS superseded_by
    FROM estimates e
    """

  init(row: Row) throws { self.init(values: IndexedRow(row)) }

  init<Values: ColumnValues>(values row: Values) {
    id = row[column: "id"]
    recordedAt = row[column: "recorded_at"]
    asOf = row[column: "as_of"]
    kind = row[column: "kind"]
    scenarioID = row[column: "scenario_id"]
    method = row[column: "method"]
    envelopeVersion = row[column: "envelope_version"]
    note = row[column: "note"]
    supersedes = row[column: "supersedes"]
    supersedeReason = row[column: "supersede_reason"]
    sweepID = row[column: "sweep_id"]
    inputs = row[column: "inputs"]
    results = row[column: "results"]
    keyFigures = FigureDefinition.ledgerColumns.compactMap { figure in
      (row[column: figure.key] as Double?).map { (figure, $0) }
    }
    supersededBy = row[column: "superseded_by"]
    calibrationID = row[column: "calibration_id"]
  }

  /// The `INSERT`'s arguments for a new entry.
  ///
  /// - Parameters:
  ///   - entry: The entry.
  ///   - recordedAt: Now, as the ledger's clock says.
  /// - Returns: One value per column of ``Columns/written``.
  /// - Throws: ``StoreError`` when the snapshot cannot be encoded.
  static func arguments(_ entry: NewLedgerEntry, recordedAt: String) throws -> SQLArguments {
    var values: SQLArguments = [
      recordedAt, entry.asOf.description, entry.kind.rawValue, entry.scenarioID,
      entry.method.rawValue, entry.envelopeVersion, entry.note, entry.supersedes,
      entry.supersedeReason, entry.sweepID, try entry.snapshot.jsonText(),
      JSONValue.figures(entry.figures).serialized(), entry.snapshot.calibrationID,
    ]
    for figure in FigureDefinition.ledgerColumns {
      switch entry.figures[figure] {
      case .integer(let integer): values.append(integer)
      case .number(let number): values.append(number)
      case .text, nil: values.append(nil)
      }
    }
    return values
  }

  /// The entry, its snapshot and figures decoded; a summary's figures are its typed columns'.
  ///
  /// - Throws: ``StoreError`` for a kind, method, date, snapshot or results this envelope cannot
  ///   read.
  func entry() throws -> LedgerEntry {
    guard let kind = EntryKind(rawValue: kind) else {
      throw StoreError.unreadable(
        table: Self.databaseTableName, id: id, column: "kind", value: kind)
    }
    guard let method = EstimationMethod(rawValue: method) else {
      throw StoreError.unreadable(
        table: Self.databaseTableName, id: id, column: "method", value: method)
    }
    guard let asOf = try? CalendarDate.parse(asOf) else {
      throw StoreError.unreadable(
        table: Self.databaseTableName, id: id, column: "as_of", value: asOf)
    }
    let figures: [Figure]
    if results.isEmpty {
      figures = keyFigures.map { figure, value in
        let whole = figure.isWholeNumber && value.magnitude < 9e18
        return Figure(figure, whole ? .integer(Int(value)) : .number(value))
      }
    } else {
      figures = try [Figure](jsonText: results, entryID: id)
    }
    return LedgerEntry(
      id: id, recordedAt: recordedAt, asOf: asOf, kind: kind, scenarioID: scenarioID,
      method: method, envelopeVersion: envelopeVersion, note: note, supersedes: supersedes,
      supersedeReason: supersedeReason, supersededBy: supersededBy, sweepID: sweepID,
      snapshot: inputs.isEmpty ? nil : try EntrySnapshot(jsonText: inputs, entryID: id),
      figures: figures, calibrationID: calibrationID)
  }
}

internal import GRDB

/// The `estimates` table, for queries about recorded entries (how many refer to a scenario).
///
/// Entries themselves are written and read with the SQL of `Ledger+Entries.swift`, which
/// turns rows into ``EnvelopeCore/LedgerEntry`` values.
struct EstimateRecord: TableRecord {
  static let databaseTableName = "estimates"

  /// The columns queried through this type.
  enum Columns {
    static let scenarioID = Column("scenario_id")
  }
}

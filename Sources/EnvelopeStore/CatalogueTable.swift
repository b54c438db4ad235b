import EnvelopeCore
internal import GRDB

/// Where the ledger keeps one kind of catalogue item; only the ledger makes them.
///
/// It carries the kind's ``CatalogueRecord`` type as functions, so that the ledger's generic
/// catalogue methods reach it from the item's type alone.
public struct CatalogueTable<Item: CatalogueItem> {
  /// The table's name.
  let name: String
  /// Reads a row of the table.
  let entry: (Row) throws -> CatalogueEntry<Item>
  /// The row for an item, stamped when it was updated and retired.
  let record: (Item, _ updatedAt: String, _ retiredAt: String?) throws -> any PersistableRecord
  /// See ``CatalogueRecord/referrers(of:in:)``.
  let referrers: (String, Database) throws -> String?
  /// See ``CatalogueRecord/requireActiveReferences(of:in:)``.
  let requireActiveReferences: (Item, Database) throws -> Void

  /// The table `Record` maps.
  init<Record: CatalogueRecord>(_: Record.Type) where Record.Item == Item {
    name = Record.databaseTableName
    entry = { try Record(row: $0).entry }
    record = { try Record($0, updatedAt: $1, retiredAt: $2) }
    referrers = Record.referrers(of:in:)
    requireActiveReferences = Record.requireActiveReferences(of:in:)
  }
}

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
  /// Inserts the row for an item, stamped when it was updated and retired.
  let insert: (Item, _ updatedAt: String, _ retiredAt: String?, SQLSession) throws -> Void
  /// Replaces the row of an item, stamped when it was updated and retired.
  let update: (Item, _ updatedAt: String, _ retiredAt: String?, SQLSession) throws -> Void
  /// See ``CatalogueRecord/referrers(of:in:)``.
  let referrers: (String, SQLSession) throws -> String?
  /// See ``CatalogueRecord/requireActiveReferences(of:in:)``.
  let requireActiveReferences: (Item, SQLSession) throws -> Void

  /// The table `Record` maps.
  init<Record: CatalogueRecord>(_: Record.Type) where Record.Item == Item {
    name = Record.databaseTableName
    entry = { try Record(row: $0).entry }
    insert = { try $3.insert(Record($0, updatedAt: $1, retiredAt: $2)) }
    update = { try $3.update(Record($0, updatedAt: $1, retiredAt: $2)) }
    referrers = Record.referrers(of:in:)
    requireActiveReferences = Record.requireActiveReferences(of:in:)
  }
}

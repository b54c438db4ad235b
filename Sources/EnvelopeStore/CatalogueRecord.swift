import EnvelopeCore
internal import GRDB

/// A row of a catalogue table (`gpus`, `models`, `scenarios`): the record type of one kind of
/// ``CatalogueItem``, with the bookkeeping every catalogue table has.
///
/// What differs between the kinds lives here, once each: which rows refer to an item, and
/// what an item must refer to.
protocol CatalogueRecord: FetchableRecord, EncodableRecord, TableRecord {
  /// The kind of item a row holds.
  associatedtype Item: CatalogueItem

  /// The row for `item`, stamped.
  ///
  /// - Parameters:
  ///   - item: The values.
  ///   - updatedAt: When the item was added or last changed, UTC ISO 8601.
  ///   - retiredAt: When the item was retired, or `nil` for an active one.
  /// - Throws: ``StoreError/invalid(field:value:reason:)`` for a value no column can hold.
  init(_ item: Item, updatedAt: String, retiredAt: String?) throws

  /// The item and its bookkeeping.
  var entry: CatalogueEntry<Item> { get }

  /// What refers to the item `id`, as a message names it (`scenarios chat, bot`); `nil` when
  /// nothing does, and the item can be deleted rather than retired.
  ///
  /// - Parameters:
  ///   - id: The item's id.
  ///   - db: The connection.
  /// - Returns: A description of the referring rows, or `nil`.
  /// - Throws: A database error.
  static func referrers(of id: String, in db: SQLSession) throws -> String?

  /// Refuses an item that refers to unknown or retired items.
  ///
  /// - Parameters:
  ///   - item: The item about to be written.
  ///   - db: The connection.
  /// - Throws: ``StoreError/unknown(kind:id:suggestions:)`` or
  ///   ``StoreError/retired(kind:id:)``.
  static func requireActiveReferences(of item: Item, in db: SQLSession) throws
}

extension CatalogueRecord {
  /// GPUs and models refer to nothing.
  static func requireActiveReferences(of item: Item, in db: SQLSession) throws {}
}

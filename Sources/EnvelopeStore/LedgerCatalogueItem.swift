import EnvelopeCore

/// A catalogue item the ledger keeps in a table of its own: a GPU, a model or a scenario.
///
/// The ledger's catalogue methods (``Ledger/items(_:includeRetired:)``, ``Ledger/add(_:)`` and
/// the rest) work on any of them.
public protocol LedgerCatalogueItem: CatalogueItem {
  /// The table that holds items of this kind.
  static var catalogueTable: CatalogueTable<Self> { get }
}

extension GPUProfile: LedgerCatalogueItem {
  public static var catalogueTable: CatalogueTable<GPUProfile> { CatalogueTable(GPURecord.self) }
}

extension ModelProfile: LedgerCatalogueItem {
  public static var catalogueTable: CatalogueTable<ModelProfile> {
    CatalogueTable(ModelRecord.self)
  }
}

extension Scenario: LedgerCatalogueItem {
  public static var catalogueTable: CatalogueTable<Scenario> {
    CatalogueTable(ScenarioRecord.self)
  }
}

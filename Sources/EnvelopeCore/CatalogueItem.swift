/// A value the catalogue keeps under an id: a GPU, a model or a scenario.
///
/// Its `Codable` form is the file `export` writes and `import` reads: snake_case keys, base
/// units, optional fields absent when unset.
public protocol CatalogueItem: Codable, Sendable, Equatable {
  /// A short slug, unique among the items of its kind, such as `a100-80gb`.
  var id: String { get }

  /// What people call an item of this kind in messages: `GPU`, `model`, `scenario`.
  static var kindName: String { get }

  /// Checks the item's own values as strictly as if each had been typed as a flag.
  ///
  /// - Throws: ``EngineError`` naming the field and the value.
  func validate() throws
}

import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore

/// A command over one kind of catalogue item (`gpu`, `model`, `scenario`): its `add` and the
/// flags that set an item's values are its own; `list`, `show`, `update`, `remove`, `import`
/// and `export` are the shared ones of ``Catalogue``.
protocol CatalogueCommand: ParsableCommand {
  /// The kind of item.
  associatedtype Item: LedgerCatalogueItem
  /// The flags `add` and `update` take.
  associatedtype Fields: CatalogueFields where Fields.Item == Item

  /// The kind in the plural, as messages print it (`GPUs`, `models`); lowercased, the key of
  /// the array in an import file.
  static var plural: String { get }

  /// The abstracts of `update`, `remove` and `export`, worded for the kind; those of `list`,
  /// `show` and `import` say the same of every kind.
  static var abstracts: CatalogueAbstracts { get }

  /// The discussion of one of the shared subcommands' help: its examples.
  ///
  /// - Parameter subcommand: The subcommand.
  /// - Returns: The text after the abstract.
  static func discussion(_ subcommand: CatalogueSubcommand) -> String

  /// The table `list` prints for people.
  ///
  /// - Parameter entries: The items listed.
  /// - Returns: One row per item.
  static func table(_ entries: [CatalogueEntry<Item>]) -> Table

  /// Checks what an item needs from the rest of the catalogue before it is written, beyond its
  /// own ``EnvelopeCore/CatalogueItem/validate()``.
  ///
  /// - Parameters:
  ///   - item: The item about to be added, updated or imported.
  ///   - store: The ledger it goes to.
  /// - Throws: ``EnvelopeStore/StoreError`` or ``CLIError`` naming what is missing or wrong.
  static func check(_ item: Item, in store: Ledger) throws
}

extension CatalogueCommand {
  /// GPUs and models need nothing from the rest of the catalogue.
  static func check(_ item: Item, in store: Ledger) throws {}

  /// The kind in the singular, as messages print it.
  static var kind: String { Item.kindName }

  /// The configuration of one of the shared subcommands.
  ///
  /// - Parameter subcommand: The subcommand.
  /// - Returns: Its name and help.
  static func subcommandConfiguration(_ subcommand: CatalogueSubcommand)
    -> CommandConfiguration
  {
    let abstract: String
    switch subcommand {
    case .list: abstract = "List the \(plural)."
    case .show: abstract = "Show one \(kind)."
    case .update: abstract = abstracts.update
    case .remove: abstract = abstracts.remove
    case .import: abstract = "Add or replace \(plural) from a JSON file, all or nothing."
    case .export: abstract = abstracts.export
    }
    return CommandConfiguration(
      commandName: subcommand.name, abstract: abstract, discussion: discussion(subcommand))
  }
}

/// The abstracts of the shared subcommands whose wording differs between kinds.
struct CatalogueAbstracts {
  var update: String
  var remove: String
  var export: String
}

/// The flags that set an item's values, for `add` and `update`.
protocol CatalogueFields: ParsableArguments {
  /// The kind of item.
  associatedtype Item

  /// Applies the flags given onto `item`; their values were read as the command line was parsed.
  ///
  /// - Parameter item: The item to change.
  func apply(to item: inout Item)
}

/// The subcommands every catalogue command shares.
enum CatalogueSubcommand: String {
  case list, show, update, remove, `import`, export

  /// The subcommand's name on the command line.
  var name: String { rawValue }
}

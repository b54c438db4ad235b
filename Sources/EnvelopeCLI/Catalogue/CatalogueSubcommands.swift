import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore

/// The subcommands `gpu`, `model` and `scenario` share, each generic over the
/// ``CatalogueCommand`` it belongs to.
enum Catalogue {
  struct List<Command: CatalogueCommand>: ParsableCommand {
    static var configuration: CommandConfiguration { Command.subcommandConfiguration(.list) }
    @Flag(help: "Include retired \(Command.plural).") var all = false
    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      let entries = try ledger.open(for: .reading).items(Command.Item.self, includeRetired: all)
      if output.format == .table {
        Console.table(Command.table(entries))
      } else {
        try printItems(
          entries.map { (try JSONValue(encoding: $0.value), $0.retiredAt) }, output.format)
      }
    }
  }

  struct Show<Command: CatalogueCommand>: ParsableCommand {
    static var configuration: CommandConfiguration { Command.subcommandConfiguration(.show) }
    @Argument(help: "The \(Command.kind)'s id.") var id: Typed<CatalogueID<Command.Item>>
    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      let entry = try ledger.open(for: .reading).item(Command.Item.self, id: id.value)
      try printItem(try JSONValue(encoding: entry.value), entry, output.format)
    }
  }

  struct Update<Command: CatalogueCommand>: ParsableCommand {
    static var configuration: CommandConfiguration { Command.subcommandConfiguration(.update) }
    @Argument(help: "The \(Command.kind)'s id.") var id: Typed<CatalogueID<Command.Item>>
    @OptionGroup var fields: Command.Fields
    @Flag(help: "Bring back a retired \(Command.kind).") var restore = false
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      let store = try ledger.open(for: .writing)
      var item = try store.item(Command.Item.self, id: id.value).value
      fields.apply(to: &item)
      try item.validate()
      try Command.check(item, in: store)
      try store.update(item, restore: restore)
      Console.line("updated \(Command.kind) \(item.id)")
    }
  }

  struct Remove<Command: CatalogueCommand>: ParsableCommand {
    static var configuration: CommandConfiguration { Command.subcommandConfiguration(.remove) }
    @Argument(help: "The \(Command.kind)'s id.") var id: Typed<CatalogueID<Command.Item>>
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      let outcome = try ledger.open(for: .writing).remove(Command.Item.self, id: id.value)
      switch outcome {
      case .deleted: Console.line("removed \(Command.kind) \(id.value)")
      case .retired(let referencedBy):
        Console.line(
          "retired \(Command.kind) \(id.value): \(referencedBy) refer to it, so it is kept but hidden "
            + "from lists")
      }
    }
  }

  struct Import<Command: CatalogueCommand>: ParsableCommand {
    static var configuration: CommandConfiguration { Command.subcommandConfiguration(.import) }
    @Argument(help: "The JSON file, or - for standard input.") var file: String
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      let items = try CatalogueIO.read(
        Command.Item.self, from: file, key: Command.plural.lowercased())
      try CatalogueIO.refuseDuplicates(items.map(\.id), in: file)
      for item in items {
        guard CatalogueID<Command.Item>.isValid(item.id) else {
          throw CLIError.usage(
            "invalid \(Command.kind) id '\(item.id)': use \(CatalogueID<Command.Item>.rule)")
        }
        try item.validate()
      }
      let store = try ledger.open(for: .writing)
      for item in items { try Command.check(item, in: store) }
      let counts = try store.importItems(items)
      Console.line(
        "imported \(items.count) \(Command.plural): \(counts.added) added, "
          + "\(counts.updated) updated")
    }
  }

  struct Export<Command: CatalogueCommand>: ParsableCommand {
    static var configuration: CommandConfiguration { Command.subcommandConfiguration(.export) }
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file.", valueName: "file"))
    var output: String?
    @Flag(help: "Include retired \(Command.plural).") var all = false
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      try CatalogueIO.write(
        try ledger.open(for: .reading).items(Command.Item.self, includeRetired: all).map(\.value),
        to: output)
    }
  }
}

/// Prints catalogue items as JSON, JSON lines or CSV (keys of the first item as columns).
private func printItems(_ items: [(JSONValue, String?)], _ format: OutputFormat) throws {
  let values = items.map { item, retiredAt -> JSONValue in
    guard case .object(let members) = item else { return item }
    return .object(members + [("retired_at", retiredAt.map(JSONValue.string) ?? .null)])
  }
  switch format {
  case .json, .table: Console.line(JSONValue.array(values).serialized(pretty: true))
  case .jsonl: for item in values { Console.line(item.serialized()) }
  case .csv:
    var keys: [String] = []
    for value in values {
      if case .object(let members) = value {
        for (key, _) in members where !keys.contains(key) { keys.append(key) }
      }
    }
    keys.sort { (rank($0), $0) < (rank($1), $1) }
    var table = Table(headers: keys)
    table.rows = values.map { value in keys.map { value[$0]?.csvText ?? "" } }
    Console.line(table.csv())
  }
}

/// The leading columns of a catalogue CSV: id and name first, bookkeeping last.
private func rank(_ key: String) -> Int {
  switch key {
  case "id": return 0
  case "name": return 1
  case "retired_at": return 3
  default: return 2
  }
}

/// Prints one catalogue item: key and value lines for people, JSON or CSV for machines.
private func printItem<V>(_ item: JSONValue, _ entry: CatalogueEntry<V>, _ format: OutputFormat)
  throws
{
  switch format {
  case .table:
    var table = Table(headers: ["", ""])
    table.rows = item.flattened().filter { $0.1 != .null }.map {
      [$0.0, FigureFormat.human(key: $0.0, $0.1)]
    }
    table.rows.append(["updated_at", entry.updatedAt])
    if let retiredAt = entry.retiredAt { table.rows.append(["retired_at", retiredAt]) }
    Console.line(table.rendered(header: false))
  case .json:
    guard case .object(let members) = item else { return }
    Console.line(
      JSONValue.object(members + [("retired_at", entry.retiredAt.map(JSONValue.string) ?? .null)])
        .serialized(pretty: true))
  case .jsonl, .csv:
    try printItems([(item, entry.retiredAt)], format)
  }
}

/// An error raised by the ledger: a file it cannot use, an id it does not know, a write it refuses.
///
/// Messages are lowercase fragments without a trailing period, so that a command line can
/// prefix them with `error:`.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
  case missingDatabase(path: String)
  case cannotOpen(path: String, reason: String)
  case notALedger(path: String)
  case notADatabase(path: String)
  case corrupt(path: String, reason: String)
  case newerSchema(path: String, version: Int, known: Int)
  case checksumMismatch(path: String, version: Int, name: String)
  case readOnly(path: String)
  case diskFull(path: String)
  case busy(path: String)
  case unknown(kind: String, id: String, suggestions: [String])
  case unknownEntry(id: Int64)
  case duplicate(kind: String, id: String)
  case retired(kind: String, id: String)
  case invalid(field: String, value: String, reason: String)
  /// A stored value this envelope cannot read, such as a metric a newer Envelope knows.
  case unreadable(table: String, id: Int64, column: String, value: String)
  case refused(reason: String)
  case query(reason: String)
  case unboundParameter(name: String)
  case database(reason: String)
  /// A server location (`postgresql://…`) given to a program built without its backend.
  case noServerBackend(scheme: String)

  public var description: String {
    switch self {
    case .missingDatabase(let path):
      return "no ledger at \(path); record an estimate or list the catalogue to create one"
    case .cannotOpen(let path, let reason):
      return "cannot open the ledger \(path): \(reason)"
    case .notALedger(let path):
      return "\(path) is an SQLite database but not an Envelope ledger; refusing to touch it"
    case .notADatabase(let path):
      return "\(path) is not an SQLite database (or is encrypted); refusing to touch it"
    case .corrupt(let path, let reason):
      return "the ledger \(path) is damaged: \(reason)"
    case .newerSchema(let path, let version, let known):
      return
        "the ledger \(path) was written by a newer Envelope (schema version \(version); this "
        + "envelope knows up to \(known)); upgrade envelope, the file is untouched"
    case .checksumMismatch(let path, let version, let name):
      return
        "the ledger \(path) applied a different migration \(version) (\(name)) than this "
        + "envelope carries; refusing to use it, the file is untouched"
    case .readOnly(let path):
      return "the ledger \(path) is read-only; nothing was written"
    case .diskFull(let path):
      return "the disk holding \(path) is full; nothing was written"
    case .busy(let path):
      return "the ledger \(path) stayed locked by another process; nothing was written, try again"
    case .unknown(let kind, let id, let suggestions):
      let hint =
        suggestions.isEmpty
        ? "; list them with 'envelope \(kind.lowercased()) list'"
        : "; did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?"
      return "no \(kind) '\(id)'\(hint)"
    case .unknownEntry(let id):
      return "no ledger entry \(id); list them with 'envelope history'"
    case .duplicate(let kind, let id):
      return "a \(kind) '\(id)' already exists; use 'envelope \(kind.lowercased()) update \(id)'"
    case .retired(let kind, let id):
      return
        "\(kind) '\(id)' is retired; restore it with 'envelope \(kind.lowercased()) update \(id) "
        + "--restore'"
    case .invalid(let field, let value, let reason):
      return "invalid value '\(value)' for \(field): \(reason)"
    case .unreadable(let table, let id, let column, let value):
      return
        "\(table) row \(id) has \(column) '\(value)', which this envelope cannot read; it may "
        + "have been written by a newer Envelope"
    case .refused(let reason):
      return reason
    case .query(let reason):
      return reason
    case .unboundParameter(let name):
      return "parameter \(name) is not bound; pass it with -p \(name.dropFirst()) VALUE"
    case .database(let reason):
      return reason
    case .noServerBackend(let scheme):
      return
        "this envelope cannot open \(scheme):// ledgers: envelope-postgresql, which can, is not "
        + "installed beside it (make build builds both)"
    }
  }
}

import EnvelopeCore
import Foundation

extension EntrySnapshot {
  /// The snapshot as the ledger stores it: compact JSON, keys sorted.
  func jsonText() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  /// Reads a snapshot as the ledger stores it, in any version's shape.
  ///
  /// - Parameters:
  ///   - text: The `inputs` column.
  ///   - entryID: The entry's id, for the error.
  /// - Throws: ``StoreError/database(reason:)`` naming the entry when the text is not a
  ///   snapshot.
  init(jsonText text: String, entryID: Int64) throws {
    do {
      self = try JSONDecoder().decode(EntrySnapshot.self, from: Data(text.utf8))
    } catch {
      throw StoreError.database(
        reason: "entry \(entryID) has inputs this envelope cannot read: \(error)")
    }
  }
}

extension [Figure] {
  /// Reads figures as the ledger stores them (`results`).
  init(jsonText text: String, entryID: Int64) throws {
    do {
      self.init(json: try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))
    } catch {
      throw StoreError.database(
        reason: "entry \(entryID) has results this envelope cannot read: \(error)")
    }
  }
}

extension JSONValue {
  /// JSON text as a value; `nil` when it is not JSON.
  init?(jsonText text: String) {
    guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
      return nil
    }
    self = value
  }
}

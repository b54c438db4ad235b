import EnvelopeCore
import Foundation

/// Reading and writing catalogue files for `import` and `export`.
enum CatalogueIO {
  /// Decodes a JSON file (`-` for standard input) holding an array of items, or an object
  /// with the array under `key`.
  static func read<T: Decodable>(_ type: T.Type, from path: String, key: String) throws -> [T] {
    let data: Data
    if path == "-" {
      data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      guard let contents = FileManager.default.contents(atPath: path) else {
        throw CLIError.failure("cannot read '\(path)': no such file or not readable")
      }
      data = contents
    }
    let decoder = JSONDecoder()
    do {
      if let items = try? decoder.decode([T].self, from: data) { return items }
      return try decoder.decode([String: [T]].self, from: data)[key] ?? []
    } catch let DecodingError.keyNotFound(codingKey, context) {
      throw CLIError.usage(
        "'\(path)' is missing '\(codingKey.stringValue)' at \(describe(context.codingPath))")
    } catch let DecodingError.typeMismatch(_, context) {
      throw CLIError.usage("'\(path)' has a wrong type at \(describe(context.codingPath))")
    } catch let DecodingError.valueNotFound(_, context) {
      throw CLIError.usage("'\(path)' has a null at \(describe(context.codingPath))")
    } catch {
      throw CLIError.usage(
        "'\(path)' is not a JSON array of \(key) (or an object with a \"\(key)\" array)")
    }
  }

  static func describe(_ path: [any CodingKey]) -> String {
    path.isEmpty
      ? "the top level"
      : path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
  }

  /// Encodes items as pretty JSON to `path` (standard output when `nil` or `-`).
  static func write<T: Encodable>(_ items: [T], to path: String?) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(items)
    guard let path, path != "-" else {
      Console.line(String(decoding: data, as: UTF8.self))
      return
    }
    do {
      try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw CLIError.failure("cannot write '\(path)': \(error.localizedDescription)")
    }
  }

  /// Refuses a list naming one id twice.
  static func refuseDuplicates(_ ids: [String], in path: String) throws {
    var seen: Set<String> = []
    for id in ids where !seen.insert(id).inserted {
      throw CLIError.usage("'\(path)' lists '\(id)' twice")
    }
  }
}

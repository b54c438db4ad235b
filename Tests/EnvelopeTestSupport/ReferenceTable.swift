import Foundation

/// A CSV file of `reference/` read as rows of named cells.
///
/// Written by hand: the reference files are small RFC 4180 CSV (quoted cells, doubled quotes,
/// commas and newlines inside quotes), and none of the project's packages reads CSV.
public struct ReferenceTable: Sendable {
  public var rows: [[String: String]]

  /// The repository's `reference/` folder, or `ENVELOPE_REFERENCE_DIR` when set.
  public static var folder: URL {
    if let path = ProcessInfo.processInfo.environment["ENVELOPE_REFERENCE_DIR"] {
      return URL(filePath: path)
    }
    return URL(filePath: #filePath).deletingLastPathComponent()
      .appending(path: "../../reference").standardized
  }

  /// Reads `reference/<name>`.
  public init(_ name: String) throws {
    let text = try String(contentsOf: Self.folder.appending(path: name), encoding: .utf8)
    let records = Self.records(text)
    guard let header = records.first else {
      rows = []
      return
    }
    rows = records.dropFirst().filter { $0 != [""] }.map { record in
      var row: [String: String] = [:]
      for (index, name) in header.enumerated() {
        row[name] = index < record.count ? record[index] : ""
      }
      return row
    }
  }

  /// The records of a CSV text, each a list of cells.
  public static func records(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var cell = ""
    var quoted = false
    var characters = Array(text)[...]
    while let character = characters.popFirst() {
      if quoted {
        if character == "\"" {
          if characters.first == "\"" {
            cell.append("\"")
            characters.removeFirst()
          } else {
            quoted = false
          }
        } else {
          cell.append(character)
        }
        continue
      }
      switch character {
      case "\"": quoted = true
      case ",":
        record.append(cell)
        cell = ""
      case "\n", "\r\n":
        record.append(cell)
        records.append(record)
        record = []
        cell = ""
      case "\r": continue
      default: cell.append(character)
      }
    }
    if !cell.isEmpty || !record.isEmpty {
      record.append(cell)
      records.append(record)
    }
    return records
  }
}

extension Dictionary where Key == String, Value == String {
  /// The cell as a number; `nil` when empty or not a number.
  public func number(_ column: String) -> Double? {
    self[column].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
  }

  /// The cell as a whole number; `nil` when empty or not one.
  public func whole(_ column: String) -> Int? {
    number(column).flatMap { $0.rounded() == $0 ? Int($0) : nil }
  }

  /// The cell's text; `nil` when empty.
  public func text(_ column: String) -> String? {
    guard let value = self[column], !value.isEmpty else { return nil }
    return value
  }
}

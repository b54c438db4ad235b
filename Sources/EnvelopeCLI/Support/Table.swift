import Foundation

/// A table of text cells printed with aligned columns, or as CSV.
struct Table {
  var headers: [String]
  var rows: [[String]] = []
  /// Columns aligned right (numbers).
  var rightAligned: Set<Int> = []

  /// The table with columns padded to their widest cell.
  func rendered() -> String {
    var widths = headers.map(\.count)
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { index, cell in
        let padding = String(repeating: " ", count: max(0, widths[index] - cell.count))
        return rightAligned.contains(index) ? padding + cell : cell + padding
      }.joined(separator: "  ").trimmingTrailingSpaces()
    }
    var lines = [Console.bold(line(headers))]
    lines += rows.map(line)
    return lines.joined(separator: "\n")
  }

  /// The table as CSV (RFC 4180), header first.
  func csv() -> String {
    ([headers] + rows).map { $0.map(CSV.field).joined(separator: ",") }.joined(separator: "\n")
  }
}

/// CSV quoting.
enum CSV {
  /// A field, quoted when it holds a comma, a quote or a line break.
  static func field(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return text
    }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var copy = self
    while copy.last == " " { copy.removeLast() }
    return copy
  }
}

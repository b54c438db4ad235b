/// A table of text cells printed with aligned columns, or as CSV or HTML.
public struct Table: Sendable, Equatable {
  public var headers: [String]
  public var rows: [[String]]
  /// Columns aligned right (numbers).
  public var rightAligned: Set<Int>

  public init(headers: [String], rows: [[String]] = [], rightAligned: Set<Int> = []) {
    self.headers = headers
    self.rows = rows
    self.rightAligned = rightAligned
  }

  /// The table with columns padded to their widest cell, the header emphasised by `style`.
  ///
  /// - Parameters:
  ///   - style: How the header is emphasised.
  ///   - header: Whether to print the header line.
  /// - Returns: One line per row, without a final line break.
  public func rendered(style: TextStyle = .plain, header: Bool = true) -> String {
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
    var lines = header ? [style.bold(line(headers))] : []
    lines += rows.map(line)
    return lines.joined(separator: "\n")
  }

  /// The table as CSV (RFC 4180), header first.
  public func csv() -> String {
    ([headers] + rows).map { $0.map(CSV.field).joined(separator: ",") }.joined(separator: "\n")
  }
}

/// CSV quoting.
public enum CSV {
  /// A field, quoted when it holds a comma, a quote or a line break.
  ///
  /// The test scans UTF-8 bytes, not Characters: comparing Characters costs a string comparison
  /// each (a quarter of `history --format csv`'s instructions), and "\r\n" is one Character
  /// equal to neither "\r" nor "\n".
  public static func field(_ text: String) -> String {
    needsQuotes(text) ? quoted(text) : text
  }

  /// One CSV line from fields.
  public static func line(_ fields: [String]) -> String {
    // Built as bytes and made a String once: appending to a String field by field, or mapping
    // to quoted copies and joining them, cost a fifth of a long `history --format csv`.
    var bytes: [UInt8] = []
    bytes.reserveCapacity(fields.reduce(fields.count) { $0 + $1.utf8.count })
    for (index, text) in fields.enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      bytes.append(contentsOf: needsQuotes(text) ? quoted(text).utf8 : text.utf8)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  private static func needsQuotes(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      bytes.contains { byte in
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r"): true
        default: false
        }
      }
    }
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var copy = self
    while copy.last == " " { copy.removeLast() }
    return copy
  }

  func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}

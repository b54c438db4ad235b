/// The statements of a SQL script such as a migration, split where PostgreSQL would end them.
///
/// PostgresNIO speaks only the extended query protocol, which runs one statement per message,
/// so a migration file is sent statement by statement. A `;` ends a statement unless it is inside
/// a quoted string (`'…'`, with `''`; `E'…'`, with backslash escapes), a quoted identifier
/// (`"…"`), a dollar-quoted string (`$$…$$`, `$body$…$body$`) or a comment (`-- …`, nested
/// `/* … */`). Statements that hold only comments and white space are dropped.
enum SQLScript {
  /// The statements of `script`, each without its `;`, in order.
  static func statements(_ script: String) -> [String] {
    let text = Array(script.unicodeScalars)
    var statements: [String] = []
    var start = 0
    var meaningful = false  // whether the current statement has more than comments and spaces
    var index = 0
    func flush(upTo end: Int) {
      if meaningful {
        let statement = String(String.UnicodeScalarView(text[start..<end]))
        statements.append(statement.trimmingSpaces())
      }
      meaningful = false
    }
    while index < text.count {
      let scalar = text[index]
      let next = index + 1 < text.count ? text[index + 1] : nil
      switch scalar {
      case "-" where next == "-":
        while index < text.count && text[index] != "\n" { index += 1 }
        continue
      case "/" where next == "*":
        index = endOfBlockComment(text, from: index)
        continue
      case "'":
        let escapes =
          index > 0 && (text[index - 1] == "E" || text[index - 1] == "e")
          && (index < 2 || !isIdentifierPart(text[index - 2]))
        index = endOfQuoted(text, from: index, quote: "'", backslashEscapes: escapes)
      case "\"":
        index = endOfQuoted(text, from: index, quote: "\"", backslashEscapes: false)
      case "$":
        if let tag = dollarTag(text, at: index), index == 0 || !isIdentifierPart(text[index - 1]) {
          index = endOfDollarQuoted(text, from: index, tag: tag)
        } else {
          index += 1
        }
      case ";":
        flush(upTo: index)
        index += 1
        start = index
        continue
      default:
        index += 1
      }
      if !scalar.properties.isWhitespace { meaningful = true }
    }
    flush(upTo: text.count)
    return statements
  }

  private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
      || scalar.value >= 0x80
  }

  /// The index after a `/* … */` comment starting at `index`; PostgreSQL's nest.
  private static func endOfBlockComment(_ text: [Unicode.Scalar], from index: Int) -> Int {
    var depth = 0
    var index = index
    while index < text.count {
      if text[index] == "/", index + 1 < text.count, text[index + 1] == "*" {
        depth += 1
        index += 2
      } else if text[index] == "*", index + 1 < text.count, text[index + 1] == "/" {
        depth -= 1
        index += 2
        if depth == 0 { return index }
      } else {
        index += 1
      }
    }
    return index
  }

  /// The index after the quoted text that opens at `index`.
  private static func endOfQuoted(
    _ text: [Unicode.Scalar], from index: Int, quote: Unicode.Scalar, backslashEscapes: Bool
  ) -> Int {
    var index = index + 1
    while index < text.count {
      if backslashEscapes && text[index] == "\\" {
        index += 2
      } else if text[index] == quote {
        // A doubled quote stands for one and continues the text.
        if index + 1 < text.count && text[index + 1] == quote {
          index += 2
        } else {
          return index + 1
        }
      } else {
        index += 1
      }
    }
    return index
  }

  /// The tag of a dollar quote opening at `index` (`$$` gives ""), or nil when the `$` opens
  /// none (a parameter such as `$1`).
  private static func dollarTag(_ text: [Unicode.Scalar], at index: Int) -> String? {
    var tag = String.UnicodeScalarView()
    var cursor = index + 1
    while cursor < text.count {
      let scalar = text[cursor]
      if scalar == "$" { return String(tag) }
      let allowed = isIdentifierPart(scalar) && !(tag.isEmpty && ("0"..."9").contains(scalar))
      guard allowed else { return nil }
      tag.append(scalar)
      cursor += 1
    }
    return nil
  }

  /// The index after the dollar-quoted string that opens at `index` with `tag`.
  private static func endOfDollarQuoted(_ text: [Unicode.Scalar], from index: Int, tag: String)
    -> Int
  {
    let delimiter = Array(("$" + tag + "$").unicodeScalars)
    var cursor = index + delimiter.count
    while cursor + delimiter.count <= text.count {
      if Array(text[cursor..<cursor + delimiter.count]) == delimiter {
        return cursor + delimiter.count
      }
      cursor += 1
    }
    return text.count
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
  }
}

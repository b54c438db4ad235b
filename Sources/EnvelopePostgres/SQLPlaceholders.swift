/// Rewrites the parameters of SQL written for SQLite into PostgreSQL's `$N`.
///
/// The ledger's queries mark parameters `?` or `?N`; `envelope sql` takes named ones (`:name`,
/// `@name`, `$name`). PostgreSQL only has `$N`. Hand-written rather than a library's: no listed
/// package parses SQL, and only the lexical rules that decide where a parameter can be are
/// needed: string literals (`'…'`, with `''` inside; `E'…'` with backslash escapes), quoted
/// identifiers (`"…"`), dollar-quoted strings (`$tag$…$tag$`), comments (`-- …`, `/* … */`) and
/// PostgreSQL's `::` cast are left as they are.
enum SQLPlaceholders {
  /// `?` becomes `$1`, `$2`, … in order; `?N` becomes `$N`.
  static func positional(_ sql: String) -> String {
    var next = 0
    return rewrite(sql) { marker, name in
      guard marker == "?" else { return nil }
      if let number = Int(name) {
        next = max(next, number)
        return "$\(number)"
      }
      next += 1
      return "$\(next)" + name
    }
  }

  /// Named parameters become `$1`, `$2`, … by first appearance; a name used twice gets one
  /// number.
  ///
  /// - Returns: The SQL and the names in the order of their numbers.
  static func named(_ sql: String) -> (sql: String, names: [String]) {
    var names: [String] = []
    let rewritten = rewrite(sql) { marker, name in
      guard marker != "?", !name.isEmpty, name.first.map({ !$0.isNumber }) ?? false else {
        return nil
      }
      if let index = names.firstIndex(of: name) { return "$\(index + 1)" }
      names.append(name)
      return "$\(names.count)"
    }
    return (rewritten, names)
  }

  /// Walks the SQL outside literals, identifiers and comments, offering each parameter marker
  /// (`?`, `:`, `@`, `$`) and the word after it to `replace`; `nil` keeps the text.
  private static func rewrite(
    _ sql: String, _ replace: (_ marker: Character, _ name: String) -> String?
  ) -> String {
    let characters = Array(sql)
    var output = ""
    output.reserveCapacity(characters.count + 16)
    var index = 0
    func word(from start: Int) -> Int {
      var end = start
      while end < characters.count,
        characters[end].isLetter || characters[end].isNumber
          || characters[end] == "_"
      { end += 1 }
      return end
    }
    func copy(until end: Int) {
      output.append(contentsOf: characters[index..<min(end, characters.count)])
      index = min(end, characters.count)
    }
    while index < characters.count {
      let character = characters[index]
      let following = index + 1 < characters.count ? characters[index + 1] : nil
      switch character {
      case "'", "\"":
        let escapes =
          character == "'" && index > 0 && "eE".contains(characters[index - 1])
          && (index < 2 || !(characters[index - 2].isLetter || characters[index - 2] == "_"))
        var end = index + 1
        while end < characters.count {
          if escapes, characters[end] == "\\" {
            end += 2
            continue
          }
          if characters[end] == character {
            if end + 1 < characters.count, characters[end + 1] == character {
              end += 2
              continue
            }
            break
          }
          end += 1
        }
        copy(until: end + 1)
      case "-" where following == "-":
        var end = index
        while end < characters.count, characters[end] != "\n" { end += 1 }
        copy(until: end)
      case "/" where following == "*":
        var end = index + 2
        while end + 1 < characters.count, !(characters[end] == "*" && characters[end + 1] == "/") {
          end += 1
        }
        copy(until: end + 2)
      case ":" where following == ":":
        copy(until: index + 2)
      case "$" where following.map({ $0 == "$" || $0.isLetter || $0 == "_" }) ?? false:
        // A dollar quote ($$ or $tag$) if the tag is closed by a `$`; else a named parameter.
        let tagEnd = word(from: index + 1)
        if tagEnd < characters.count, characters[tagEnd] == "$" {
          let tag = String(characters[index...tagEnd])
          let rest = String(characters[(tagEnd + 1)...])
          let close = rest.range(of: tag).map {
            rest.distance(from: rest.startIndex, to: $0.upperBound)
          }
          copy(until: tagEnd + 1 + (close ?? rest.count))
        } else {
          fallthrough
        }
      case "?", ":", "@", "$":
        let end = word(from: index + 1)
        let name = String(characters[(index + 1)..<end])
        if let replacement = replace(character, name) {
          output += replacement
          index = end
        } else {
          copy(until: character == "?" ? index + 1 : end)
        }
      default:
        copy(until: index + 1)
      }
    }
    return output
  }
}

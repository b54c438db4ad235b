import EnvelopeCore

/// An estimate's figures as a command prints them: grouped for people, flat for machines.
struct EstimateReport {
  /// What the estimate is: entry id, scenario, method, date; first in JSON, the title in tables.
  var header: [(String, JSONValue)]
  var figures: [Figure]
  var derivations: [Derivation] = []
  var ranges: [EstimateRange]? = nil
  var explain = false
  /// Lines for people after the table (hints, notes); not in JSON.
  var notes: [String] = []

  func print(_ format: OutputFormat) {
    switch format {
    case .table: Console.line(table())
    case .json: Console.line(json().serialized(pretty: true))
    case .jsonl: Console.line(json().serialized())
    case .csv: Console.line(csv())
    }
  }

  func json() -> JSONValue {
    guard case .object(var members) = JSONValue.figures(figures) else { return .null }
    members = header + members
    if let ranges {
      members.append(
        (
          "range",
          .object(
            ranges.map { range in
              (
                range.key,
                .object(
                  EstimateRange.End.allCases.map { end in
                    (end.rawValue, Self.json(range.value(at: end)))
                  })
              )
            })
        ))
    }
    if explain {
      members.append(
        (
          "explain",
          .array(
            derivations.map {
              .object([
                ("key", .string($0.key)), ("formula", .string($0.formula)),
                ("working", .string($0.working)),
              ])
            })
        ))
    }
    return .object(members)
  }

  static func json(_ value: FigureValue) -> JSONValue {
    switch value {
    case .number(let number): return .number(number)
    case .integer(let integer): return .integer(integer)
    case .text(let text): return .string(text)
    }
  }

  func csv() -> String {
    var table = Table(headers: ["key", "value", "unit"])
    if ranges != nil { table.headers = ["key", "pessimistic", "expected", "optimistic", "unit"] }
    for (key, value) in header where value != .null {
      table.rows.append(
        ranges == nil ? [key, value.plainText, ""] : [key, "", value.plainText, "", ""])
    }
    if let ranges {
      for range in ranges {
        table.rows.append(
          [range.key]
            + EstimateRange.End.allCases.map { Self.json(range.value(at: $0)).csvText }
            + [range.definition.unit.baseUnit])
      }
    } else {
      for figure in figures {
        table.rows.append([figure.key, Self.json(figure.value).csvText, figure.unit.baseUnit])
      }
    }
    return table.csv()
  }

  func table() -> String {
    var lines: [String] = []
    let title = header.compactMap { key, value -> String? in
      switch (key, value) {
      case (_, .null): return nil
      case ("entry_id", _): return "entry \(value.plainText)"
      case ("recorded", .bool(let recorded)): return recorded ? "recorded" : "dry run, not recorded"
      case ("scenario_id", _): return "scenario \(value.plainText)"
      case ("method", _): return "method \(value.plainText)"
      case ("as_of", _): return "as of \(value.plainText)"
      case ("note", _): return "note: \(value.plainText)"
      case ("supersedes", _): return "supersedes \(value.plainText)"
      default: return nil
      }
    }
    lines.append(Console.bold(title.joined(separator: " · ")))
    var groups: [FigureGroup] = []
    for figure in figures where !groups.contains(figure.group) { groups.append(figure.group) }
    let labelWidth = (figures.map(\.label.count).max() ?? 0) + 2
    for group in groups {
      lines.append("")
      let name = group.rawValue
      lines.append(Console.bold(name.prefix(1).uppercased() + name.dropFirst()))
      if let ranges {
        let rows = ranges.filter { $0.definition.group == group }
        var table = Table(headers: ["", "pessimistic", "expected", "optimistic"])
        table.rightAligned = [1, 2, 3]
        for range in rows {
          table.rows.append(
            ["  " + range.definition.label]
              + EstimateRange.End.allCases.map { range.figure(at: $0).humanValue })
        }
        lines.append(table.rendered())
      } else {
        for figure in figures where figure.group == group {
          let padding = String(repeating: " ", count: max(1, labelWidth - figure.label.count))
          lines.append("  \(figure.label)\(padding)\(figure.humanValue)")
        }
      }
    }
    if explain {
      lines.append("")
      lines.append(Console.bold("How it is computed"))
      for derivation in derivations {
        lines.append("  \(derivation.formula)")
        lines.append("    = \(derivation.working)")
      }
    }
    for note in notes {
      lines.append("")
      lines.append(Console.dim(note))
    }
    return lines.joined(separator: "\n")
  }
}

extension FigureUnit {
  /// The base unit a machine-readable value is in.
  var baseUnit: String {
    switch self {
    case .bytes: return "bytes"
    case .bytesPerSecond: return "bytes/s"
    case .bitsPerSecond: return "bits/s"
    case .seconds: return "seconds"
    case .requestsPerSecond: return "requests/s"
    case .count: return "count"
    case .flops: return "FLOP"
    case .flopsPerSecond: return "FLOP/s"
    case .hours: return "hours"
    case .days: return "days"
    case .ratio: return "ratio"
    case .money: return "currency"
    case .plain: return ""
    }
  }
}

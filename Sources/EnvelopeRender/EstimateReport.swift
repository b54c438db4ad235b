import EnvelopeCore

/// An estimate's figures as a command prints them: grouped for people, flat for machines.
public struct EstimateReport {
  /// What the estimate is: entry id, scenario, method, date; first in JSON, the title in tables.
  public var header: [(String, JSONValue)]
  public var figures: [Figure]
  public var derivations: [Derivation]
  public var ranges: [EstimateRange]?
  public var explain: Bool
  /// Lines for people after the table (hints, notes); not in JSON.
  public var notes: [String]

  public init(
    header: [(String, JSONValue)], figures: [Figure], derivations: [Derivation] = [],
    ranges: [EstimateRange]? = nil, explain: Bool = false, notes: [String] = []
  ) {
    self.header = header
    self.figures = figures
    self.derivations = derivations
    self.ranges = ranges
    self.explain = explain
    self.notes = notes
  }

  /// Every figure in base units after the header, with the ranges and the working when asked.
  public func json() -> JSONValue {
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
                    (end.rawValue, JSONValue(range.value(at: end)))
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

  /// One row per figure: key, value in base units, unit.
  public func csv() -> String {
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
            + EstimateRange.End.allCases.map { JSONValue(range.value(at: $0)).csvText }
            + [range.definition.unit.baseUnit])
      }
    } else {
      for figure in figures {
        table.rows.append([figure.key, JSONValue(figure.value).csvText, figure.unit.baseUnit])
      }
    }
    return table.csv()
  }

  /// The figures grouped by section for people, in human units.
  ///
  /// - Parameter style: How titles are emphasised.
  /// - Returns: The report's lines.
  public func table(style: TextStyle = .plain) -> String {
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
      case ("calibration_id", _): return "calibration \(value.plainText)"
      default: return nil
      }
    }
    lines.append(style.bold(title.joined(separator: " · ")))
    var groups: [FigureGroup] = []
    for figure in figures where !groups.contains(figure.group) { groups.append(figure.group) }
    let labelWidth = (figures.map(\.label.count).max() ?? 0) + 2
    for group in groups {
      lines.append("")
      let name = group.rawValue
      lines.append(style.bold(name.prefix(1).uppercased() + name.dropFirst()))
      if let ranges {
        let rows = ranges.filter { $0.definition.group == group }
        var table = Table(headers: ["", "pessimistic", "expected", "optimistic"])
        table.rightAligned = [1, 2, 3]
        for range in rows {
          table.rows.append(
            ["  " + range.definition.label]
              + EstimateRange.End.allCases.map { range.figure(at: $0).humanValue })
        }
        lines.append(table.rendered(style: style))
      } else {
        for figure in figures where figure.group == group {
          let padding = String(repeating: " ", count: max(1, labelWidth - figure.label.count))
          lines.append("  \(figure.label)\(padding)\(figure.humanValue)")
        }
      }
    }
    if explain {
      lines.append("")
      lines.append(style.bold("How it is computed"))
      for derivation in derivations {
        lines.append("  \(derivation.formula)")
        lines.append("    = \(derivation.working)")
      }
    }
    for note in notes {
      lines.append("")
      lines.append(style.dim(note))
    }
    return lines.joined(separator: "\n")
  }
}

/// The unit a figure is measured in: base units for machines, a human rendering for people.
public enum FigureUnit: String, Sendable, Equatable, Codable {
  case bytes, bytesPerSecond, bitsPerSecond, seconds, requestsPerSecond, count, flops
  case flopsPerSecond, hours, days, ratio, money, plain

  /// The value written for a person: `6 GB`, `9.615 ms`, `11,574.07 requests/s`.
  public func human(_ value: Double) -> String {
    switch self {
    case .bytes: return HumanFormat.bytes(value)
    case .bytesPerSecond: return HumanFormat.bytesPerSecond(value)
    case .bitsPerSecond: return HumanFormat.bitsPerSecond(value)
    case .seconds: return HumanFormat.seconds(value)
    case .requestsPerSecond: return HumanFormat.number(value) + " requests/s"
    case .count: return HumanFormat.number(value)
    case .flops: return HumanFormat.flops(value)
    case .flopsPerSecond: return HumanFormat.flopsPerSecond(value)
    case .hours: return HumanFormat.number(value) + " h"
    case .days: return HumanFormat.number(value) + " days"
    case .ratio: return HumanFormat.percent(value)
    case .money: return HumanFormat.number(value)
    case .plain: return HumanFormat.significant(value, digits: 6)
    }
  }
}

/// A figure's value: a measured number, a whole count, or a label such as a bound's name.
public enum FigureValue: Sendable, Equatable {
  case number(Double)
  case integer(Int)
  case text(String)

  /// The value as a number, when it is one.
  public var number: Double? {
    switch self {
    case .number(let value): return value
    case .integer(let value): return Double(value)
    case .text: return nil
    }
  }
}

/// One result of an estimate: what it is and its value.
public struct Figure: Sendable, Equatable {
  public var definition: FigureDefinition
  public var value: FigureValue

  public init(_ definition: FigureDefinition, _ value: FigureValue) {
    self.definition = definition
    self.value = value
  }

  /// A measured number.
  public init(_ definition: FigureDefinition, _ number: Double) {
    self.init(definition, .number(number))
  }

  /// The snake_case key, as in JSON output and the ledger.
  public var key: String { definition.key }
  public var label: String { definition.label }
  public var group: FigureGroup { definition.group }
  public var unit: FigureUnit { definition.unit }

  /// The value as a person reads it.
  public var humanValue: String {
    switch value {
    case .number(let number): return unit.human(number)
    case .integer(let integer): return unit.human(Double(integer))
    case .text(let text): return text
    }
  }
}

extension [Figure] {
  /// Figures read back from their JSON object (key → value in base units), in report order;
  /// keys this Envelope does not define keep their place after the others.
  ///
  /// - Parameter json: An object as ``JSONValue/figures(_:)`` writes it.
  public init(json: JSONValue) {
    guard case .object(let members) = json else {
      self = []
      return
    }
    var figures: [Figure] = []
    for (key, value) in members {
      let definition = FigureDefinition.named(key) ?? .unregistered(key)
      switch value {
      case .integer(let integer) where definition.isWholeNumber:
        figures.append(Figure(definition, .integer(integer)))
      case .integer(let integer): figures.append(Figure(definition, .number(Double(integer))))
      case .number(let number): figures.append(Figure(definition, .number(number)))
      case .string(let text): figures.append(Figure(definition, .text(text)))
      default: continue
      }
    }
    let order = Dictionary(
      uniqueKeysWithValues: FigureDefinition.all.enumerated().map { ($1.key, $0) })
    self = figures.enumerated().sorted {
      (order[$0.element.key] ?? Int.max, $0.offset) < (order[$1.element.key] ?? Int.max, $1.offset)
    }.map(\.element)
  }

  /// The value of the figure `definition`, if the list has it.
  public subscript(definition: FigureDefinition) -> FigureValue? {
    first { $0.definition == definition }?.value
  }
}

/// One formula of an estimate written out with its numbers, the way the seed's examples read.
public struct Derivation: Sendable, Equatable {
  /// The figure it derives.
  public var figure: FigureDefinition
  /// The formula in words: `TRPS = (users × requests per user per day) ÷ 86,400 s`.
  public var formula: String
  /// The same with the numbers substituted and the result: `(100M × 10) ÷ 86,400 = 11,574.07`.
  public var working: String

  public init(_ figure: FigureDefinition, formula: String, working: String) {
    self.figure = figure
    self.formula = formula
    self.working = working
  }

  /// The key of the figure it derives.
  public var key: String { figure.key }
}

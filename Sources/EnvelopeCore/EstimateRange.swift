/// One figure at three ends of its assumptions: pessimistic, expected and optimistic.
///
/// The pessimistic end takes every efficiency factor at the low end of its documented range
/// (slowest, most GPUs), the optimistic end at the high end (fastest, fewest GPUs), and the
/// expected end the inputs as given. For `--range` columns.
public struct EstimateRange: Sendable, Equatable {
  /// An end of the efficiency ranges.
  public enum End: String, CaseIterable, Sendable, Codable {
    /// Every efficiency at the low end of its range: slowest, most GPUs.
    case pessimistic
    /// The inputs as given.
    case expected
    /// Every efficiency at the high end of its range: fastest, fewest GPUs.
    case optimistic

    /// The value an efficiency takes at this end.
    ///
    /// pessimistic = min(value, range's lower bound); optimistic = max(value, range's upper
    /// bound); expected = value. A value already outside the range is kept, so the three ends
    /// stay ordered.
    ///
    /// - Parameters:
    ///   - value: The efficiency as given.
    ///   - range: Its documented range.
    /// - Returns: The efficiency at this end.
    public func pick(_ value: Double, in range: ClosedRange<Double>) -> Double {
      switch self {
      case .pessimistic: return min(value, range.lowerBound)
      case .expected: return value
      case .optimistic: return max(value, range.upperBound)
      }
    }
  }

  /// The figure.
  public var definition: FigureDefinition
  /// The figure's key, as in JSON output.
  public var key: String { definition.key }
  public var pessimistic: FigureValue
  public var expected: FigureValue
  public var optimistic: FigureValue

  public init(
    _ definition: FigureDefinition, pessimistic: FigureValue, expected: FigureValue,
    optimistic: FigureValue
  ) {
    self.definition = definition
    self.pessimistic = pessimistic
    self.expected = expected
    self.optimistic = optimistic
  }

  /// The figure at one end.
  ///
  /// - Parameter end: Which end.
  /// - Returns: The figure with its value there.
  public func figure(at end: End) -> Figure {
    Figure(definition, value(at: end))
  }

  /// The value at one end.
  ///
  /// - Parameter end: Which end.
  /// - Returns: The figure's value there.
  public func value(at end: End) -> FigureValue {
    switch end {
    case .pessimistic: return pessimistic
    case .expected: return expected
    case .optimistic: return optimistic
    }
  }

  /// Lines up three figure lists by key, in the expected list's order.
  ///
  /// A key missing from the pessimistic or optimistic list repeats the expected value.
  ///
  /// - Parameters:
  ///   - pessimistic: Figures computed at the pessimistic end.
  ///   - expected: Figures computed from the inputs as given.
  ///   - optimistic: Figures computed at the optimistic end.
  /// - Returns: One range per expected figure.
  public static func rows(pessimistic: [Figure], expected: [Figure], optimistic: [Figure])
    -> [EstimateRange]
  {
    expected.map { figure in
      EstimateRange(
        figure.definition, pessimistic: pessimistic[figure.definition] ?? figure.value,
        expected: figure.value, optimistic: optimistic[figure.definition] ?? figure.value)
    }
  }
}

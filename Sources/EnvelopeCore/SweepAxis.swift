/// One dimension of a sweep's grid: a named input and the values it takes.
///
/// Ranges are generated on demand, so an axis of a million values takes no memory.
public struct SweepAxis: Sendable, Equatable {
  /// A value an axis takes: a number in base units, or a name (a GPU id, a precision).
  public enum Value: Sendable, Equatable {
    case number(Double)
    case text(String)
  }

  /// How the values are produced.
  public enum Values: Sendable, Equatable {
    /// Each value as given.
    case list([Value])
    /// start, start + step, … while at most end.
    case linear(start: Double, step: Double, count: Int)
    /// start, start × factor, … while at most end.
    case geometric(start: Double, factor: Double, count: Int)
  }

  /// The input's name, as its flag without dashes: `dau`, `gpu`, `request-size`.
  public var name: String
  public var values: Values

  public init(name: String, values: Values) {
    self.name = name
    self.values = values
  }

  /// The most points one axis may have.
  public static let maximumCount = 100_000_000

  /// Values on the axis.
  public var count: Int {
    switch values {
    case .list(let values): return values.count
    case .linear(_, _, let count), .geometric(_, _, let count): return count
    }
  }

  /// The value at `index`, in `0..<count`.
  public func value(at index: Int) -> Value {
    switch values {
    case .list(let values): return values[index]
    case .linear(let start, let step, _): return .number(start + Double(index) * step)
    case .geometric(let start, let factor, _):
      var value = start
      for _ in 0..<index { value *= factor }
      return .number(value)
    }
  }

  /// A linear range's values from `start` to `end` in steps of `step`.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` for an empty, backwards or
  ///   too long range.
  public static func linear(name: String, start: Double, end: Double, step: Double, text: String)
    throws -> SweepAxis
  {
    guard step > 0, step.isFinite, end >= start else {
      throw EngineError.outOfRange(
        field: name, value: text, reason: "a range needs start ≤ end and a positive step")
    }
    let steps = ((end - start) / step * (1 + 1e-12)).rounded(.down)
    guard steps < Double(maximumCount) else {
      throw EngineError.outOfRange(
        field: name, value: text, reason: "more than \(maximumCount) values")
    }
    return SweepAxis(name: name, values: .linear(start: start, step: step, count: Int(steps) + 1))
  }

  /// A geometric range's values from `start` to `end`, each `factor` times the one before.
  ///
  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` for an empty, backwards or
  ///   too long range.
  public static func geometric(
    name: String, start: Double, end: Double, factor: Double, text: String
  ) throws -> SweepAxis {
    guard factor > 1, factor.isFinite, start > 0, end >= start else {
      throw EngineError.outOfRange(
        field: name, value: text,
        reason: "a geometric range needs 0 < start ≤ end and a factor above 1")
    }
    var count = 1
    var value = start
    while value * factor <= end * (1 + 1e-12) {
      value *= factor
      count += 1
      guard count <= maximumCount else {
        throw EngineError.outOfRange(
          field: name, value: text, reason: "more than \(maximumCount) values")
      }
    }
    return SweepAxis(name: name, values: .geometric(start: start, factor: factor, count: count))
  }
}

/// The product of a sweep's axes, walked point by point like an odometer, last axis fastest.
public struct SweepGrid: Sequence, Sendable {
  public var axes: [SweepAxis]

  /// The most points a grid may have.
  public static let maximumCount = 100_000_000

  /// - Throws: ``EngineError/outOfRange(field:value:reason:)`` when the product exceeds
  ///   ``maximumCount`` or an axis is empty.
  public init(axes: [SweepAxis]) throws {
    var total = 1
    for axis in axes {
      guard axis.count > 0 else {
        throw EngineError.outOfRange(field: axis.name, value: "", reason: "no values")
      }
      let (product, overflow) = total.multipliedReportingOverflow(by: axis.count)
      guard !overflow, product <= Self.maximumCount else {
        throw EngineError.outOfRange(
          field: "--vary", value: axes.map(\.name).joined(separator: " × "),
          reason: "the grid has more than \(Self.maximumCount) points")
      }
      total = product
    }
    self.axes = axes
  }

  /// Points in the grid.
  public var count: Int { axes.reduce(1) { $0 * $1.count } }

  public func makeIterator() -> Iterator { Iterator(axes: axes) }

  /// Yields each point's values, one per axis, in axis order.
  public struct Iterator: IteratorProtocol {
    let axes: [SweepAxis]
    var indices: [Int]
    var done: Bool

    init(axes: [SweepAxis]) {
      self.axes = axes
      indices = Array(repeating: 0, count: axes.count)
      done = axes.contains { $0.count == 0 }
    }

    public mutating func next() -> [SweepAxis.Value]? {
      guard !done else { return nil }
      let point = zip(axes, indices).map { $0.value(at: $1) }
      var position = axes.count - 1
      while position >= 0 {
        indices[position] += 1
        if indices[position] < axes[position].count { break }
        indices[position] = 0
        position -= 1
      }
      if position < 0 { done = true }
      return point
    }
  }
}

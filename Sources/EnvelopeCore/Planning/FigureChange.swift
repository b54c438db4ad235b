/// How a figure changed from one plan to another.
public enum FigureChange {
  /// The change from `previous` to `current` in percent.
  ///
  /// change = (current − previous) ÷ |previous| × 100
  ///
  /// - Parameters:
  ///   - previous: The earlier value.
  ///   - current: The later value.
  /// - Returns: The change, or `nil` when either is missing or the earlier is zero.
  public static func percent(from previous: Double?, to current: Double?) -> Double? {
    guard let previous, let current, previous != 0 else { return nil }
    return (current - previous) / abs(previous) * 100
  }
}

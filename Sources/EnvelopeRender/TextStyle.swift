/// How text is emphasised: ANSI escapes on a terminal, nothing elsewhere.
public struct TextStyle: Sendable {
  /// Bold text.
  public var bold: @Sendable (String) -> String
  /// Dim text.
  public var dim: @Sendable (String) -> String

  public init(
    bold: @escaping @Sendable (String) -> String, dim: @escaping @Sendable (String) -> String
  ) {
    self.bold = bold
    self.dim = dim
  }

  /// No emphasis: for files, pipes and `NO_COLOR`.
  public static let plain = TextStyle(bold: { $0 }, dim: { $0 })

  /// ANSI bold and dim, for a terminal.
  public static let ansi = TextStyle(
    bold: { "\u{1B}[1m\($0)\u{1B}[0m" }, dim: { "\u{1B}[2m\($0)\u{1B}[0m" })
}

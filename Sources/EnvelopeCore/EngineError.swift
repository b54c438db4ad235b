/// An error raised by the engine: an input it cannot use or a result it cannot represent.
///
/// Messages are lowercase fragments without a trailing period, so that a command line can
/// prefix them with `error:`.
public enum EngineError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A value could not be read as a quantity of the expected kind.
  case invalidQuantity(field: String, value: String, reason: String)
  /// A value was read but lies outside what the field accepts.
  case outOfRange(field: String, value: String, reason: String)
  /// A figure came out infinite, not a number, or too large to represent.
  case resultOutOfRange(figure: String, reason: String)
  /// An option that does not apply to what was asked: `--range` with the seed method.
  case notApplicable(option: String, reason: String)
  /// A file of measurements that cannot be read as the format it was said to be in:
  /// `expected` describes the format, `reason` what was wrong or found instead.
  case unreadableFile(expected: String, reason: String)
  /// A value neither a file nor the command line gives: `--date` for a file without a date.
  case missingInput(option: String, reason: String)

  public var description: String {
    switch self {
    case .invalidQuantity(let field, let value, let reason):
      return "invalid value '\(value)' for \(field): \(reason)"
    case .outOfRange(let field, let value, let reason):
      return "value '\(value)' for \(field) is out of range: \(reason)"
    case .resultOutOfRange(let figure, let reason):
      return "\(figure) is out of range: \(reason)"
    case .notApplicable(let option, let reason):
      return "\(option) \(reason)"
    case .unreadableFile(let expected, let reason):
      return "cannot import the file as \(expected): \(reason)"
    case .missingInput(let option, let reason):
      return "\(option) is required: \(reason)"
    }
  }
}

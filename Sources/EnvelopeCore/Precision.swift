/// The numeric format a model's weights are stored and computed in.
public enum Precision: String, CaseIterable, Sendable, Codable, Hashable {
  case fp64, fp32, tf32, fp16, bf16, fp8, int8, int4

  /// Bytes one parameter occupies in this format.
  ///
  /// fp64 8, fp32 4, tf32 4 (stored as fp32), fp16 2, bf16 2, fp8 1, int8 1, int4 0.5.
  public var bytesPerParameter: Double {
    switch self {
    case .fp64: return 8
    case .fp32, .tf32: return 4
    case .fp16, .bf16: return 2
    case .fp8, .int8: return 1
    case .int4: return 0.5
    }
  }

  /// Reads a precision from its name, ignoring case (`FP16`, `fp16`).
  ///
  /// - Throws: ``EngineError/invalidQuantity(field:value:reason:)`` naming the accepted values.
  public static func parse(_ text: String, field: String = "precision") throws -> Precision {
    let trimmed = String(text.trimmedWhitespace).lowercased()
    guard let precision = Precision(rawValue: trimmed) else {
      let accepted = Precision.allCases.map(\.rawValue).joined(separator: ", ")
      throw EngineError.invalidQuantity(
        field: field, value: text, reason: "expected one of \(accepted)")
    }
    return precision
  }
}

extension Precision: CodingKeyRepresentable {}

/// The limit that sets a decode step's time in the roofline method.
public enum RooflineBound: String, CaseIterable, Sendable, Codable {
  /// Reading weights and KV cache from memory takes longer than the arithmetic.
  case memory
  /// The arithmetic takes longer than reading weights and KV cache.
  case compute
}

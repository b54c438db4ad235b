/// How an estimate is computed.
public enum EstimationMethod: String, CaseIterable, Sendable, Codable {
  /// The seed's back-of-the-envelope formulas: every token compute-bound at peak FLOP/s.
  case seed
  /// Memory-bandwidth-bound decode, KV cache, memory fit and utilisation.
  case roofline
}

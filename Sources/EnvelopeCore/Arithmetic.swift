#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The C library's real-valued functions the formulas need, without importing Foundation.
enum Arithmetic {
  /// x raised to a real power y.
  static func power(_ x: Double, _ y: Double) -> Double {
    pow(x, y)
  }
}

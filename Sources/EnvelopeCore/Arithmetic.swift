#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The C library's real-valued functions the formulas need, without importing Foundation.
public enum Arithmetic {
  /// x raised to a real power y.
  public static func power(_ x: Double, _ y: Double) -> Double {
    pow(x, y)
  }

  /// The natural logarithm.
  public static func log(_ x: Double) -> Double {
    #if canImport(Darwin)
      Darwin.log(x)
    #elseif canImport(Musl)
      Musl.log(x)
    #else
      Glibc.log(x)
    #endif
  }

  /// e raised to x.
  public static func exp(_ x: Double) -> Double {
    #if canImport(Darwin)
      Darwin.exp(x)
    #elseif canImport(Musl)
      Musl.exp(x)
    #else
      Glibc.exp(x)
    #endif
  }
}

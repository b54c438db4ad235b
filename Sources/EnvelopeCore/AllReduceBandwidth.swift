import Foundation

/// One measured point of a GPU's all-reduce curve: the bus bandwidth nccl-tests reports for an
/// all-reduce of one message size.
///
/// nccl-tests' bus bandwidth is the message's bytes × 2(n − 1)/n ÷ time, which it defines so
/// that one figure describes the links whatever the number of GPUs n; a measured curve of it
/// holds the latency that dominates small messages and the protocol changes in between, which
/// a single link bandwidth does not.
public struct AllReduceBandwidthPoint: Sendable, Equatable, Codable {
  /// The all-reduced message, bytes.
  public var messageBytes: Double
  /// nccl-tests' `busbw` at that size, bytes per second.
  public var busBytesPerSecond: Double

  public init(messageBytes: Double, busBytesPerSecond: Double) {
    self.messageBytes = messageBytes
    self.busBytesPerSecond = busBytesPerSecond
  }

  enum CodingKeys: String, CodingKey {
    case messageBytes = "message_bytes"
    case busBytesPerSecond = "bus_bytes_per_second"
  }
}

extension RooflineMethod {
  /// nccl-tests' "bus time" of an all-reduce of `bytes`: bytes ÷ bus bandwidth, read off a
  /// measured curve.
  ///
  /// Between two measured sizes the time is interpolated linearly in the size — a latency plus
  /// a bandwidth, fitted through the two measurements; below the smallest size it stays the
  /// smallest's (latency), above the largest it grows at the largest's bandwidth. A division
  /// and a binary search: the search over parallelism and batch evaluates it for every step it
  /// tries.
  ///
  /// - Parameters:
  ///   - bytes: The message.
  ///   - curve: Measured points, in increasing message size (not empty).
  /// - Returns: Seconds; an all-reduce over t GPUs takes 2(t − 1)/t times this.
  public static func busSeconds(bytes: Double, curve: [AllReduceBandwidthPoint]) -> Double {
    MeasuredAllReduce(curve).busSeconds(bytes: bytes)
  }

  /// The bus bandwidth of an all-reduce of `bytes`, read off a measured curve: bytes ÷
  /// ``busSeconds(bytes:curve:)``; the measurement itself at a measured size.
  ///
  /// - Parameters:
  ///   - bytes: The message.
  ///   - curve: Measured points, in increasing message size (not empty).
  /// - Returns: Bytes per second.
  public static func busBandwidth(bytes: Double, curve: [AllReduceBandwidthPoint]) -> Double {
    guard !curve.isEmpty, bytes > 0 else { return 0 }
    return bytes / busSeconds(bytes: bytes, curve: curve)
  }

  /// Time of one all-reduce across a replica's GPUs, from the GPU's measured curve.
  ///
  /// all-reduce time = 2 × (t − 1) ÷ t × bytes ÷ bus bandwidth(bytes)
  ///
  /// nccl-tests' definition of bus bandwidth, solved for the time.
  ///
  /// - Parameters:
  ///   - bytes: The message: activations of every token in the pass.
  ///   - tensorParallel: t, GPUs per replica.
  ///   - curve: The GPU's measured bus bandwidth by message size (not empty).
  /// - Returns: Seconds; 0 for one GPU.
  public static func allReduceSeconds(
    bytes: Double, tensorParallel: Int, measured curve: [AllReduceBandwidthPoint]
  ) -> Double {
    MeasuredAllReduce(curve).seconds(bytes: bytes, tensorParallel: tensorParallel)
  }
}

/// A measured all-reduce curve as the step arithmetic reads it: sizes and bus times in two flat
/// arrays, made once per estimate, so that a step's lookup is a binary search and a division.
struct MeasuredAllReduce: Sendable {
  /// Message sizes, increasing.
  let sizes: [Double]
  /// Bus time at each size: size ÷ bus bandwidth.
  let busTimes: [Double]

  /// The curve in increasing size, whatever order it was given in (a `GPUProfile` sorts its
  /// own, but its property can be set after).
  init(_ curve: [AllReduceBandwidthPoint]) {
    let sorted = curve.sorted { $0.messageBytes < $1.messageBytes }
    sizes = sorted.map(\.messageBytes)
    busTimes = sorted.map { $0.messageBytes / $0.busBytesPerSecond }
  }

  /// Whether there is a curve at all.
  var isEmpty: Bool { sizes.isEmpty }

  /// ``RooflineMethod/busSeconds(bytes:curve:)``.
  func busSeconds(bytes: Double) -> Double {
    let count = sizes.count
    guard count > 0 else { return 0 }
    if bytes <= sizes[0] { return busTimes[0] }
    if bytes >= sizes[count - 1] { return busTimes[count - 1] * bytes / sizes[count - 1] }
    let (low, high) = bracket(sizes, bytes)
    return busTimes[low] + (busTimes[high] - busTimes[low]) * (bytes - sizes[low])
      / (sizes[high] - sizes[low])
  }

  /// ``RooflineMethod/allReduceSeconds(bytes:tensorParallel:measured:)``.
  func seconds(bytes: Double, tensorParallel: Int) -> Double {
    guard tensorParallel > 1, bytes > 0 else { return 0 }
    let t = Double(tensorParallel)
    return 2 * (t - 1) / t * busSeconds(bytes: bytes)
  }
}

/// The indices of the two neighbouring values of increasing `values` around `x`, which lies
/// strictly between the first and the last: a binary search.
private func bracket(_ values: [Double], _ x: Double) -> (low: Int, high: Int) {
  var (low, high) = (0, values.count - 1)
  while high - low > 1 {
    let middle = (low + high) / 2
    if values[middle] <= x { low = middle } else { high = middle }
  }
  return (low, high)
}

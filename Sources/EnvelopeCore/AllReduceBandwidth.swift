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
  /// The bus bandwidth of an all-reduce of `bytes`, read off a measured curve.
  ///
  /// Between two measured sizes the bandwidth is interpolated linearly in log(size) and
  /// log(bandwidth), as nccl-tests' curves are plotted; below the smallest size it falls in
  /// proportion to the size (the all-reduce takes the smallest message's time: latency), above
  /// the largest it stays at the largest's.
  ///
  /// - Parameters:
  ///   - bytes: The message.
  ///   - curve: Measured points, in increasing message size (not empty).
  /// - Returns: Bytes per second.
  public static func busBandwidth(bytes: Double, curve: [AllReduceBandwidthPoint]) -> Double {
    guard let first = curve.first, let last = curve.last else { return 0 }
    if bytes <= first.messageBytes {
      return first.busBytesPerSecond * bytes / first.messageBytes
    }
    if bytes >= last.messageBytes { return last.busBytesPerSecond }
    let upper = curve.firstIndex { $0.messageBytes >= bytes } ?? curve.count - 1
    if curve[upper].messageBytes == bytes { return curve[upper].busBytesPerSecond }
    let (a, b) = (curve[upper - 1], curve[upper])
    let fraction = log(bytes / a.messageBytes) / log(b.messageBytes / a.messageBytes)
    return exp(
      log(a.busBytesPerSecond) + fraction * log(b.busBytesPerSecond / a.busBytesPerSecond))
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
    guard tensorParallel > 1, bytes > 0 else { return 0 }
    let t = Double(tensorParallel)
    return 2 * (t - 1) / t * bytes / busBandwidth(bytes: bytes, curve: curve)
  }
}

// envelope-bench: how many estimates per second the engine computes in-process.
//
// Usage: envelope-bench [ITERATIONS]   (default 500,000 per method)
//
// Each method runs ITERATIONS estimates on inputs that vary with the loop index (so no
// result can be hoisted out of the loop), timed with a monotonic clock (ContinuousClock),
// after a warm-up of ITERATIONS / 10. The figures' sum is printed so the work is kept.
import EnvelopeCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One timed run: the method's name, how many estimates, the seconds they took.
struct Measurement {
  var method: String
  var estimates: Int
  var seconds: Double

  /// Estimates per second.
  var rate: Double { Double(estimates) / seconds }
}

/// Times `body` over `count` iterations, after a warm-up, and returns the seconds taken.
func time(_ count: Int, _ body: (Int) throws -> Double) rethrows -> (seconds: Double, sum: Double) {
  var sum = 0.0
  for index in 0..<max(1, count / 10) { sum += try body(index) }
  let clock = ContinuousClock()
  let start = clock.now
  for index in 0..<count { sum += try body(index) }
  let elapsed = start.duration(to: clock.now)
  let seconds =
    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  return (seconds, sum)
}

let iterations = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 500_000

let seedModel = ModelProfile(
  id: "llama-3.1-8b", name: "Llama 3.1 8B", parameters: 8_030_261_248,
  architectureConstant: 500, layers: 32, hiddenSize: 4_096, attentionHeads: 32, kvHeads: 8,
  headDim: 128, contextLength: 131_072)
// The shipped H100's all-reduce curve (reference/all-reduce-bandwidth.csv, GB/s from 1 KiB to
// 8 GiB), so that tensor-parallel degrees pay for reading it as real estimates do.
let h100AllReduceGBPerSecond: [Double] = [
  0.07, 0.14, 0.27, 0.53, 0.95, 1.71, 2.72, 5.40, 10.86, 21.35, 43.70, 81.93, 128.73, 172.13,
  234.45, 295.53, 361.78, 400.61, 423.38, 438.46, 466.35, 472.36, 475.54, 478.87,
]
// Its FP8 matmul curve (reference/matmul-throughput.csv, TFLOPS at m = n = k from 1,024 to
// 32,768), so that every step's products are looked up on it as real FP8 estimates do.
let h100MatmulTFLOPS: [Double] = [274.1, 1_011.3, 1_216.9, 1_290.1, 1_377.3, 1_382.2]
let gpu = GPUProfile(
  id: "h100-sxm", name: "NVIDIA H100 SXM5 80GB",
  peakFLOPS: [.fp16: 989.4e12, .bf16: 989.4e12, .fp8: 1_978.9e12], memoryBytes: 80e9,
  memoryBandwidthBytesPerSecond: 3.35e12,
  allReduceBusBandwidth: h100AllReduceGBPerSecond.enumerated().map { index, rate in
    AllReduceBandwidthPoint(messageBytes: Double(1_024 << index), busBytesPerSecond: rate * 1e9)
  },
  matmulThroughput: h100MatmulTFLOPS.enumerated().map { index, rate in
    MatmulThroughputPoint(
      precision: .fp8, size: Double(1_024 << index), flopsPerSecond: rate * 1e12)
  })

var measurements: [Measurement] = []
var checksum = 0.0
do {
  var seedInputs = ServingInputs.seedExample
  let seed = try time(iterations) { index in
    seedInputs.dailyActiveUsers = 1e6 + Double(index % 1_000) * 1e5
    let estimate = try ServingEstimate(seed: seedInputs)
    return Double(estimate.gpusRequired) + estimate.storageBytesPerMonth * 1e-15
  }
  measurements.append(Measurement(method: "seed", estimates: iterations, seconds: seed.seconds))
  checksum += seed.sum

  // Each estimate searches the tensor-parallel degrees and bisects the batch under a latency
  // target, as `envelope estimate --method roofline --max-tpot 15ms` does.
  var rooflineInputs = RooflineInputs(
    model: seedModel, gpu: gpu,
    parameters: RooflineParameters(
      precision: .fp8, dailyActiveUsers: 1e6, requestsPerUserPerDay: 10, inputTokens: 512,
      outputTokens: 256, maxTPOTSeconds: 0.015))
  let rooflineCount = iterations
  let roofline = try time(rooflineCount) { index in
    rooflineInputs.dailyActiveUsers = 1e6 + Double(index % 1_000) * 1e5
    let estimate = try RooflineEstimate(rooflineInputs)
    return Double(estimate.gpusRequired)
  }
  measurements.append(
    Measurement(method: "roofline", estimates: rooflineCount, seconds: roofline.seconds))
  checksum += roofline.sum
} catch {
  print("error: \(error)")
  exit(1)
}

/// `value` right-aligned in `width` characters.
func aligned(_ value: String, _ width: Int) -> String {
  String(repeating: " ", count: max(0, width - value.count)) + value
}

print("method      estimates     seconds   estimates/second")
for measurement in measurements {
  let milliseconds = Int((measurement.seconds * 1_000).rounded())
  let seconds = "\(milliseconds / 1_000).\(aligned(String(milliseconds % 1_000), 3))"
    .replacingSpaces()
  print(
    measurement.method + aligned(String(measurement.estimates), 20 - measurement.method.count)
      + aligned(seconds, 12) + aligned(String(Int(measurement.rate)), 19))
}
print("checksum \(checksum)")

extension String {
  /// The text with spaces turned into zeros (for the fractional part of a fixed-point number).
  func replacingSpaces() -> String {
    String(map { $0 == " " ? "0" : $0 })
  }
}

/// One measured point of a GPU's matmul curve: the FLOP/s a cuBLASLt benchmark reached on a
/// square matrix product of one size at one precision.
///
/// The catalogue's `matmul_efficiency` is the best large product a shape search finds; a
/// serving step's products are smaller (a few thousand tokens by the layer's widths, split t
/// ways), and a GPU reaches less of its peak on them: fewer tiles than multiprocessors, a last
/// partial wave, the fixed cost of a launch. A measured curve of square sizes says how much less.
public struct MatmulThroughputPoint: Sendable, Equatable, Codable {
  /// The precision the products ran at.
  public var precision: Precision
  /// m = n = k of the measured product.
  public var size: Double
  /// FLOP/s it reached.
  public var flopsPerSecond: Double

  public init(precision: Precision, size: Double, flopsPerSecond: Double) {
    self.precision = precision
    self.size = size
    self.flopsPerSecond = flopsPerSecond
  }

  enum CodingKeys: String, CodingKey {
    case precision, size
    case flopsPerSecond = "flops_per_second"
  }
}

extension GPUProfile {
  /// The measured matmul points at `precision`, in increasing size: the precision's own, else
  /// for fp16 and bf16 the other's (their tensor cores run at the same rate); empty when none.
  public func matmulCurve(at precision: Precision) -> [MatmulThroughputPoint] {
    let own = matmulThroughput.filter { $0.precision == precision }
    guard own.isEmpty else { return own }
    let twin: Precision? =
      switch precision {
      case .fp16: .bf16
      case .bf16: .fp16
      default: nil
      }
    return twin.map { twin in matmulThroughput.filter { $0.precision == twin } } ?? []
  }
}

extension RooflineMethod {
  /// Share of the matmul ceiling a product of m × n × k reaches, read off a measured curve of
  /// square products.
  ///
  /// size factor = throughput(m × n × k) ÷ the curve's highest throughput
  ///
  /// The product is placed among the measured squares by its FLOPs (m × n × k against size³):
  /// between two measured squares the throughput is interpolated linearly in the FLOPs, below
  /// the smallest it is the smallest's, above the largest the largest's. The catalogue's matmul
  /// efficiency, the best large product, stays the ceiling; the curve says how far below it a
  /// smaller product falls. No cube root: the search over parallelism and batch reads the curve
  /// four times a step.
  ///
  /// - Parameters:
  ///   - m: Rows: the tokens the product carries.
  ///   - n: Columns of the weight.
  ///   - k: The inner dimension.
  ///   - curve: Measured points at the step's precision (empty: a factor of 1).
  /// - Returns: A fraction in (0, 1].
  public static func matmulSizeFactor(
    m: Double, n: Double, k: Double, curve: [MatmulThroughputPoint]
  ) -> Double {
    MeasuredMatmul(curve).factor(m: m, n: n, k: k)
  }

  /// The size factor of one forward pass's matrix products, weighted by their FLOPs.
  ///
  /// factor = Σ FLOPs ÷ Σ (FLOPs ÷ size factor), over QKV (n = (attention width + 2 × KV
  /// width) ÷ t, k = hidden), the attention output (n = hidden, k = attention width ÷ t), the
  /// gated up projection (n = 2 × FFN ÷ t, k = hidden) and the down projection (n = hidden,
  /// k = FFN ÷ t); for a mixture of experts the last two carry tokens × k ÷ E rows each, one
  /// product per expert, k of them per token.
  ///
  /// - Parameters:
  ///   - tokens: Tokens in the pass (the products' rows).
  ///   - hiddenSize: The model's width.
  ///   - ffnSize: The feed-forward width (per expert).
  ///   - attentionWidth: Attention heads × head dimension.
  ///   - kvWidth: KV heads × head dimension.
  ///   - experts: Experts per layer, `nil` for a dense model.
  ///   - expertsPerToken: Experts each token runs.
  ///   - tensorParallel: t, GPUs the products are split over.
  ///   - curve: Measured points at the step's precision (empty: a factor of 1).
  /// - Returns: A fraction in (0, 1].
  public static func passMatmulSizeFactor(
    tokens: Double, hiddenSize: Double, ffnSize: Double, attentionWidth: Double,
    kvWidth: Double, experts: Double?, expertsPerToken: Double?, tensorParallel: Int,
    curve: [MatmulThroughputPoint]
  ) -> Double {
    LayerProducts(
      hiddenSize: hiddenSize, ffnSize: ffnSize, attentionWidth: attentionWidth,
      kvWidth: kvWidth, experts: experts, expertsPerToken: expertsPerToken
    ).sizeFactor(tokens: tokens, tensorParallel: tensorParallel, curve: MeasuredMatmul(curve))
  }
}

/// A layer's matrix products, as ``RooflineMethod/passMatmulSizeFactor(tokens:hiddenSize:ffnSize:attentionWidth:kvWidth:experts:expertsPerToken:tensorParallel:curve:)``
/// weighs them on one GPU of a replica.
///
/// Tensor parallelism splits n of QKV and the up projection and k of the attention output and
/// the down projection, so every product's m × n × k on one GPU is its whole one ÷ t: tokens ÷ t
/// × rows per token × n × k, the last three taken here once per estimate.
struct LayerProducts: Sendable {
  /// rows per token × n × k of each product, whole (t = 1); four lanes, no heap and no
  /// reference counting in the step's arithmetic.
  let volumes: SIMD4<Double>
  /// Each product's FLOPs per token, relative: how many a token runs × n × k.
  let weights: SIMD4<Double>
  /// The weights' sum.
  let totalWeight: Double

  init(
    hiddenSize h: Double, ffnSize f: Double, attentionWidth: Double, kvWidth: Double,
    experts: Double?, expertsPerToken: Double?
  ) {
    // An expert's products carry tokens × k ÷ E rows each, k of them per token.
    let (rows, perToken) =
      if let e = experts, let k = expertsPerToken { (k / e, k) } else { (1.0, 1.0) }
    let products: [(n: Double, k: Double, rows: Double, perToken: Double)] = [
      (attentionWidth + 2 * kvWidth, h, 1, 1), (h, attentionWidth, 1, 1),
      (2 * f, h, rows, perToken), (h, f, rows, perToken),
    ]
    volumes = SIMD4(products.map { $0.rows * $0.n * $0.k })
    weights = SIMD4(products.map { $0.perToken * $0.n * $0.k })
    totalWeight = weights.sum()
  }

  /// The FLOP-weighted size factor of a pass of `tokens` on one of `tensorParallel` GPUs.
  func sizeFactor(tokens: Double, tensorParallel: Int, curve: MeasuredMatmul) -> Double {
    guard !curve.isEmpty else { return 1 }
    let scaled = volumes * (tokens / Double(tensorParallel))
    let factors = SIMD4(
      curve.factor(volume: scaled[0]), curve.factor(volume: scaled[1]),
      curve.factor(volume: scaled[2]), curve.factor(volume: scaled[3]))
    return totalWeight / (weights / factors).sum()
  }
}

/// A measured matmul curve as the step arithmetic reads it: the measured squares' m × n × k,
/// throughputs relative to the highest and the slope between neighbours, in flat arrays made
/// once per estimate, so that a lookup is a short scan, a multiplication and an addition.
struct MeasuredMatmul: Sendable {
  /// size³ of each measured square, increasing.
  let volumes: [Double]
  /// Throughput at each size ÷ the highest measured.
  let relative: [Double]
  /// (relative[i + 1] − relative[i]) ÷ (volumes[i + 1] − volumes[i]).
  let slopes: [Double]

  init(_ curve: [MatmulThroughputPoint]) {
    let sorted = curve.sorted { $0.size < $1.size }
    var highest = 0.0
    for point in sorted { highest = max(highest, point.flopsPerSecond) }
    var volumes: [Double] = []
    var relative: [Double] = []
    for point in sorted {
      volumes.append(point.size * point.size * point.size)
      relative.append(point.flopsPerSecond / highest)
    }
    self.volumes = volumes
    self.relative = relative
    slopes = zip(zip(volumes, volumes.dropFirst()), zip(relative, relative.dropFirst())).map {
      ($0.1.1 - $0.1.0) / ($0.0.1 - $0.0.0)
    }
  }

  /// Whether there is a curve at all.
  var isEmpty: Bool { volumes.isEmpty }

  /// ``RooflineMethod/matmulSizeFactor(m:n:k:curve:)``.
  func factor(m: Double, n: Double, k: Double) -> Double {
    factor(volume: m * n * k)
  }

  /// The relative throughput of a product of `volume` = m × n × k.
  ///
  /// Interpolated linearly between the measured squares, the smallest's below them, the
  /// largest's above. Curves have a handful of sizes (Azure's five or six), so a scan from the
  /// smallest beats a binary search.
  func factor(volume: Double) -> Double {
    let count = volumes.count
    guard count > 0 else { return 1 }
    if volume <= volumes[0] { return relative[0] }
    if volume >= volumes[count - 1] { return relative[count - 1] }
    var low = 0
    while volumes[low + 1] <= volume { low += 1 }
    return relative[low] + slopes[low] * (volume - volumes[low])
  }
}

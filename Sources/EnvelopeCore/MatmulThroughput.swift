import Foundation

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
  /// size factor = throughput(∛(m × n × k)) ÷ the curve's highest throughput
  ///
  /// The product is looked up at the square of the same FLOPs; between measured sizes the
  /// throughput is interpolated linearly in the size; below the smallest it is the smallest's,
  /// above the largest the largest's. The catalogue's matmul efficiency, the best large product,
  /// stays the ceiling; the curve says how far below it a smaller product falls.
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
struct LayerProducts: Sendable {
  /// One product: its n and k on one GPU (tensor parallelism splits n of QKV and the up
  /// projection, k of the attention output and the down projection), the share of a pass's
  /// tokens it carries as rows, and how many of it a token runs.
  struct Product: Sendable {
    let n: Double
    let k: Double
    let splitsN: Bool
    let rows: Double
    let perToken: Double
  }

  let products: [Product]

  init(
    hiddenSize h: Double, ffnSize f: Double, attentionWidth: Double, kvWidth: Double,
    experts: Double?, expertsPerToken: Double?
  ) {
    let (rows, perToken) =
      if let e = experts, let k = expertsPerToken { (k / e, k) } else { (1.0, 1.0) }
    products = [
      Product(n: attentionWidth + 2 * kvWidth, k: h, splitsN: true, rows: 1, perToken: 1),
      Product(n: h, k: attentionWidth, splitsN: false, rows: 1, perToken: 1),
      Product(n: 2 * f, k: h, splitsN: true, rows: rows, perToken: perToken),
      Product(n: h, k: f, splitsN: false, rows: rows, perToken: perToken),
    ]
  }

  /// The FLOP-weighted size factor of a pass of `tokens` on one of `tensorParallel` GPUs.
  func sizeFactor(tokens: Double, tensorParallel: Int, curve: MeasuredMatmul) -> Double {
    guard !curve.isEmpty else { return 1 }
    let t = Double(tensorParallel)
    var flops = 0.0
    var time = 0.0
    for product in products {
      let weight = product.perToken * product.n * product.k
      let (n, k) = product.splitsN ? (product.n / t, product.k) : (product.n, product.k / t)
      flops += weight
      time += weight / curve.factor(m: max(tokens * product.rows, 1), n: n, k: k)
    }
    return flops / time
  }
}

/// A measured matmul curve as the step arithmetic reads it: sizes and throughputs relative to
/// the highest, in two flat arrays made once per estimate.
struct MeasuredMatmul: Sendable {
  /// Square sizes, increasing.
  let sizes: [Double]
  /// Throughput at each size ÷ the highest measured.
  let relative: [Double]

  init(_ curve: [MatmulThroughputPoint]) {
    let sorted = curve.sorted { $0.size < $1.size }
    let highest = sorted.map(\.flopsPerSecond).max() ?? 1
    sizes = sorted.map(\.size)
    relative = sorted.map { $0.flopsPerSecond / highest }
  }

  /// Whether there is a curve at all.
  var isEmpty: Bool { sizes.isEmpty }

  /// ``RooflineMethod/matmulSizeFactor(m:n:k:curve:)``.
  func factor(m: Double, n: Double, k: Double) -> Double {
    let count = sizes.count
    guard count > 0 else { return 1 }
    let size = cbrt(m * n * k)
    if size <= sizes[0] { return relative[0] }
    if size >= sizes[count - 1] { return relative[count - 1] }
    let (low, high) = bracket(sizes, size)
    return relative[low] + (relative[high] - relative[low]) * (size - sizes[low])
      / (sizes[high] - sizes[low])
  }
}

/// The indices of the two neighbouring values of increasing `values` around `x`, which lies
/// strictly between the first and the last: a binary search.
func bracket(_ values: [Double], _ x: Double) -> (low: Int, high: Int) {
  var (low, high) = (0, values.count - 1)
  while high - low > 1 {
    let middle = (low + high) / 2
    if values[middle] <= x { low = middle } else { high = middle }
  }
  return (low, high)
}

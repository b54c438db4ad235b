extension RooflineMethod {
  // MARK: Training defaults

  /// Model FLOPs utilisation (MFU) a training run is assumed to achieve: 0.4.
  ///
  /// Published runs imply 0.30–0.45 of dense peak on A100 and 0.25–0.35 on H100 from their
  /// GPU-hours, restarts and evaluation included, and papers report 0.38–0.46 measured within
  /// the run (reference/README.md; Llama 3 paper arXiv 2407.21783 Table 4 gives 0.38–0.43).
  /// 0.4 sits inside both bands.
  public static let defaultUtilization = 0.4
  /// The range `--range` takes the utilisation over: 0.3 to 0.5.
  public static let utilizationRange = 0.3...0.5

  /// FLOPs per parameter and token with full activation recomputation: 8.
  ///
  /// Forward 2, backward 4, and the forward pass again (2) to rebuild the activations the
  /// backward pass needs instead of storing them.
  public static let trainingFLOPsPerParameterWithRecompute = 8.0

  // MARK: Training

  /// Total floating-point operations to train a model.
  ///
  /// FLOPs = k × parameters × tokens × epochs, k = 6 (forward 2 + backward 4), or 8 with full
  /// activation recomputation
  ///
  /// - Parameters:
  ///   - parameters: Parameters each token uses (active parameters for a mixture of experts).
  ///   - tokens: Tokens per epoch (data items × tokens per item).
  ///   - epochs: Passes over the data.
  ///   - recompute: Whether activations are recomputed in the backward pass.
  /// - Returns: FLOP.
  public static func trainingFLOPs(
    parameters: Double, tokens: Double, epochs: Double, recompute: Bool
  ) -> Double {
    let perParameter =
      recompute ? trainingFLOPsPerParameterWithRecompute : SeedMethod.trainingFLOPsPerParameter
    return perParameter * parameters * tokens * epochs
  }
}

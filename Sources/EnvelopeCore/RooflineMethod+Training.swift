extension RooflineMethod {
  // MARK: Training defaults

  /// Model FLOPs utilisation (MFU) a training run is assumed to achieve: 0.4.
  ///
  /// Chosen from five published runs (Llama 2 7B, 13B and 70B, Llama 3.1 405B, MPT-7B), whose
  /// GPU-hours imply 0.35–0.43 of dense peak, restarts and evaluation included; papers report
  /// 0.38–0.46 measured within the run (reference/README.md; Llama 3 paper arXiv 2407.21783
  /// Table 4 gives 0.38–0.43). Utilisation is of model FLOPs (``trainingModelFLOPs``), never of
  /// the FLOPs activation recomputation adds. Runs held out from that choice are in
  /// BENCHMARKS.md, "Training runs".
  public static let defaultUtilization = 0.4
  /// The range `--range` takes the utilisation over: 0.3 to 0.5.
  public static let utilizationRange = 0.3...0.5

  /// FLOPs per parameter and token with full activation recomputation: 8.
  ///
  /// Forward 2, backward 4, and the forward pass again (2) to rebuild the activations the
  /// backward pass needs instead of storing them. Hardware FLOPs, not model FLOPs: the extra
  /// forward pass does work the model does not need.
  public static let trainingFLOPsPerParameterWithRecompute = 8.0

  /// Attention FLOPs per token and per unit of layers × heads × head dimension × sequence
  /// length, forward and backward: 12.
  ///
  /// The forward pass multiplies each query by every key (Q·Kᵀ) and each row of attention
  /// weights by the values (A·V): 2 × 2 × sequence length × heads × head dimension FLOPs per
  /// token and layer; the backward pass costs twice the forward.
  public static let attentionTrainingFLOPsPerUnit = 12.0

  // MARK: Training

  /// The attention FLOPs one token costs in training, forward and backward: the part of the
  /// model FLOPs that no parameter accounts for.
  ///
  /// attention FLOPs per token = 12 × layers × attention heads × head dimension × sequence
  /// length
  ///
  /// PaLM's model FLOPs per token are 6N + 12·L·H·Q·T (Chowdhery et al., "PaLM: Scaling
  /// Language Modeling with Pathways", arXiv 2204.02311, Appendix B), with L layers, H heads,
  /// Q the head dimension and T the sequence length; this is the second term. Megatron-LM's
  /// count (Narayanan et al., arXiv 2104.04473, §5.1: 96·B·s·l·h²·(1 + s/(6h) + V/(16·l·h))
  /// with recomputation) has the same attention term once its recomputed forward pass is
  /// taken out (72·B·s·l·h² · s/(6h) ÷ (B·s) = 12·l·h·s per token, h = H·Q). Both count the
  /// whole T × T score matrix: a causal mask leaves about half of it needed, and kernels that
  /// skip masked blocks (FlashAttention-2, arXiv 2307.08691, counts causal attention at half)
  /// perform about half this term. Envelope keeps PaLM's full count, so that its utilisation is
  /// MFU as PaLM and the Llama 3 paper define it. Grouped-query attention does not change it:
  /// every query head still multiplies the keys and the values.
  ///
  /// - Parameters:
  ///   - layers: Transformer layers.
  ///   - attentionHeads: Query heads per layer.
  ///   - headDim: Dimension of one head.
  ///   - sequenceLength: Tokens per training sequence (the context each token attends over).
  /// - Returns: FLOP per token.
  public static func attentionTrainingFLOPsPerToken(
    layers: Double, attentionHeads: Double, headDim: Double, sequenceLength: Double
  ) -> Double {
    attentionTrainingFLOPsPerUnit * layers * attentionHeads * headDim * sequenceLength
  }

  /// The FLOPs a training run needs: the model FLOPs that utilisation (MFU) is a share of.
  ///
  /// model FLOPs = (6 × parameters + attention FLOPs per token) × tokens × epochs
  ///
  /// 6 per parameter and token: forward 2, backward 4 (the seed's 6N). For a mixture of
  /// experts, the parameters are the active ones, those each token passes through; the
  /// parameters held in memory do not enter. Recomputed activations are not model FLOPs.
  ///
  /// - Parameters:
  ///   - parameters: Parameters each token uses (active parameters for a mixture of experts).
  ///   - tokens: Tokens per epoch (data items × tokens per item).
  ///   - epochs: Passes over the data.
  ///   - attentionFLOPsPerToken: From ``attentionTrainingFLOPsPerToken(layers:attentionHeads:headDim:sequenceLength:)``,
  ///     or 0 to leave attention out (the seed's 6ND).
  /// - Returns: FLOP.
  public static func trainingModelFLOPs(
    parameters: Double, tokens: Double, epochs: Double, attentionFLOPsPerToken: Double
  ) -> Double {
    (SeedMethod.trainingFLOPsPerParameter * parameters + attentionFLOPsPerToken) * tokens * epochs
  }

  /// The FLOPs the GPUs perform: the model FLOPs, and with full activation recomputation the
  /// forward pass again.
  ///
  /// hardware FLOPs = model FLOPs × 8 ÷ 6 with full recomputation, else model FLOPs
  ///
  /// The forward pass is a third of the model FLOPs, for the parameters (2 of 6 per token) and
  /// for attention (4 of 12 per unit) alike, so recomputing it adds a third: 8ND without an
  /// attention term, as Megatron-LM's 96 against 72 (arXiv 2104.04473, §5.1).
  ///
  /// - Parameters:
  ///   - modelFLOPs: From ``trainingModelFLOPs(parameters:tokens:epochs:attentionFLOPsPerToken:)``.
  ///   - recompute: Whether activations are recomputed in the backward pass.
  /// - Returns: FLOP.
  public static func trainingHardwareFLOPs(modelFLOPs: Double, recompute: Bool) -> Double {
    guard recompute else { return modelFLOPs }
    return modelFLOPs * trainingFLOPsPerParameterWithRecompute
      / SeedMethod.trainingFLOPsPerParameter
  }

  /// The share of peak the GPUs are busy with hardware FLOPs, given the model FLOPs
  /// utilisation.
  ///
  /// hardware FLOPs utilisation = MFU × hardware FLOPs ÷ model FLOPs
  ///
  /// Time is model FLOPs ÷ (peak × GPUs × MFU); in that time the GPUs perform the hardware
  /// FLOPs. Recomputation leaves the time as the MFU gives it and raises this figure instead.
  ///
  /// - Parameters:
  ///   - modelFLOPsUtilization: MFU, in (0, 1].
  ///   - modelFLOPs: FLOP the model needs.
  ///   - hardwareFLOPs: FLOP the GPUs perform.
  /// - Returns: A fraction of peak; at most 1 for inputs that validate (with recomputation the
  ///   MFU is at most 6 ÷ 8).
  public static func hardwareFLOPsUtilization(
    modelFLOPsUtilization: Double, modelFLOPs: Double, hardwareFLOPs: Double
  ) -> Double {
    modelFLOPsUtilization * hardwareFLOPs / modelFLOPs
  }
}

import EnvelopeTestSupport
import Foundation
import Testing

@testable import EnvelopeCore

extension ReferenceData {
  // MARK: Training runs (reference/training-runs.csv)

  /// What a published run is used for.
  enum TrainingRunRole: String, Sendable {
    /// One of the five runs the default MFU 0.4 was chosen from: in sample.
    case calibration
    /// Not used to choose 0.4: out of sample, the runs that test it.
    case heldOut = "held-out"
    /// Only its published FLOP count is compared.
    case flops
  }

  struct TrainingRun: CustomTestStringConvertible, Sendable {
    var run: String
    /// The catalogue's id for the model, when the catalogue ships it.
    var modelID: String?
    /// All the parameters.
    var parameters: Double
    /// Parameters active per token, for a mixture of experts.
    var activeParameters: Double?
    var tokens: Double
    /// The catalogue GPU whose dense 16-bit peak applies (an H800 is an `h100-sxm` here).
    var hardwareID: String
    var peakFLOPS: Double
    var publishedGPUHours: Double?
    var publishedTotalFLOPs: Double?
    var role: TrainingRunRole
    /// Tokens per pre-training sequence, and the shape the attention term needs.
    var sequenceLength: Double?
    var layers: Int?
    var attentionHeads: Int?
    var headDim: Int?
    /// Why a held-out run falls outside the bound stated for it; `nil` when it should not.
    var knownMiss: String?
    var testDescription: String { run }

    init(
      _ run: String, model modelID: String? = nil, parameters: Double,
      active activeParameters: Double? = nil, tokens: Double, on hardwareID: String,
      peak peakFLOPS: Double, gpuHours publishedGPUHours: Double? = nil,
      flops publishedTotalFLOPs: Double? = nil, role: TrainingRunRole,
      sequence sequenceLength: Double? = nil, layers: Int? = nil, heads attentionHeads: Int? = nil,
      headDim: Int? = nil, knownMiss: String? = nil
    ) {
      self.run = run
      self.modelID = modelID
      self.parameters = parameters
      self.activeParameters = activeParameters
      self.tokens = tokens
      self.hardwareID = hardwareID
      self.peakFLOPS = peakFLOPS
      self.publishedGPUHours = publishedGPUHours
      self.publishedTotalFLOPs = publishedTotalFLOPs
      self.role = role
      self.sequenceLength = sequenceLength
      self.layers = layers
      self.attentionHeads = attentionHeads
      self.headDim = headDim
      self.knownMiss = knownMiss
    }

    /// The roofline method's inputs for the run, as `envelope train --model M --method
    /// roofline` builds them: active parameters for FLOPs, the total for the record.
    ///
    /// GPU-hours do not depend on the GPU count (it cancels); 1,000 is arbitrary.
    ///
    /// - Parameters:
    ///   - utilization: The MFU.
    ///   - attention: Whether to add the attention term at the run's sequence length.
    /// - Returns: Inputs for ``RooflineTrainingEstimate/init(_:)``.
    func inputs(
      utilization: Double = RooflineMethod.defaultUtilization, attention: Bool = false
    ) -> RooflineTrainingInputs {
      var inputs = RooflineTrainingInputs(
        parameters: activeParameters ?? parameters,
        totalParameters: activeParameters == nil ? nil : parameters, tokens: tokens,
        peakFLOPSPerGPU: peakFLOPS, gpuCount: 1_000, utilization: utilization)
      if attention {
        inputs.sequenceLength = sequenceLength
        inputs.layers = layers
        inputs.attentionHeads = attentionHeads
        inputs.headDim = headDim
      }
      return inputs
    }

    /// The MFU the published GPU-hours imply: model FLOPs ÷ (GPU-hours × 3,600 × peak).
    ///
    /// For reading, never checked against the run it comes from.
    func impliedUtilization(attention: Bool = false) throws -> Double? {
      guard let hours = publishedGPUHours else { return nil }
      let modelFLOPs = try RooflineTrainingEstimate(inputs(attention: attention)).modelFLOPs
      return modelFLOPs / (hours * 3_600 * peakFLOPS)
    }
  }

  /// The rows of reference/training-runs.csv, sources there.
  static let trainingRuns = [
    TrainingRun(
      "GPT-3 175B", model: "gpt-3-175b", parameters: 174_600_000_000, tokens: 300e9,
      on: "v100-sxm2", peak: 125e12, flops: 3.14e23, role: .flops),
    TrainingRun(
      "Llama 2 7B", model: "llama-2-7b", parameters: 6_738_415_616, tokens: 2e12,
      on: "a100-80gb", peak: 312e12, gpuHours: 184_320, role: .calibration, sequence: 4_096,
      layers: 32, heads: 32, headDim: 128),
    TrainingRun(
      "Llama 2 13B", model: "llama-2-13b", parameters: 13_015_864_320, tokens: 2e12,
      on: "a100-80gb", peak: 312e12, gpuHours: 368_640, role: .calibration, sequence: 4_096,
      layers: 40, heads: 40, headDim: 128),
    TrainingRun(
      "Llama 2 70B", model: "llama-2-70b", parameters: 68_976_648_192, tokens: 2e12,
      on: "a100-80gb", peak: 312e12, gpuHours: 1_720_320, role: .calibration, sequence: 4_096,
      layers: 80, heads: 64, headDim: 128),
    TrainingRun(
      "Llama 3.1 405B", model: "llama-3.1-405b", parameters: 405_853_388_800, tokens: 15.6e12,
      on: "h100-sxm", peak: 989.4e12, gpuHours: 30_840_000, flops: 3.8e25, role: .calibration,
      sequence: 8_192, layers: 126, heads: 128, headDim: 128),
    TrainingRun(
      "MPT-7B", parameters: 6.7e9, tokens: 1e12, on: "a100-40gb", peak: 312e12,
      gpuHours: 100_320, role: .calibration, sequence: 2_048, layers: 32, heads: 32, headDim: 128),
    TrainingRun(
      "LLaMA 7B", parameters: 6_738_415_616, tokens: 1e12, on: "a100-80gb", peak: 312e12,
      gpuHours: 82_432, role: .heldOut, sequence: 2_048, layers: 32, heads: 32, headDim: 128),
    TrainingRun(
      "LLaMA 13B", parameters: 13_015_864_320, tokens: 1e12, on: "a100-80gb", peak: 312e12,
      gpuHours: 135_168, role: .heldOut, sequence: 2_048, layers: 40, heads: 40, headDim: 128,
      knownMiss:
        "faster than the optimistic end: the published GPU-hours imply MFU 0.51 (0.55 with"
        + " the attention term); Meta's own accounting in the LLaMA paper's Table 15"),
    TrainingRun(
      "LLaMA 33B", parameters: 32_528_943_616, tokens: 1.4e12, on: "a100-80gb", peak: 312e12,
      gpuHours: 530_432, role: .heldOut, sequence: 2_048, layers: 60, heads: 52, headDim: 128),
    TrainingRun(
      "LLaMA 65B", parameters: 65_285_660_672, tokens: 1.4e12, on: "a100-80gb", peak: 312e12,
      gpuHours: 1_022_362, role: .heldOut, sequence: 2_048, layers: 80, heads: 64, headDim: 128),
    TrainingRun(
      "OPT-175B", parameters: 175e9, tokens: 180e9, on: "a100-80gb", peak: 312e12,
      gpuHours: 809_472, role: .heldOut, sequence: 2_048, layers: 96, heads: 96, headDim: 128,
      knownMiss:
        "slower than the pessimistic end (implied MFU 0.21): the run was restarted many times"
        + " after hardware failures and loss divergences, and its GPU-hours include them"),
    TrainingRun(
      "BLOOM 176B", parameters: 176_247_000_000, tokens: 366e9, on: "a100-80gb", peak: 312e12,
      gpuHours: 1_082_990, role: .heldOut, sequence: 2_048, layers: 70, heads: 112,
      headDim: 128),
    TrainingRun(
      "Falcon-180B", parameters: 179_522_565_120, tokens: 3.5e12, on: "a100-40gb", peak: 312e12,
      gpuHours: 7_000_000, role: .heldOut, sequence: 2_048, layers: 80, heads: 232, headDim: 64),
    TrainingRun(
      "Llama 3.1 8B", model: "llama-3.1-8b", parameters: 8_030_261_248, tokens: 15e12,
      on: "h100-sxm", peak: 989.4e12, gpuHours: 1_460_000, role: .heldOut, sequence: 8_192,
      layers: 32, heads: 32, headDim: 128,
      knownMiss:
        "slower than the pessimistic end (implied MFU 0.14): the model card's GPU-hours are the"
        + " model's whole training time (post-training and the long-context stage included)"
        + " over '15T+' tokens, and an 8B model on thousands of H100s keeps them far from peak"),
    TrainingRun(
      "Llama 3.1 70B", model: "llama-3.1-70b", parameters: 70_553_706_496, tokens: 15e12,
      on: "h100-sxm", peak: 989.4e12, gpuHours: 7_000_000, role: .heldOut, sequence: 8_192,
      layers: 80, heads: 64, headDim: 128,
      knownMiss:
        "slower than the pessimistic end (implied MFU 0.25, 0.29 with the attention term):"
        + " as Llama 3.1 8B, the card's hours are the whole training time over '15T+' tokens"),
    TrainingRun(
      "DeepSeek-V2", parameters: 236e9, active: 21e9, tokens: 8.1e12, on: "h100-sxm",
      peak: 989.4e12, gpuHours: 1_399_680, role: .heldOut, sequence: 4_096, layers: 60,
      heads: 128, headDim: 160,
      knownMiss:
        "slower than the pessimistic end on 6ND (implied MFU 0.20): 128 heads of multi-head"
        + " latent attention at 4,096 tokens add 48% to 6N per token, which 6ND leaves out;"
        + " with --sequence-length 4096 the implied MFU is 0.30, at the bracket's end"),
    TrainingRun(
      "DeepSeek-V3", parameters: 671e9, active: 37e9, tokens: 14.8e12, on: "h100-sxm",
      peak: 989.4e12, gpuHours: 2_664_000, role: .heldOut, sequence: 4_096, layers: 61,
      heads: 128, headDim: 160),
  ]

  static func trainingRuns(_ role: TrainingRunRole) -> [TrainingRun] {
    trainingRuns.filter { $0.role == role }
  }

  static var trainingRunsWithFLOPs: [TrainingRun] {
    trainingRuns.filter { $0.publishedTotalFLOPs != nil }
  }
}

/// Envelope's training estimates against published runs: FLOP counts, PaLM's published MFU,
/// and GPU-hours of runs the default MFU was not chosen from.
///
/// The bound for held-out runs, stated before they were compared: the published GPU-hours
/// lie inside the `--range` bracket of the default estimate (6 × active parameters × tokens,
/// MFU from 0.3 to 0.5), that is between 0.8 and 1.33 times Envelope's expected figure. A run
/// outside it is a known miss with its reason (``ReferenceData/TrainingRun/knownMiss``): its
/// test expects the miss, and fails when the run comes inside so that the reason is revisited.
struct TrainingValidationTests {
  typealias Run = ReferenceData.TrainingRun

  /// The published GPU-hours lie between the estimates at MFU 0.5 and 0.3.
  static func insideBracket(_ run: Run, attention: Bool = false) throws -> Bool {
    let published = try #require(run.publishedGPUHours)
    let rows = try RooflineTrainingEstimate.range(run.inputs(attention: attention))
    let gpuHours = try #require(rows.first { $0.definition == .gpuHours })
    let fastest = try #require(gpuHours.optimistic.number)
    let slowest = try #require(gpuHours.pessimistic.number)
    return fastest <= published && published <= slowest
  }

  // MARK: FLOP counts

  @Test(arguments: ReferenceData.trainingRunsWithFLOPs)
  func sixNDMatchesPublishedFLOPs(_ run: Run) throws {
    let published = try #require(run.publishedTotalFLOPs)
    let estimate = try RooflineTrainingEstimate(run.inputs())
    // GPT-3: 6 × 174.6e9 × 300e9 = 3.1428e23 vs 3.14e23 published (+0.09%).
    // Llama 3.1 405B: 6 × 405.85e9 × 15.6e12 = 3.7988e25 vs 3.8e25 published (−0.03%).
    #expect(abs(estimate.modelFLOPs / published - 1) < 0.02)
  }

  /// PaLM 540B's published throughput and MFU (PaLM paper arXiv 2204.02311, Table 3 and
  /// Appendix B: 238.3K tokens/s on 6,144 TPU v4 chips of 275 TFLOP/s, MFU 46.2%; Table 1 and
  /// section 2: 540.35B parameters, 118 layers, 48 heads of 256, 2,048-token sequences).
  struct PaLMThroughput {
    static let tokensPerSecond = 238.3e3
    static let chips = 6_144.0
    static let peakFLOPS = 275e12
    static let parameters = 540.35e9
    static let publishedMFU = 0.462

    /// The MFU Envelope's model FLOPs give that throughput, with or without attention.
    static func mfu(attention: Bool) -> Double {
      let perToken = RooflineMethod.trainingModelFLOPs(
        parameters: parameters, tokens: 1, epochs: 1,
        attentionFLOPsPerToken: attention
          ? RooflineMethod.attentionTrainingFLOPsPerToken(
            layers: 118, attentionHeads: 48, headDim: 256, sequenceLength: 2_048) : 0)
      return tokensPerSecond * perToken / (chips * peakFLOPS)
    }
  }

  /// The attention term is what PaLM counts: with it the published throughput gives the
  /// published 46.2%; 6N alone gives 45.7%.
  @Test func theAttentionTermReproducesPaLMsPublishedMFU() {
    let withAttention = PaLMThroughput.mfu(attention: true)
    let without = PaLMThroughput.mfu(attention: false)
    #expect(abs(withAttention - PaLMThroughput.publishedMFU) < 0.0005)
    #expect(abs(without - PaLMThroughput.publishedMFU) > 0.0005)
  }

  // MARK: GPU-hours

  /// In sample: the five runs 0.4 was chosen from agree with it.
  ///
  /// They lie in the `--range` bracket and within 15% of the default. This checks that the default still says what it was chosen to say,
  /// not that it predicts anything; the held-out runs below do that.
  @Test(arguments: ReferenceData.trainingRuns(.calibration))
  func calibrationRunsAgreeWithTheDefault(_ run: Run) throws {
    let published = try #require(run.publishedGPUHours)
    let estimate = try RooflineTrainingEstimate(run.inputs())
    #expect(abs(estimate.gpuHours / published - 1) < 0.15)
    #expect(try Self.insideBracket(run))
  }

  /// Out of sample: each held-out run's published GPU-hours inside the `--range` bracket of
  /// the default estimate, or a known miss with its reason.
  @Test(arguments: ReferenceData.trainingRuns(.heldOut))
  func heldOutRunLiesInTheRangeBracket(_ run: Run) throws {
    let inside = try Self.insideBracket(run)
    let implied = try #require(try run.impliedUtilization())
    if let reason = run.knownMiss {
      withKnownIssue(Comment(rawValue: reason)) {
        #expect(inside, "implied MFU \(implied) outside 0.3–0.5")
      }
    } else {
      #expect(inside, "implied MFU \(implied) outside 0.3–0.5")
    }
  }

  /// A mixture of experts is estimated on its active parameters: on its total, DeepSeek-V3
  /// would come out 18 times too long.
  @Test func heldOutMixturesOfExpertsUseActiveParameters() throws {
    let moe = ReferenceData.trainingRuns(.heldOut).filter { $0.activeParameters != nil }
    #expect(moe.count >= 2)
    for run in moe {
      let active = try #require(run.activeParameters)
      let inputs = run.inputs()
      #expect(inputs.parameters == active && inputs.totalParameters == run.parameters)
    }
  }

  // MARK: The reference file

  /// reference/training-runs.csv and these rows say the same, and its ids are the catalogue's.
  @Test func theReferenceFileMatchesTheseRows() throws {
    let rows = try CSVFile.rows(Self.reference("training-runs.csv"))
    #expect(rows.map { $0["run"] } == ReferenceData.trainingRuns.map(\.run))
    let gpus = try CSVFile.rows(Self.reference("gpus.csv"))
    let models = try CSVFile.rows(Self.reference("models.csv"))
    for (row, run) in zip(rows, ReferenceData.trainingRuns) {
      let number = { (key: String) in Double(row[key] ?? "") }
      let whole = { (key: String) in Int(row[key] ?? "") }
      #expect(number("params") == run.parameters, "\(run.run)")
      #expect(number("active_params") == run.activeParameters, "\(run.run)")
      #expect(number("tokens") == run.tokens, "\(run.run)")
      #expect(row["hardware_id"] == run.hardwareID, "\(run.run)")
      #expect(number("peak_tflops_dense_16bit").map { $0 * 1e12 } == run.peakFLOPS, "\(run.run)")
      #expect(number("published_gpu_hours") == run.publishedGPUHours, "\(run.run)")
      #expect(number("published_total_flops") == run.publishedTotalFLOPs, "\(run.run)")
      #expect(row["role"] == run.role.rawValue, "\(run.run)")
      #expect(number("sequence_length") == run.sequenceLength, "\(run.run)")
      #expect(whole("layers") == run.layers, "\(run.run)")
      #expect(whole("attention_heads") == run.attentionHeads, "\(run.run)")
      #expect(whole("head_dim") == run.headDim, "\(run.run)")
      #expect((row["model_id"].flatMap { $0.isEmpty ? nil : $0 }) == run.modelID, "\(run.run)")
      // The hardware is a catalogue GPU whose dense 16-bit peak is the row's.
      let gpu = try #require(gpus.first { $0["id"] == run.hardwareID }, "\(run.hardwareID)")
      let peak = Double(gpu["bf16_tflops"] ?? "") ?? Double(gpu["fp16_tflops"] ?? "")
      #expect(peak.map { $0 * 1e12 } == run.peakFLOPS, "\(run.run)")
      // A catalogue model has the row's parameters and shape.
      if let id = run.modelID {
        let model = try #require(models.first { $0["id"] == id }, "\(id)")
        #expect(Double(model["params"] ?? "") == run.parameters, "\(run.run)")
        if run.layers != nil {
          #expect(Int(model["layers"] ?? "") == run.layers, "\(run.run)")
          #expect(Int(model["attention_heads"] ?? "") == run.attentionHeads, "\(run.run)")
          #expect(Int(model["head_dim"] ?? "") == run.headDim, "\(run.run)")
        }
      }
      // The implied MFU column is 6 × (active) parameters × tokens ÷ (hours × 3,600 × peak).
      if let implied = try run.impliedUtilization() {
        let column = try #require(number("implied_mfu_from_gpu_hours"), "\(run.run)")
        #expect(abs(column - implied) < 0.0005, "\(run.run)")
      }
      #expect(!(row["source"] ?? "").isEmpty, "\(run.run) has no source")
    }
  }

  static func reference(_ name: String) -> URL {
    URL(filePath: #filePath).deletingLastPathComponent()
      .appending(path: "../../reference/\(name)").standardized
  }

  // MARK: BENCHMARKS.md

  /// A positive number as mantissa and power of ten: `3.1428e23`.
  static func scientific(_ value: Double, digits: Int) -> String {
    var mantissa = value
    var exponent = 0
    while mantissa >= 10 {
      mantissa /= 10
      exponent += 1
    }
    return "\(HumanFormat.significant(mantissa, digits: digits))e\(exponent)"
  }

  static func signedPercent(_ ratio: Double, digits: Int = 1) -> String {
    let difference = (ratio - 1) * 100
    return "\(difference >= 0 ? "+" : "")\(HumanFormat.number(difference, fractionDigits: digits))%"
  }

  /// Geometric-mean error and ratio of estimates against published figures.
  ///
  /// error = exp(mean |ln(estimate ÷ published)|) − 1; ratio = exp(mean ln(estimate ÷
  /// published)): how far off on average, and in which direction.
  static func geometricMean(_ ratios: [Double]) -> (error: Double, ratio: Double) {
    let logs = ratios.map { log($0) }
    let count = Double(logs.count)
    return (
      exp(logs.map(abs).reduce(0, +) / count) - 1, exp(logs.reduce(0, +) / count)
    )
  }

  /// The training tables of BENCHMARKS.md, "Training runs", from the estimates.
  static func trainingTables() throws -> String {
    let n = HumanFormat.number
    var lines = [
      "| Run | Published GPU-hours | Envelope (MFU 0.4) | Difference | Implied MFU"
        + " | Implied MFU with attention term |",
      "|---|---:|---:|---:|---:|---:|",
    ]
    for run in ReferenceData.trainingRuns(.calibration) {
      let published = try #require(run.publishedGPUHours)
      let estimate = try RooflineTrainingEstimate(run.inputs())
      lines.append(
        "| \(run.run) | \(n(published, 0)) | \(n(estimate.gpuHours, 0))"
          + " | \(Self.signedPercent(estimate.gpuHours / published))"
          + " | \(n(try #require(try run.impliedUtilization()), 3))"
          + " | \(n(try #require(try run.impliedUtilization(attention: true)), 3)) |")
    }
    lines += [
      "",
      "| Run | Hardware | Tokens | Published GPU-hours | Envelope (MFU 0.4, 6ND)"
        + " | Envelope ÷ published | Implied MFU | Inside `--range` (0.3–0.5)"
        + " | Sequence | With attention term ÷ published |",
      "|---|---|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    var defaultRatios: [Double] = []
    var attentionRatios: [Double] = []
    var inside = (plain: 0, attention: 0)
    let heldOut = ReferenceData.trainingRuns(.heldOut)
    for run in heldOut {
      let published = try #require(run.publishedGPUHours)
      let estimate = try RooflineTrainingEstimate(run.inputs())
      let withAttention = try RooflineTrainingEstimate(run.inputs(attention: true))
      let ratio = estimate.gpuHours / published
      let attentionRatio = withAttention.gpuHours / published
      defaultRatios.append(ratio)
      attentionRatios.append(attentionRatio)
      let isInside = try Self.insideBracket(run)
      if isInside { inside.plain += 1 }
      if try Self.insideBracket(run, attention: true) { inside.attention += 1 }
      var parameters = HumanFormat.significant(run.parameters / 1e9, digits: 4) + "B"
      if let active = run.activeParameters {
        parameters = HumanFormat.significant(active / 1e9, digits: 4) + "B active of " + parameters
      }
      lines.append(
        "| \(run.run) (\(parameters)) | \(run.hardwareID) | \(Self.scientific(run.tokens, digits: 3))"
          + " | \(n(published, 0)) | \(n(estimate.gpuHours, 0)) | \(n(ratio, 2))"
          + " | \(n(try #require(try run.impliedUtilization()), 3))"
          + " | \(isInside ? "yes" : "no: known miss")"
          + " | \(n(try #require(run.sequenceLength), 0)) | \(n(attentionRatio, 2)) |")
    }
    let plain = Self.geometricMean(defaultRatios)
    let attention = Self.geometricMean(attentionRatios)
    lines += [
      "",
      "| Held-out runs | Geometric-mean error | Geometric-mean Envelope ÷ published"
        + " | Inside `--range` |",
      "|---|---:|---:|---:|",
      "| Default: 6ND at MFU 0.4 | \(n(plain.error * 100, 1))% | \(n(plain.ratio, 2))"
        + " | \(inside.plain) of \(heldOut.count) |",
      "| With the attention term (`--sequence-length`) at MFU 0.4"
        + " | \(n(attention.error * 100, 1))% | \(n(attention.ratio, 2))"
        + " | \(inside.attention) of \(heldOut.count) |",
      "",
      "| Run | Published FLOPs | Envelope 6ND | Difference |",
      "|---|---:|---:|---:|",
    ]
    for run in ReferenceData.trainingRunsWithFLOPs {
      let published = try #require(run.publishedTotalFLOPs)
      let estimate = try RooflineTrainingEstimate(run.inputs())
      lines.append(
        "| \(run.run) | \(Self.scientific(published, digits: 3))"
          + " | \(Self.scientific(estimate.modelFLOPs, digits: 5))"
          + " | \(Self.signedPercent(estimate.modelFLOPs / published, digits: 2)) |")
    }
    lines += [
      "",
      "| PaLM 540B at 238.3K tokens/s on 6,144 TPU v4 | MFU |",
      "|---|---:|",
      "| Published (PaLM paper, Table 3) | \(n(PaLMThroughput.publishedMFU * 100, 1))% |",
      "| Envelope, 6N per token | \(n(PaLMThroughput.mfu(attention: false) * 100, 2))% |",
      "| Envelope, 6N + 12 × 118 × 48 × 256 × 2,048 per token"
        + " | \(n(PaLMThroughput.mfu(attention: true) * 100, 2))% |",
    ]
    return lines.joined(separator: "\n")
  }

  /// BENCHMARKS.md shows what the engine computes now: a change to a formula, a default or a
  /// reference row fails here until the published training tables are regenerated.
  @Test func benchmarksShowTheTrainingTables() throws {
    let benchmarks = URL(filePath: #filePath).deletingLastPathComponent()
      .appending(path: "../../BENCHMARKS.md").standardized
    let published = try String(contentsOf: benchmarks, encoding: .utf8)
    for table in try Self.trainingTables().components(separatedBy: "\n\n") {
      #expect(
        published.contains(table),
        "BENCHMARKS.md no longer shows the engine's figures; replace its table with:\n\(table)")
    }
  }
}

/// The rows of a small CSV file with a header line, quoted fields allowed (RFC 4180).
enum CSVFile {
  static func rows(_ url: URL) throws -> [[String: String]] {
    let records = ReferenceTable.records(try String(contentsOf: url, encoding: .utf8))
    guard let header = records.first else { return [] }
    return records.dropFirst().filter { $0 != [""] }.map { fields in
      Dictionary(uniqueKeysWithValues: zip(header, fields))
    }
  }

}

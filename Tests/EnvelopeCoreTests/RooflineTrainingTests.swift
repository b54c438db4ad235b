import Foundation
import Testing

@testable import EnvelopeCore

/// The roofline method's training formulas, one worked example a row, and the plan that feeds
/// them: active parameters for a mixture of experts, the attention term, model against
/// hardware FLOPs, and entries recorded before these existed.
struct RooflineTrainingTests {
  typealias R = ReferenceData

  static func close(_ value: Double, _ expected: Double, tolerance: Double = 1e-9) -> Bool {
    abs(value - expected) <= tolerance * abs(expected)
  }

  // MARK: Formulas

  struct AttentionExample: CustomTestStringConvertible, Sendable {
    var name: String
    var layers: Double
    var heads: Double
    var headDim: Double
    var sequenceLength: Double
    var perToken: Double
    var testDescription: String { name }
  }

  @Test(arguments: [
    // 12 × 32 × 32 × 128 × 4,096 = 6,442,450,944 FLOP per token.
    AttentionExample(
      name: "Llama 2 7B at 4,096 tokens", layers: 32, heads: 32, headDim: 128,
      sequenceLength: 4_096, perToken: 6_442_450_944),
    // 12 × 80 × 64 × 128 × 8,192 = 64,424,509,440: GQA's 8 KV heads do not enter.
    AttentionExample(
      name: "Llama 3.1 70B at 8,192 tokens (64 query heads)", layers: 80, heads: 64,
      headDim: 128, sequenceLength: 8_192, perToken: 64_424_509_440),
    // Twice the sequence, twice the per-token cost: 12 × 32 × 32 × 128 × 8,192.
    AttentionExample(
      name: "Llama 2 7B at 8,192 tokens", layers: 32, heads: 32, headDim: 128,
      sequenceLength: 8_192, perToken: 12_884_901_888),
  ])
  func attentionFLOPsPerToken(_ example: AttentionExample) {
    let perToken = RooflineMethod.attentionTrainingFLOPsPerToken(
      layers: example.layers, attentionHeads: example.heads, headDim: example.headDim,
      sequenceLength: example.sequenceLength)
    #expect(perToken == example.perToken)
  }

  @Test func modelFLOPsAddTheAttentionTermPerToken() {
    // (6 × 1e9 + 6.442e9) × 1e10 × 2 = 2.48849e20.
    let flops = RooflineMethod.trainingModelFLOPs(
      parameters: 1e9, tokens: 1e10, epochs: 2, attentionFLOPsPerToken: 6_442_450_944)
    #expect(Self.close(flops, (6e9 + 6_442_450_944) * 1e10 * 2))
    #expect(
      RooflineMethod.trainingModelFLOPs(
        parameters: 1e9, tokens: 1e10, epochs: 1, attentionFLOPsPerToken: 0) == 6e19)
  }

  @Test func recomputationAddsAThirdToHardwareFLOPsOnly() {
    // Forward = 2N + 4LHQT of 6N + 12LHQT: a third, for parameters and attention alike.
    let model = (6.0 * 1e9 + 12 * 100) * 1e10
    let forward = (2.0 * 1e9 + 4 * 100) * 1e10
    #expect(
      Self.close(
        RooflineMethod.trainingHardwareFLOPs(modelFLOPs: model, recompute: true), model + forward))
    #expect(RooflineMethod.trainingHardwareFLOPs(modelFLOPs: model, recompute: false) == model)
    #expect(
      Self.close(
        RooflineMethod.hardwareFLOPsUtilization(
          modelFLOPsUtilization: 0.45, modelFLOPs: model, hardwareFLOPs: model + forward), 0.6))
  }

  // MARK: The estimate

  struct EstimateExample: CustomTestStringConvertible, Sendable {
    var name: String
    var inputs: RooflineTrainingInputs
    var modelFLOPs: Double
    var hardwareFLOPs: Double
    var hardwareUtilization: Double
    var gpuHours: Double
    var testDescription: String { name }
  }

  @Test(arguments: [
    // 6 × 6,738,415,616 × 2e12 = 8.086e22 FLOP ÷ (312e12 × 0.4) ÷ 3,600 = 179,979 GPU-hours.
    EstimateExample(
      name: "Llama 2 7B, 2T tokens, no attention term: 6ND",
      inputs: RooflineTrainingInputs(
        parameters: 6_738_415_616, tokens: 2e12, peakFLOPSPerGPU: 312e12, gpuCount: 1_024),
      modelFLOPs: 6 * 6_738_415_616 * 2e12, hardwareFLOPs: 6 * 6_738_415_616 * 2e12,
      hardwareUtilization: 0.4, gpuHours: 6 * 6_738_415_616 * 2e12 / (312e12 * 0.4) / 3_600),
    // + 6,442,450,944 per token at 4,096: (40.43e9 + 6.44e9) × 2e12 = 9.374e22.
    EstimateExample(
      name: "same at 4,096 tokens a sequence",
      inputs: RooflineTrainingInputs(
        parameters: 6_738_415_616, tokens: 2e12, peakFLOPSPerGPU: 312e12, gpuCount: 1_024,
        sequenceLength: 4_096, layers: 32, attentionHeads: 32, headDim: 128),
      modelFLOPs: (6 * 6_738_415_616 + 6_442_450_944) * 2e12,
      hardwareFLOPs: (6 * 6_738_415_616 + 6_442_450_944) * 2e12, hardwareUtilization: 0.4,
      gpuHours: (6 * 6_738_415_616 + 6_442_450_944) * 2e12 / (312e12 * 0.4) / 3_600),
    // Recomputation: the same model FLOPs and GPU-hours; hardware × 8 ÷ 6, HFU 0.4 × 8 ÷ 6.
    EstimateExample(
      name: "same with recomputation: hardware FLOPs and HFU rise, time does not",
      inputs: RooflineTrainingInputs(
        parameters: 6_738_415_616, tokens: 2e12, peakFLOPSPerGPU: 312e12, gpuCount: 1_024,
        recompute: true, sequenceLength: 4_096, layers: 32, attentionHeads: 32, headDim: 128),
      modelFLOPs: (6 * 6_738_415_616 + 6_442_450_944) * 2e12,
      hardwareFLOPs: (8 * 6_738_415_616 + 4.0 / 3 * 6_442_450_944) * 2e12,
      hardwareUtilization: 0.4 * 8 / 6,
      gpuHours: (6 * 6_738_415_616 + 6_442_450_944) * 2e12 / (312e12 * 0.4) / 3_600),
  ])
  func estimate(_ example: EstimateExample) throws {
    let estimate = try RooflineTrainingEstimate(example.inputs)
    #expect(Self.close(estimate.modelFLOPs, example.modelFLOPs))
    #expect(estimate.trainingFLOPs == estimate.modelFLOPs)
    #expect(Self.close(estimate.hardwareFLOPs, example.hardwareFLOPs))
    #expect(Self.close(estimate.hardwareFLOPsUtilization, example.hardwareUtilization))
    #expect(Self.close(estimate.gpuHours, example.gpuHours))
    let figures = estimate.figures
    #expect(figures[.modelFLOPs]?.number == estimate.modelFLOPs)
    #expect(figures[.hardwareFLOPs]?.number == estimate.hardwareFLOPs)
    #expect(figures[.trainingFLOPs]?.number == estimate.modelFLOPs)
    #expect((figures[.attentionFLOPs] != nil) == (example.inputs.sequenceLength != nil))
  }

  @Test func attentionNeedsTheModelsShape() {
    let inputs = RooflineTrainingInputs(
      parameters: 1e9, tokens: 1e10, peakFLOPSPerGPU: 312e12, gpuCount: 8,
      sequenceLength: 2_048, layers: 16)
    #expect(
      throws: EngineError.notApplicable(
        option: "--sequence-length",
        reason: "needs the model's layers, attention_heads and head_dim for the attention term;"
          + " missing: attention_heads, head_dim")
    ) { try RooflineTrainingEstimate(inputs) }
  }

  @Test func recomputationLeavesRoomForAtMostThreeQuartersMFU() throws {
    var inputs = RooflineTrainingInputs(
      parameters: 1e9, tokens: 1e10, peakFLOPSPerGPU: 312e12, gpuCount: 8, utilization: 0.75,
      recompute: true)
    #expect(try RooflineTrainingEstimate(inputs).hardwareFLOPsUtilization == 1)
    inputs.utilization = 0.76
    #expect(throws: EngineError.self) { try RooflineTrainingEstimate(inputs) }
    inputs.recompute = false
    #expect(try RooflineTrainingEstimate(inputs).hardwareFLOPsUtilization == 0.76)
  }

  // MARK: The plan: active parameters and the model's shape

  static func plan(
    _ model: ModelProfile, method: EstimationMethod = .roofline, sequenceLength: Double? = nil,
    recompute: Bool = false
  ) -> TrainingPlan {
    TrainingPlan(
      method: method, model: model, gpu: R.h100, precision: .bf16, gpuCount: 512,
      data: .tokens(1e12), recompute: recompute, sequenceLength: sequenceLength)
  }

  /// Mixtral 8x7B: 12,879,925,248 of 46,702,792,704 parameters active, 3.63 times fewer FLOPs.
  @Test(arguments: [EstimationMethod.seed, .roofline])
  func aMixtureOfExpertsTrainsOnItsActiveParameters(_ method: EstimationMethod) throws {
    let plan = Self.plan(R.mixtral, method: method)
    let flops = try #require(try plan.estimate().figures[.trainingFLOPs]?.number)
    #expect(flops == 6 * 12_879_925_248 * 1e12)
    let dense = Self.plan(R.llama2With7B, method: method)
    #expect(try dense.estimate().figures[.trainingFLOPs]?.number == 6 * 6_738_415_616 * 1e12)
    switch try plan.inputs() {
    case .seedTraining(let inputs):
      #expect(inputs.parameters == 12_879_925_248)
      #expect(inputs.totalParameters == 46_702_792_704)
    case .rooflineTraining(let inputs):
      #expect(inputs.parameters == 12_879_925_248)
      #expect(inputs.totalParameters == 46_702_792_704)
    default:
      Issue.record("not a training run's inputs")
    }
    let working = try plan.estimate().derivations.map(\.working).joined(separator: "\n")
    #expect(working.contains("12,879,925,248 (active of 46,702,792,704 total"))
  }

  @Test func aDenseModelRecordsNoTotalParameters() throws {
    guard case .rooflineTraining(let inputs) = try Self.plan(R.llama2With7B).inputs() else {
      Issue.record("not a roofline training run")
      return
    }
    #expect(inputs.totalParameters == nil)
    let json = String(decoding: try JSONEncoder().encode(inputs), as: UTF8.self)
    #expect(!json.contains("total_parameters") && !json.contains("sequence_length"))
  }

  @Test func theSequenceLengthTakesTheModelsShape() throws {
    let plan = Self.plan(R.mixtral, sequenceLength: 4_096)
    guard case .rooflineTraining(let inputs) = try plan.inputs() else {
      Issue.record("not a roofline training run")
      return
    }
    #expect(inputs.sequenceLength == 4_096)
    #expect(inputs.layers == 32 && inputs.attentionHeads == 32 && inputs.headDim == 128)
    // (6 × 12,879,925,248 + 12 × 32 × 32 × 128 × 4,096) × 1e12.
    let flops = try #require(try plan.estimate().figures[.modelFLOPs]?.number)
    #expect(Self.close(flops, (6 * 12_879_925_248 + 6_442_450_944) * 1e12))
  }

  @Test func theHeadDimensionDefaultsToHiddenOverHeads() throws {
    var model = R.llama2With7B
    model.headDim = nil
    guard case .rooflineTraining(let inputs) = try Self.plan(model, sequenceLength: 4_096).inputs()
    else {
      Issue.record("not a roofline training run")
      return
    }
    #expect(inputs.headDim == 4_096 / 32)
  }

  @Test func aModelWithoutItsShapeIsRefusedNamingWhatIsMissing() {
    let model = ModelProfile(id: "bare", name: "Bare", parameters: 1e9, layers: 4)
    #expect(
      throws: EngineError.notApplicable(
        option: "--sequence-length",
        reason: "needs the model's layers, attention heads and head dimension for the attention"
          + " term; model 'bare' has no attention_heads, head_dim (add them with 'envelope model"
          + " update bare')")
    ) { try Self.plan(model, sequenceLength: 2_048).estimate() }
  }

  @Test func theSeedMethodHasNoAttentionTerm() {
    #expect(throws: EngineError.self) {
      try Self.plan(R.llama2With7B, method: .seed, sequenceLength: 4_096).estimate()
    }
  }

  // MARK: Entries recorded before

  /// A roofline training entry's inputs as Envelope 0.1.0 recorded them (ledger-0.1.0's entry
  /// 9): Mixtral on its total parameters, with recomputation.
  static let recordedRooflineInputs = """
    {"epochs":1,"gpus":512,"parameters":46702792704,"peak_flops":989400000000000,\
    "precision":"bf16","price_per_gpu_hour":3.5,"recompute":true,"tokens":1000000000000,\
    "utilization":0.4}
    """

  @Test func oldRooflineInputsDecodeAsRecordedAndEncodeTheSameKeys() throws {
    let data = Data(Self.recordedRooflineInputs.utf8)
    let inputs = try JSONDecoder().decode(RooflineTrainingInputs.self, from: data)
    #expect(inputs.parameters == 46_702_792_704)
    #expect(inputs.totalParameters == nil && inputs.sequenceLength == nil)
    #expect(inputs.recompute)
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let again = try JSONSerialization.jsonObject(with: try encoder.encode(inputs)) as? NSDictionary
    #expect(again == (try JSONSerialization.jsonObject(with: data) as? NSDictionary))
  }

  @Test func oldSeedInputsDecodeAsRecorded() throws {
    let json = """
      {"architecture_constant":1,"data_items":2000000000000,"epochs":1,"gpus":1024,\
      "parameters":6738415616,"peak_flops":312000000000000,"precision":"bf16","utilization":1}
      """
    let inputs = try JSONDecoder().decode(TrainingInputs.self, from: Data(json.utf8))
    #expect(inputs.parameters == 6_738_415_616 && inputs.totalParameters == nil)
    let again = String(decoding: try JSONEncoder().encode(inputs), as: UTF8.self)
    #expect(!again.contains("total_parameters"))
  }

  @Test func newInputsRoundTrip() throws {
    let inputs = RooflineTrainingInputs(
      parameters: 12_879_925_248, totalParameters: 46_702_792_704, tokens: 1e12,
      peakFLOPSPerGPU: 989.4e12, gpuCount: 512, recompute: true, sequenceLength: 4_096,
      layers: 32, attentionHeads: 32, headDim: 128)
    let data = try JSONEncoder().encode(inputs)
    let json = String(decoding: data, as: UTF8.self)
    for key in ["total_parameters", "sequence_length", "attention_heads", "head_dim", "layers"] {
      #expect(json.contains("\"\(key)\""), "missing \(key)")
    }
    #expect(try JSONDecoder().decode(RooflineTrainingInputs.self, from: data) == inputs)
  }
}

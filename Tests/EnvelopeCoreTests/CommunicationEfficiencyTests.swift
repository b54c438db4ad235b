import Foundation
import Testing

@testable import EnvelopeCore

/// The all-reduces' communication efficiency: how the step, `--range` and the calibration fit
/// treat it, and how calibrations written before it read.
struct CommunicationEfficiencyTests {
  /// Llama 3.1 at FP8 on the shipped L40S (no all-reduce curve) or H100 SXM (Azure's curve),
  /// 1,000 tokens in and out, at a pinned tensor-parallel degree: 70B, or 8B on one GPU.
  static func inputs(gpu: String, tensorParallel: Int, communication: Double? = nil) throws
    -> RooflineInputs
  {
    let model = try #require(
      ServingReference.models[tensorParallel == 1 ? "llama-3.1-8b" : "llama-3.1-70b"])
    let profile = try #require(ServingReference.gpus[gpu])
    return RooflineInputs(
      model: model, gpu: profile,
      parameters: RooflineParameters(
        precision: .fp8, kvCachePrecision: .fp8, dailyActiveUsers: 1_000_000,
        requestsPerUserPerDay: 10, inputTokens: 1_000, outputTokens: 1_000,
        tensorParallel: tensorParallel, communicationEfficiency: communication))
  }

  /// A step's all-reduces take the catalogue's time ÷ the efficiency; nothing else in the step
  /// moves, and one GPU has none to slow.
  @Test(arguments: [("l40s", 4, 0.5), ("l40s", 8, 0.25), ("h100-sxm", 2, 0.6), ("l40s", 1, 0.5)])
  func allReducesTakeTheCataloguesTimeDividedByTheEfficiency(
    gpu: String, tensorParallel: Int, efficiency: Double
  ) throws {
    let shipped = try RooflineEstimate(Self.inputs(gpu: gpu, tensorParallel: tensorParallel))
    let slowed = try RooflineEstimate(
      Self.inputs(gpu: gpu, tensorParallel: tensorParallel, communication: efficiency))
    let step = shipped.chosen.step
    // The same batch, so the same messages: only the all-reduces differ.
    let same = try RooflineEstimate(
      Self.inputs(gpu: gpu, tensorParallel: tensorParallel, communication: efficiency)
        .with(\.batch, shipped.batch))
    #expect(
      abs(same.chosen.step.communicationSeconds - step.communicationSeconds / efficiency)
        <= 1e-12 * max(1, step.communicationSeconds))
    #expect(same.chosen.step.weightSeconds == step.weightSeconds)
    #expect(same.chosen.step.matmulSeconds == step.matmulSeconds)
    if tensorParallel == 1 {
      #expect(step.communicationSeconds == 0)
      #expect(slowed.outputTokensPerSecondPerGPU == shipped.outputTokensPerSecondPerGPU)
    } else {
      #expect(slowed.outputTokensPerSecondPerGPU < shipped.outputTokensPerSecondPerGPU)
      #expect(slowed.ttftSeconds > shipped.ttftSeconds)
    }
    #expect(slowed.efficiencies.communication.origin == .given)
    #expect(shipped.efficiencies.communication == .init(value: 1, origin: .catalogueAllReduce))
  }

  /// `--range` takes the all-reduces to 0.6 of the catalogue's speed at the pessimistic end and
  /// to the catalogue's own at the optimistic end.
  @Test func rangeMovesTheAllReducesToo() throws {
    let inputs = try Self.inputs(gpu: "l40s", tensorParallel: 4, communication: 0.5)
    #expect(inputs.atEnd(.pessimistic).parameters.communicationEfficiency == 0.3)
    #expect(inputs.atEnd(.optimistic).parameters.communicationEfficiency == 1)
    #expect(inputs.atEnd(.expected).parameters.communicationEfficiency == 0.5)
  }

  /// The explanation names the efficiency and where it came from.
  @Test func explainSaysWhereTheEfficiencyCameFrom() throws {
    let estimate = try RooflineEstimate(
      Self.inputs(gpu: "l40s", tensorParallel: 4, communication: 0.6))
    let derivation = try #require(
      estimate.derivations.first { $0.figure == .communicationSecondsPerToken })
    #expect(derivation.formula.hasSuffix("÷ communication efficiency"))
    #expect(derivation.working.contains("communication efficiency 0.6 (given)"))
  }

  /// A measurement on one GPU per replica says nothing of the all-reduces, so the fit keeps
  /// their shipped efficiency; one on four GPUs slower than predicted moves it below 1 and
  /// brings the prediction closer.
  @Test(arguments: [(1, false), (4, true), (8, true)])
  func onlyTensorParallelMeasurementsMoveTheCommunication(tensorParallel: Int, moves: Bool)
    throws
  {
    let inputs = try Self.inputs(gpu: "l40s", tensorParallel: tensorParallel)
    let predicted = try RooflineEstimate(inputs).outputTokensPerSecondPerGPU
    let model = inputs.model.id
    let measurement = ServingMeasurement(
      modelID: model, gpuID: "l40s", precision: .fp8, kvPrecision: .fp8,
      tensorParallel: tensorParallel, gpus: tensorParallel, inputTokens: 1_000,
      outputTokens: 1_000, outputTokensPerSecond: predicted * 0.7 * Double(tensorParallel),
      measuredOn: try CalendarDate(year: 2026, month: 11, day: 20), source: "test")
    let sample = CalibrationSample(
      id: 1, measurement: measurement, model: inputs.model, gpu: inputs.gpu)
    let fit = try CalibrationFit.fit([sample], gpuID: "l40s", modelID: model, precision: .fp8)
    let communication = fit.calibration.factors.communicationEfficiency
    #expect(fit.moved.contains(.communication) == moves, "\(fit.moved)")
    #expect(moves ? communication < 1 : communication == 1)
    #expect(fit.calibration.errorAfter < fit.calibration.errorBefore)
  }

  /// A calibration recorded before the communication efficiency existed reads with 1, the
  /// catalogue's all-reduces; one recorded now writes it.
  @Test func calibrationsWrittenBeforeItReadWithOne() throws {
    let old = Data(
      """
      {"bandwidth_efficiency":0.7,"kv_cache_bandwidth_efficiency":0.6,"compute_efficiency":0.5,\
      "prefill_efficiency":0.4,"step_overhead_seconds":0.001}
      """.utf8)
    let factors = try JSONDecoder().decode(CalibrationFactors.self, from: old)
    #expect(factors.communicationEfficiency == 1)
    #expect(factors.bandwidthEfficiency == 0.7)
    var moved = factors
    moved.communicationEfficiency = 0.55
    let written = try JSONEncoder().encode(moved)
    let object = try #require(
      try JSONSerialization.jsonObject(with: written) as? [String: Double])
    #expect(object["communication_efficiency"] == 0.55)
    #expect(try JSONDecoder().decode(CalibrationFactors.self, from: written) == moved)
  }
}

extension RooflineInputs {
  /// A copy with one parameter set.
  fileprivate func with<Value>(_ path: WritableKeyPath<RooflineParameters, Value>, _ value: Value)
    -> RooflineInputs
  {
    var copy = self
    copy.parameters[keyPath: path] = value
    return copy
  }
}

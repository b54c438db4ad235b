import EnvelopeCore
import EnvelopeStore

/// The catalogue entries a sweep uses, read once.
struct SweepCatalogue {
  var models: [String: ModelProfile] = [:]
  var gpus: [String: GPUProfile] = [:]

  init(store: Ledger, axes: [SweepAxis], base: Scenario) throws {
    var modelIDs: Set<String> = [base.modelID]
    var gpuIDs: Set<String> = [base.gpuID]
    for axis in axes {
      for index in 0..<(axis.name == "model" || axis.name == "gpu" ? axis.count : 0) {
        guard case .text(let id) = axis.value(at: index) else { continue }
        if axis.name == "model" { modelIDs.insert(id) } else { gpuIDs.insert(id) }
      }
    }
    for id in modelIDs { models[id] = try store.model(id).value }
    for id in gpuIDs { gpus[id] = try store.gpu(id).value }
  }

  func plan(for scenario: Scenario) throws -> ServingPlan {
    guard let model = models[scenario.modelID], let gpu = gpus[scenario.gpuID] else {
      throw CLIError.failure("the catalogue changed during the sweep")
    }
    return ServingPlan(scenario: scenario, model: model, gpu: gpu)
  }
}

import EnvelopeCore

/// Produces a sweep's points one by one; a point that cannot be estimated throws.
final class PointSource {
  var iterator: SweepGrid.Iterator
  let parameters: [SweepParameter]
  let base: Scenario
  let catalogue: SweepCatalogue
  var index = 0

  init(
    grid: SweepGrid, parameters: [SweepParameter], base: Scenario, catalogue: SweepCatalogue
  ) {
    iterator = grid.makeIterator()
    self.parameters = parameters
    self.base = base
    self.catalogue = catalogue
  }

  func next() throws -> SweepPoint? {
    guard let values = iterator.next() else { return nil }
    index += 1
    var point = base
    var overrides: [ScenarioOverride] = []
    for (parameter, value) in zip(parameters, values) {
      parameter.apply(&point, value)
      overrides.append(ScenarioOverride("--" + parameter.name, SweepParameter.text(value)))
    }
    do {
      var plan = try catalogue.plan(for: point)
      plan.overrides = overrides
      return SweepPoint(
        index: index, snapshot: try plan.snapshot(),
        figures: try plan.estimate(derivations: false).figures)
    } catch {
      throw CLIError.usage(
        "point \(index) (\(overrides.map { "\($0.flag) \($0.text)" }.joined(separator: " "))): "
          + CLIError(error).description + "; nothing was recorded")
    }
  }
}

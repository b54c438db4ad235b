import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore
import Foundation

extension Envelope {
  struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sweep",
      abstract: "Estimate a scenario over a grid of inputs and record every point.",
      discussion: """
        Each --vary NAME=VALUES names a scenario input (its flag without dashes: dau, \
        requests-per-user, tokens, request-size, gpu, model, precision, method, batch, …) \
        and its values: a list (a,b,c), a linear range (1M..100M:+1M) or a geometric one \
        (10M..1B:x2). The grid is the product of every --vary. All points are recorded as \
        points of one sweep, in one transaction: all of them or, on any error or \
        interruption, none. A sweep is exploration, not a plan: history shows it as one line \
        and project, report and plan-against-actual leave it out. The sweep stores the \
        snapshot its points share once; each point keeps what it changes and its figures \
        (a few hundred bytes). Points are computed and written one at a time, so a grid of a \
        million points runs in constant memory; progress shows on a terminal.

        Examples:
          envelope sweep seed-chat --vary dau=10M..1B:x2 --vary gpu=a100-80gb,h100-sxm
          envelope sweep seed-chat --vary dau=1M..100M:+1M --dry-run --format csv
          envelope show SWEEP_ID:3
          envelope sql "SELECT point, gpus_required FROM sweep_point_estimates \\
            WHERE sweep_id = :s" -p s SWEEP_ID
        """)

    @Argument(help: "The scenario to sweep.")
    var scenario: Typed<CatalogueID<Scenario>>

    @Option(
      name: .customLong("vary"),
      help: ArgumentHelp(
        "An input and its values: NAME=a,b,c | NAME=START..END:+STEP | NAME=START..END:xFACTOR.",
        valueName: "name=values"))
    var axes: [Typed<SweepVariation>] = []

    @OptionGroup var recording: RecordingOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    func validate() throws {
      if axes.isEmpty { throw ValidationError("give at least one --vary NAME=VALUES") }
      if recording.supersedes != nil {
        throw ValidationError("a sweep cannot supersede an entry")
      }
      var varied: Set<String> = []
      for axis in axes where !varied.insert(axis.value.parameter.name).inserted {
        throw ValidationError("--vary \(axis.value.parameter.name) is given twice")
      }
    }

    func run() throws {
      let parameters = axes.map(\.value.parameter)
      let sweepAxes = axes.map(\.value.axis)
      let grid: SweepGrid
      do {
        grid = try SweepGrid(axes: sweepAxes)
      } catch let error as EngineError {
        throw CLIError.usage(error.description)
      }
      let store = try ledger.open(for: recording.dryRun ? .reading : .writing)
      let base = try store.scenario(scenario.value)
      if base.isRetired { throw StoreError.retired(kind: "scenario", id: scenario.value) }
      let catalogue = try SweepCatalogue(store: store, axes: sweepAxes, base: base.value)
      let sweepID = Self.makeID()
      let asOf = recording.date()
      let note = recording.note?.value
      let total = grid.count
      let progress = Progress(total: total, verb: recording.dryRun ? "computed" : "recorded")

      let source = PointSource(
        grid: grid, parameters: parameters, base: base.value, catalogue: catalogue)

      if recording.dryRun {
        var printer = PointPrinter(format: output.format, parameters: parameters.map(\.name))
        while let point = try source.next() {
          printer.print(point)
          progress.step()
        }
        printer.finish()
        progress.finish()
        return
      }
      let recorded = try store.recordSweep(
        NewSweep(
          id: sweepID, scenarioID: base.value.id, asOf: asOf, note: note,
          grid: axes.map(\.text)),
        next: source.next, progress: { _ in progress.step() })
      progress.finish()
      let summary: [(String, JSONValue)] = [
        ("sweep_id", .string(sweepID)), ("scenario_id", .string(base.value.id)),
        ("points", .integer(recorded)), ("as_of", .string(asOf.description)),
      ]
      switch output.format {
      case .table:
        Console.line(
          "recorded sweep \(sweepID): \(HumanFormat.number(Double(recorded))) points of scenario "
            + "\(base.value.id) as of \(asOf)")
      case .json: Console.line(JSONValue.object(summary).serialized(pretty: true))
      case .jsonl: Console.line(JSONValue.object(summary).serialized())
      case .csv:
        Console.line("sweep_id,scenario_id,points,as_of")
        Console.line("\(sweepID),\(base.value.id),\(recorded),\(asOf)")
      }
    }

    /// A sweep id: the time and a random suffix, `sweep-20261127-093000-4f2a`.
    static func makeID() -> String {
      let stamp = Clock.timestamp().filter { $0.isNumber || $0 == "T" }.replacingOccurrences(
        of: "T", with: "-")
      let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16).leftPadded(4)
      return "sweep-\(stamp)-\(suffix)"
    }
  }
}

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

/// Progress on standard error, only when it is a terminal.
final class Progress {
  let total: Int
  let verb: String
  let enabled = isatty(STDERR_FILENO) == 1
  var done = 0
  var shown = -1

  init(total: Int, verb: String) {
    self.total = total
    self.verb = verb
  }

  func step() {
    done += 1
    guard enabled else { return }
    let percent = total > 0 ? done * 100 / total : 100
    if percent != shown {
      shown = percent
      let line =
        "\r\(verb) \(HumanFormat.number(Double(done))) of \(HumanFormat.number(Double(total))) points (\(percent)%)"
      FileHandle.standardError.write(Data(line.utf8))
    }
  }

  func finish() {
    if enabled && shown >= 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}

/// Streams the points of a dry run.
struct PointPrinter {
  var format: OutputFormat
  var parameters: [String]
  var count = 0
  static let figures: [FigureDefinition] = [
    .gpusRequired, .requestsPerSecond, .inferenceSeconds, .storageBytesPerMonth,
    .egressBytesPerSecond, .monthlyCost,
  ]

  init(format: OutputFormat, parameters: [String]) {
    self.format = format
    self.parameters = parameters
  }

  mutating func print(_ entry: SweepPoint) {
    count += 1
    let varied = parameters.map { name in entry.snapshot.override("--" + name) ?? "" }
    let values = Self.figures.map { figure in entry.figures.first { $0.definition == figure } }
    switch format {
    case .table:
      if count == 1 {
        Console.line(
          Console.bold(
            (parameters + Self.figures.map(\.shortLabel))
              .map { $0.padding(toLength: 18, withPad: " ", startingAt: 0) }.joined(separator: " "))
        )
      }
      let cells =
        varied.map { $0 } + values.map { $0?.humanValue ?? "—" }
      Console.line(
        cells.map { $0.padding(toLength: 18, withPad: " ", startingAt: 0) }.joined(separator: " "))
    case .csv:
      if count == 1 { Console.line(CSV.line(parameters + Self.figures.map(\.key))) }
      Console.line(CSV.line(varied + values.map { $0.map { JSONValue($0.value).csvText } ?? "" }))
    case .json, .jsonl:
      let inputs: [(String, JSONValue)] = zip(parameters, varied).map { ($0, .string($1)) }
      let results: [(String, JSONValue)] = values.compactMap { figure in
        figure.map { ($0.key, JSONValue($0.value)) }
      }
      let object = JSONValue.object(inputs + results)
      if format == .jsonl {
        Console.line(object.serialized())
      } else {
        Console.write((count == 1 ? "[\n  " : ",\n  ") + object.serialized())
      }
    }
  }

  func finish() {
    if format == .json { Console.line(count == 0 ? "[]" : "\n]") }
  }
}

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

import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore
import Foundation

extension Envelope {
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "report",
      abstract: "Write a scenario's plans as one self-contained HTML report with charts.",
      discussion: """
        The report shows the scenario, then three SVG charts, each followed by its table: \
        the plan history (GPUs and storage per month of every plan, by as-of date; sweeps \
        are exploration and left out), the storage projection from the latest plan, \
        continuing from what the earlier plans stored, with measured storage \
        (actuals of metric storage_bytes), and the monthly cost (each plan's total when \
        its GPUs were priced, else the projection's storage cost at the entry's storage \
        price or 23 USD per TB-month). The file has inline CSS and SVG only: no scripts, \
        nothing fetched from the network; it opens in any browser and can be mailed. \
        Every plotted point carries its value in base units (data-value attributes).

        Examples:
          envelope report seed-chat -o report.html
          envelope report seed-chat -o report.html --months 24 --growth 5%
          envelope report seed-chat -o - > report.html
        """)

    @Argument(help: "The scenario to report on (see 'envelope scenario list').")
    var scenario: Typed<CatalogueID<Scenario>>

    @Option(
      name: [.customShort("o"), .customLong("output")],
      help: ArgumentHelp(
        "Write the report to this file ('-' for standard output).",
        valueName: "file"))
    var output: String

    @Option(help: ArgumentHelp("Months to project (1 to 1200).", valueName: "n"))
    var months = 12

    @Option(
      help: ArgumentHelp("Growth of users and traffic per month (0%).", valueName: "percent"),
      transform: Typed.reader(.nonNegative))
    var growth: Typed<Ratio>?

    @OptionGroup var ledger: LedgerOptions

    func validate() throws {
      if output.isEmpty {
        throw ValidationError("-o needs a file path, or '-' for standard output")
      }
      if !(1...1_200).contains(months) {
        throw ValidationError("--months must be from 1 to 1200")
      }
    }

    func run() throws {
      let id = scenario.value
      let monthlyGrowth = growth?.value ?? 0
      let store = try ledger.open(for: .reading)
      let scenario = try store.scenario(id).value
      let entries = try store.plans(scenarioID: id)
      guard !entries.isEmpty else {
        throw CLIError.failure(
          "scenario '\(id)' has no recorded plan; record one with 'envelope estimate \(id)'")
      }
      let actuals = try store.actuals(scenarioID: id)
      var report: PlanReport
      do {
        report = try PlanReport(
          scenario: scenario, entries: entries, actuals: actuals, months: months,
          monthlyGrowth: monthlyGrowth)
        report.measurementCheck = try Self.measurementCheck(
          for: entries.last?.snapshot?.scenario ?? scenario, in: store)
      } catch let error as EngineError {
        throw CLIError.usage(error.description)
      }
      let html = report.html()
      guard output != "-" else {
        Console.write(html)
        return
      }
      do {
        try Data(html.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
      } catch {
        throw CLIError.failure("cannot write '\(output)': \(error.localizedDescription)")
      }
    }

    /// The measurements of the plan's model and GPU at its precision, each beside the serving
    /// model's prediction with the shipped factors and with the newest calibration that
    /// applies; `nil` when none is recorded.
    static func measurementCheck(for scenario: Scenario, in store: Ledger) throws
      -> MeasurementCheck?
    {
      let recorded = try store.measurements(
        modelID: scenario.modelID, gpuID: scenario.gpuID, precision: scenario.precision)
      guard !recorded.isEmpty else { return nil }
      let model = try store.model(scenario.modelID).value
      let gpu = try store.gpu(scenario.gpuID).value
      let samples = recorded.map {
        CalibrationSample(id: $0.id, measurement: $0.measurement, model: model, gpu: gpu)
      }
      let calibration = try store.latestCalibration(
        modelID: scenario.modelID, gpuID: scenario.gpuID, precision: scenario.precision)
      return MeasurementCheck(
        calibrationID: calibration?.id, before: try CalibrationFit.points(samples, factors: nil),
        after: try calibration.map { try CalibrationFit.points(samples, factors: $0.factors) })
    }
  }
}

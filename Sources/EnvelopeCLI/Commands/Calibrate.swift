import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore

extension Envelope {
  struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "calibrate",
      abstract: "Fit the serving model's factors to recorded measurements, and record the fit.",
      discussion: """
        Fits the roofline serving model's efficiencies (weight bandwidth, KV cache reads, \
        compute, prefill) and a fixed step overhead to the measurements recorded for a GPU \
        (and a model, or pooled over every model on the GPU), minimising the squared log \
        error with the shipped factors as a prior, so one measurement cannot push a factor \
        far or outside (0, 1]. Factors no measurement depends on keep their shipped values; \
        the output says which moved. The calibration is dated and immutable; later roofline \
        estimates of that model and GPU use the newest one that applies unless told \
        '--calibration none'.

        Examples:
          envelope calibrate --model llama-3.1-70b --gpu h100-sxm
          envelope calibrate --gpu h100-sxm --precision fp8 --dry-run
          envelope calibrate --gpu h100-sxm --format json | jq .error_after
        """)

    @Option(
      help: ArgumentHelp(
        "The model measured (default: every model measured on the GPU).", valueName: "id"))
    var model: Typed<CatalogueID<ModelProfile>>?

    @Option(help: ArgumentHelp("The GPU measured.", valueName: "id"))
    var gpu: Typed<CatalogueID<GPUProfile>>

    @Option(
      help: ArgumentHelp(
        "The precision (default: the measurements', when they share one).",
        valueName: "precision"))
    var precision: Typed<Precision>?

    @Flag(help: "Fit and print without recording the calibration.")
    var dryRun = false

    @Option(help: ArgumentHelp("A note kept with the calibration.", valueName: "text"))
    var note: Typed<Text>?

    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
      let store = try ledger.open(for: dryRun ? .reading : .writing)
      let gpuID = gpu.value
      let gpuProfile = try store.gpu(gpuID).value
      let recorded = try store.measurements(modelID: model?.value, gpuID: gpuID)
      let precision = try self.precision?.value ?? Self.sharedPrecision(recorded, gpuID: gpuID)
      let chosen = recorded.filter { $0.measurement.precision == precision }
      var models: [String: ModelProfile] = [:]
      var samples: [CalibrationSample] = []
      for item in chosen {
        let id = item.measurement.modelID
        if models[id] == nil { models[id] = try store.model(id).value }
        guard let profile = models[id] else { continue }
        samples.append(
          CalibrationSample(
            id: item.id, measurement: item.measurement, model: profile, gpu: gpuProfile))
      }
      let fit = try CalibrationFit.fit(
        samples, gpuID: gpuID, modelID: model?.value, precision: precision)
      var calibration = fit.calibration
      calibration.note = note?.value
      if !dryRun { calibration = try store.recordCalibration(calibration) }
      let shipped = try samples.first.map(CalibrationFit.shipped(for:))
      print(calibration, fit: fit, shipped: shipped)
    }

    /// The one precision the measurements share.
    static func sharedPrecision(_ recorded: [RecordedMeasurement], gpuID: String) throws
      -> Precision
    {
      let precisions = Set(recorded.map(\.measurement.precision))
      guard precisions.count == 1, let only = precisions.first else {
        if precisions.isEmpty {
          throw CLIError.failure(
            "no measurements of \(gpuID) in the ledger; record one with 'envelope measurement"
              + " record' or 'envelope measurement import'")
        }
        let names = precisions.map(\.rawValue).sorted().joined(separator: ", ")
        throw CLIError.usage(
          "the measurements of \(gpuID) are at \(names); give --precision to calibrate one")
      }
      return only
    }

    func print(_ calibration: Calibration, fit: CalibrationFit.Result, shipped: CalibrationFactors?)
    {
      let factors = Self.factorRows(calibration.factors, shipped: shipped, moved: fit.moved)
      let residuals = calibration.residuals.map { residual in
        JSONValue.object([
          ("measurement_id", .integer(Int(residual.measurementID))),
          ("figure", .string(residual.figure)), ("measured", .number(residual.measured)),
          ("before", .number(residual.before)), ("after", .number(residual.after)),
        ])
      }
      let object = JSONValue.object([
        ("calibration_id", dryRun ? .null : .integer(Int(calibration.id))),
        ("recorded", .bool(!dryRun)), ("gpu_id", .string(calibration.gpuID)),
        ("model_id", calibration.modelID.map(JSONValue.string) ?? .null),
        ("precision", calibration.precision.map { .string($0.rawValue) } ?? .null),
        ("measurements", .integer(calibration.measurementCount)),
        ("error_before", .number(calibration.errorBefore)),
        ("error_after", .number(calibration.errorAfter)),
        ("factors", .object(factors.map { ($0.key, .number($0.calibrated)) })),
        (
          "shipped_factors",
          .object(factors.compactMap { row in row.shipped.map { (row.key, .number($0)) } })
        ),
        ("moved", .array(fit.moved.map { .string($0.key) })),
        ("residuals", .array(residuals)), ("note", calibration.note.map(JSONValue.string) ?? .null),
      ])
      switch output.format {
      case .json, .jsonl: Console.line(object.serialized(pretty: output.format == .json))
      case .csv:
        var table = Table(headers: ["factor", "shipped", "calibrated", "moved"])
        table.rows = factors.map {
          [$0.key, $0.shipped.map { String($0) } ?? "", String($0.calibrated), String($0.moved)]
        }
        Console.line(table.csv())
      case .table:
        printTable(calibration, factors: factors, fit: fit)
      }
    }

    func printTable(
      _ calibration: Calibration, factors: [FactorRow], fit: CalibrationFit.Result
    ) {
      let scope =
        "\(calibration.modelID ?? "every model") on \(calibration.gpuID) at"
        + " \(calibration.precision?.rawValue ?? "every precision")"
      let count = calibration.measurementCount
      Console.line(
        (dryRun ? "dry run, not recorded" : "calibration \(calibration.id) · recorded")
          + " · \(scope) · \(count) measurement\(count == 1 ? "" : "s")")
      Console.line()
      var table = Table(headers: ["factor", "shipped", "calibrated", ""])
      table.rightAligned = [1, 2]
      table.rows = factors.map { row in
        [
          row.key, row.shipped.map { Self.format($0, key: row.key) } ?? "—",
          Self.format(row.calibrated, key: row.key), row.moved ? "moved" : "kept (not constrained)",
        ]
      }
      Console.table(table)
      Console.line()
      Console.line(
        "Error (geometric mean over \(calibration.residuals.count) measured figures): "
          + "\(HumanFormat.number(calibration.errorBefore * 100, fractionDigits: 1))% before,"
          + " \(HumanFormat.number(calibration.errorAfter * 100, fractionDigits: 1))% after")
      if fit.moved.count < CalibrationFit.Factor.allCases.count {
        let names = fit.moved.map(\.key).joined(separator: ", ")
        Console.line(
          Console.dim(
            fit.moved.isEmpty
              ? "No factor moved: the measurements do not depend on any enough to fit it."
              : "Only \(names) moved: a fit moves at most one factor per measurement, those the"
                + " measurements constrain most; the others keep their shipped values."))
      }
      Console.line()
      var residuals = Table(headers: [
        "measurement", "figure", "measured", "predicted before", "after",
      ])
      residuals.rightAligned = [0, 2, 3, 4]
      residuals.rows = calibration.residuals.map { residual in
        [
          String(residual.measurementID), residual.figure,
          HumanFormat.significant(residual.measured, digits: 4),
          HumanFormat.significant(residual.before, digits: 4),
          HumanFormat.significant(residual.after, digits: 4),
        ]
      }
      Console.table(residuals)
    }

    /// One factor: its key, shipped and calibrated values, and whether the fit moved it.
    struct FactorRow {
      var key: String
      var shipped: Double?
      var calibrated: Double
      var moved: Bool
    }

    static func factorRows(
      _ factors: CalibrationFactors, shipped: CalibrationFactors?, moved: [CalibrationFit.Factor]
    ) -> [FactorRow] {
      CalibrationFit.Factor.allCases.map { factor in
        FactorRow(
          key: factor.key, shipped: shipped?[keyPath: factor.path],
          calibrated: factors[keyPath: factor.path], moved: moved.contains(factor))
      }
    }

    static func format(_ value: Double, key: String) -> String {
      key == CalibrationFit.Factor.overhead.key
        ? HumanFormat.seconds(value) : HumanFormat.number(value, fractionDigits: 3)
    }
  }
}

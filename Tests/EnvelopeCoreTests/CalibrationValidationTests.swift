import Foundation
import Testing

@testable import EnvelopeCore

/// Leave-one-out on the published serving measurements: calibrate on every other throughput row
/// of the same GPU and precision, predict the row held out, and compare with the shipped
/// factors' error on it.
enum CalibrationValidation {
  /// A validated throughput row as a measurement the fit can use.
  static func sample(_ row: PublishedMeasurement, id: Int64) throws -> CalibrationSample? {
    guard !row.isFirstTokenLatency, let perGPU = row.outputTokensPerSecondPerGPU,
      let input = row.inputTokens, let output = row.outputTokens,
      let precision = Precision(rawValue: row.precision)
    else { return nil }
    let inputs = try ServingReference.inputs(row)
    let tensorParallel = row.tensorParallel ?? row.gpus
    let measurement = ServingMeasurement(
      modelID: row.modelID, gpuID: row.gpuID, precision: precision,
      kvPrecision: row.kvPrecision.flatMap(Precision.init), tensorParallel: tensorParallel,
      gpus: tensorParallel, batch: row.batch, inputTokens: input, outputTokens: output,
      outputTokensPerSecond: perGPU * Double(tensorParallel),
      measuredOn: try CalendarDate(year: 2025, month: 1, day: 1),
      source: row.source)
    return CalibrationSample(id: id, measurement: measurement, model: inputs.model, gpu: inputs.gpu)
  }

  /// One held-out row: its error with the shipped factors and after calibrating on the others.
  struct HeldOut: Sendable {
    var row: PublishedMeasurement
    var group: String
    var others: Int
    var shipped: Double
    var calibrated: Double
  }

  /// Every held-out row of every GPU and precision with at least two throughput rows.
  static let heldOut: [HeldOut] = {
    var samples: [(PublishedMeasurement, CalibrationSample)] = []
    for (index, row) in ServingReference.validated.enumerated() {
      if let sample = try? sample(row, id: Int64(index + 1)) { samples.append((row, sample)) }
    }
    let groups = Dictionary(grouping: samples) {
      "\($0.1.measurement.gpuID) \($0.1.measurement.precision.rawValue)"
    }
    var result: [HeldOut] = []
    for key in groups.keys.sorted() {
      let group = groups[key] ?? []
      guard group.count >= 2 else { continue }
      for (row, sample) in group {
        let others = group.filter { $0.1.id != sample.id }.map(\.1)
        guard
          let fit = try? CalibrationFit.fit(
            others, gpuID: sample.measurement.gpuID, modelID: nil,
            precision: sample.measurement.precision),
          let shipped = try? CalibrationFit.points([sample], factors: nil).first,
          let calibrated = try? CalibrationFit.points(
            [sample], factors: fit.calibration.factors
          ).first
        else { continue }
        result.append(
          HeldOut(
            row: row, group: key, others: others.count, shipped: shipped.logError,
            calibrated: calibrated.logError))
      }
    }
    return result
  }()

  /// exp(mean |e|) − 1.
  static func geometricMean(_ errors: [Double]) -> Double {
    exp(errors.reduce(0) { $0 + abs($1) } / Double(max(1, errors.count))) - 1
  }

  /// The table of BENCHMARKS.md, "Calibration, leave one out".
  static func table() -> String {
    let percent = { (value: Double) in HumanFormat.number(value * 100, fractionDigits: 1) + "%" }
    let ratio = { (error: Double) in HumanFormat.number(exp(error), fractionDigits: 2) }
    var lines = [
      "| GPU, precision | Held-out row | Calibrated on | Shipped ÷ published |"
        + " Calibrated ÷ published |",
      "|---|---|---:|---:|---:|",
    ]
    for row in heldOut {
      lines.append(
        "| \(row.group) | \(row.row.id) | \(row.others) rows | \(ratio(row.shipped))"
          + " | \(ratio(row.calibrated)) |")
    }
    lines += [
      "", "| GPU, precision | Rows | Shipped error | Calibrated error |", "|---|---:|---:|---:|",
    ]
    let groups = Dictionary(grouping: heldOut, by: \.group)
    for key in groups.keys.sorted() {
      let rows = groups[key] ?? []
      lines.append(
        "| \(key) | \(rows.count) | \(percent(geometricMean(rows.map(\.shipped))))"
          + " | \(percent(geometricMean(rows.map(\.calibrated)))) |")
    }
    lines.append(
      "| all | \(heldOut.count) | \(percent(geometricMean(heldOut.map(\.shipped))))"
        + " | \(percent(geometricMean(heldOut.map(\.calibrated)))) |")
    return lines.joined(separator: "\n")
  }
}

struct CalibrationValidationTests {
  @Test func everyGroupWithTwoRowsIsHeldOut() {
    #expect(CalibrationValidation.heldOut.count >= 15)
  }

  /// Calibrating on the other rows of the same GPU lowers the error on the row held out.
  @Test func calibrationLowersTheHeldOutError() {
    let rows = CalibrationValidation.heldOut
    let shipped = CalibrationValidation.geometricMean(rows.map(\.shipped))
    let calibrated = CalibrationValidation.geometricMean(rows.map(\.calibrated))
    #expect(calibrated < shipped, "shipped \(shipped), calibrated \(calibrated)")
  }

  /// BENCHMARKS.md shows the table the fit computes now.
  @Test func benchmarksShowTheCalibrationTable() throws {
    let benchmarks = URL(filePath: #filePath).deletingLastPathComponent()
      .appending(path: "../../BENCHMARKS.md").standardized
    let published = try String(contentsOf: benchmarks, encoding: .utf8)
    let table = CalibrationValidation.table()
    let shown = published.contains(table)
    #expect(
      shown, "BENCHMARKS.md no longer shows the fit's figures; replace its table with:\n\(table)")
  }
}

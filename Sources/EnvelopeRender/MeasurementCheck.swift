import EnvelopeCore

/// The serving model against a deployment's recorded measurements: each measured figure with
/// the prediction of the shipped factors and, when a calibration applies, the calibrated one.
public struct MeasurementCheck: Sendable, Equatable {
  /// One measured figure.
  public struct Row: Sendable, Equatable {
    public var measurementID: Int64
    public var figure: FigureDefinition
    public var measured: Double
    /// The prediction with the shipped factors.
    public var before: Double
    /// The prediction with the calibration's factors; `nil` without a calibration.
    public var after: Double?

    public init(
      measurementID: Int64, figure: FigureDefinition, measured: Double, before: Double,
      after: Double?
    ) {
      self.measurementID = measurementID
      self.figure = figure
      self.measured = measured
      self.before = before
      self.after = after
    }
  }

  /// The calibration the `after` predictions use; `nil` for none.
  public var calibrationID: Int64?
  public var rows: [Row]

  public init(calibrationID: Int64?, rows: [Row]) {
    self.calibrationID = calibrationID
    self.rows = rows
  }

  /// The rows from the fit's points, before and after, matched in order.
  public init(calibrationID: Int64?, before: [CalibrationPoint], after: [CalibrationPoint]?) {
    self.calibrationID = calibrationID
    rows = before.enumerated().map { index, point in
      Row(
        measurementID: point.sampleID, figure: point.figure, measured: point.measured,
        before: point.predicted,
        after: after.flatMap { index < $0.count ? $0[index].predicted : nil })
    }
  }

  /// Predicted ÷ measured for each figure, before and (when calibrated) after: 1 is exact.
  var chart: SVGChart {
    let key = { (row: Row) in "\(row.measurementID) \(row.figure.shortLabel)" }
    var series = [
      SVGChart.Series(
        name: "before", label: "Shipped factors",
        points: rows.enumerated().map { index, row in
          SVGChart.Point(x: Double(index), key: key(row), value: row.before / row.measured)
        })
    ]
    if calibrationID != nil {
      series.append(
        SVGChart.Series(
          name: "after", label: "Calibrated", color: SVGChart.palette[1],
          points: rows.enumerated().compactMap { index, row in
            row.after.map {
              SVGChart.Point(x: Double(index), key: key(row), value: $0 / row.measured)
            }
          }))
    }
    return SVGChart(
      name: "model-against-measurement", kind: .bar, title: "Predicted ÷ measured",
      subtitle: "Each measured figure of this model and GPU; 1 means the model is exact",
      unit: .plain, series: series)
  }

  /// The figures in a table.
  var table: Table {
    var table = Table(headers: [
      "measurement", "figure", "measured", "predicted (shipped)", "÷",
      "predicted (calibrated)", "÷",
    ])
    table.rightAligned = [0, 2, 3, 4, 5, 6]
    table.rows = rows.map { row in
      let unit = row.figure.unit
      return [
        String(row.measurementID), row.figure.label, unit.human(row.measured),
        unit.human(row.before), HumanFormat.number(row.before / row.measured, fractionDigits: 2),
        row.after.map(unit.human) ?? "—",
        row.after.map { HumanFormat.number($0 / row.measured, fractionDigits: 2) } ?? "—",
      ]
    }
    return table
  }

  /// Geometric-mean error of the shipped and calibrated predictions.
  var errors: (before: Double, after: Double?) {
    let mean = { (values: [Double]) -> Double in
      guard !values.isEmpty else { return 0 }
      return Arithmetic.exp(
        values.reduce(0) { $0 + abs(Arithmetic.log($1)) } / Double(values.count)) - 1
    }
    let before = mean(rows.map { $0.before / $0.measured })
    let after =
      calibrationID == nil
      ? nil : mean(rows.compactMap { row in row.after.map { $0 / row.measured } })
    return (before, after)
  }
}

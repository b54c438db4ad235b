import EnvelopeCore

/// The storage projection as a chart: stored bytes month by month, the total with profiles,
/// and measured storage beside them.
public enum ProjectionChart {
  /// The projection chart as a standalone SVG file's text (`envelope project --chart svg`).
  ///
  /// - Parameters:
  ///   - projection: The months to plot.
  ///   - actuals: Measurements; those of `storage_bytes` are plotted at their dates.
  ///   - title: The chart's title.
  /// - Returns: One `<svg>` element with the SVG namespace, well-formed XML.
  public static func svg(projection: StorageProjection, actuals: [Actual], title: String) -> String
  {
    chart(projection: projection, actuals: actuals, title: title).svg(standalone: true)
  }

  /// The projection chart, to render standalone or inside a report.
  ///
  /// Series `stored` is interaction and index data at each month's end, `total` adds the
  /// profiles, and `actual` marks each `storage_bytes` measurement at its date. The x axis is
  /// time, from the plan's date (or an earlier measurement) to the last month's end.
  ///
  /// - Parameters:
  ///   - projection: The months to plot.
  ///   - actuals: Measurements; those of other metrics are left out.
  ///   - title: The chart's title.
  /// - Returns: The chart.
  static func chart(projection: StorageProjection, actuals: [Actual], title: String) -> SVGChart {
    let start = projection.months.first.map { $0.endDate.adding(months: -1) }
    let point = { (date: CalendarDate, value: Double) in
      SVGChart.Point(x: Double(date.daysSinceEpoch), key: date.description, value: value)
    }
    let measured = actuals.filter { $0.metric == .storageBytes }
    var series = [
      SVGChart.Series(
        name: "stored", label: "Stored (interaction + index)",
        points: projection.months.map { point($0.endDate, $0.storedBytes) }),
      SVGChart.Series(
        name: "total", label: "With profiles", style: .dashed,
        points: projection.months.map { point($0.endDate, $0.totalBytes) }),
    ]
    if !measured.isEmpty {
      series.append(
        SVGChart.Series(
          name: "actual", label: "Measured", style: .markers, color: "#ea580c",
          points: measured.map { point($0.measuredOn, $0.value) }))
    }
    let days =
      (start.map { [Double($0.daysSinceEpoch)] } ?? [])
      + series.flatMap(\.points).map(\.x)
    let domain = (days.min() ?? 0)...(days.max() ?? 1)
    let ticks = ((start.map { [$0] } ?? []) + projection.months.map(\.endDate)).map {
      SVGChart.Tick(x: Double($0.daysSinceEpoch), label: $0.description)
    }
    var subtitle = "Bytes at each month's end"
    if projection.monthlyGrowth > 0 {
      subtitle += ", growing \(HumanFormat.percent(projection.monthlyGrowth)) a month"
    }
    if let retention = projection.retentionDays {
      subtitle += ", kept \(HumanFormat.significant(retention)) days"
    }
    if projection.replication != 1 {
      subtitle += ", \(HumanFormat.significant(projection.replication)) copies"
    }
    var chart = SVGChart(
      name: "projection", kind: .line, title: title, subtitle: subtitle, unit: .bytes,
      series: series, xTicks: ticks, xDomain: domain)
    chart.height = 300
    return chart
  }
}

import EnvelopeCore

/// A scenario's plans as one self-contained HTML page: plan history, storage projection with
/// actuals, and monthly cost, each chart followed by its table.
///
/// The page has inline CSS and inline SVG only: no scripts, no fonts or images from elsewhere,
/// no clock. It is well-formed XML, so programs can read the plotted values back.
public struct PlanReport {
  /// The scenario as it is in the catalogue.
  public var scenario: Scenario
  /// The scenario's plans, oldest `as_of` first; not empty.
  public var entries: [LedgerEntry]
  /// The scenario's measurements, earliest first.
  public var actuals: [Actual]
  /// The projection from the latest plan, continuing from what the earlier plans stored.
  public var projection: StorageProjection
  /// Price of one TB stored for a month, from the latest plan or the default.
  public var storagePricePerTBMonth: Double
  public var currency: String
  /// The serving model against the deployment's measurements, when any are recorded.
  public var measurementCheck: MeasurementCheck?

  /// A report on a scenario's plans, projecting storage from the latest of them.
  ///
  /// - Parameters:
  ///   - scenario: The scenario reported on.
  ///   - entries: Its plans (``LedgerEntry/isPlan``), oldest first, read in full; the last
  ///     is projected. Not empty.
  ///   - actuals: Its measurements.
  ///   - months: Months to project.
  ///   - monthlyGrowth: Growth per month as a fraction.
  /// - Throws: ``EngineError`` for projection inputs out of range or no plan.
  public init(
    scenario: Scenario, entries: [LedgerEntry], actuals: [Actual], months: Int,
    monthlyGrowth: Double
  ) throws {
    self.scenario = scenario
    self.entries = entries
    self.actuals = actuals
    projection = try StorageProjection(plans: entries, months: months, monthlyGrowth: monthlyGrowth)
    let cost = entries.last?.snapshot?.cost
    storagePricePerTBMonth =
      cost?.storagePricePerTBMonth ?? CostMethod.defaultStoragePricePerTBMonth
    currency = cost?.currency ?? CostMethod.defaultCurrency
  }

  /// The latest entry, the one projected.
  var latest: LedgerEntry { entries[entries.count - 1] }

  /// Whether any entry recorded a total monthly cost (its GPUs were priced).
  var isPriced: Bool { entries.contains { $0.number(.monthlyCost) != nil } }

  /// The daily active users an entry was estimated for.
  private func dailyActiveUsers(_ entry: LedgerEntry) -> Double? {
    entry.snapshot?.scenario?.dailyActiveUsers ?? entry.snapshot?.servingInputs?.dailyActiveUsers
  }

  private func point(_ entry: LedgerEntry, _ definition: FigureDefinition) -> SVGChart.Point? {
    entry.number(definition).map {
      SVGChart.Point(x: Double(entry.asOf.daysSinceEpoch), key: entry.asOf.description, value: $0)
    }
  }

  // MARK: Charts

  /// GPUs required by each recorded plan, by as-of date.
  var gpuChart: SVGChart {
    var chart = SVGChart(
      name: "history-gpus", kind: .line, title: "GPUs required",
      subtitle: "Each recorded plan, by its as-of date", unit: .count,
      series: [
        SVGChart.Series(
          name: "gpus", label: "GPUs", points: entries.compactMap { point($0, .gpusRequired) })
      ])
    chart.width = Self.halfWidth
    chart.height = 230
    return chart
  }

  /// Storage written per month by each recorded plan, by as-of date.
  var storageChart: SVGChart {
    var chart = SVGChart(
      name: "history-storage", kind: .line, title: "Storage written per month",
      subtitle: "Each recorded plan, by its as-of date", unit: .bytes,
      series: [
        SVGChart.Series(
          name: "storage", label: "Storage/month", color: SVGChart.palette[1],
          points: entries.compactMap { point($0, .storageBytesPerMonth) })
      ])
    chart.width = Self.halfWidth
    chart.height = 230
    return chart
  }

  /// The width of a chart in a pair, in pixels of a 1,200-pixel-wide window.
  static let halfWidth = 487.0

  /// The projection from the latest entry, with the storage measurements.
  var projectionChart: SVGChart {
    ProjectionChart.chart(
      projection: projection, actuals: actuals,
      title: "Storage projection from entry \(latest.id) (as of \(latest.asOf))")
  }

  /// What one month of the projection costs to store, profiles included.
  func storageCost(_ month: StorageProjection.Month) -> Double {
    CostMethod.storageCost(storedBytes: month.totalBytes, pricePerTBMonth: storagePricePerTBMonth)
  }

  /// Monthly cost: each plan's total when GPUs were priced, else the projection's storage.
  ///
  /// A priced plan's bar stacks its GPU, egress and first month's storage cost (series
  /// `gpu_cost`, `egress_cost`, `storage_cost`); the total on top is its `monthly_cost`.
  var costChart: SVGChart {
    var chart: SVGChart
    if isPriced {
      let priced = entries.filter { $0.number(.monthlyCost) != nil }
      let part = { (name: String, label: String, figure: FigureDefinition, color: String) in
        SVGChart.Series(
          name: name, label: label, color: color,
          points: priced.map { entry in
            SVGChart.Point(
              x: Double(entry.asOf.daysSinceEpoch), key: entry.asOf.description,
              value: entry.number(figure) ?? 0)
          })
      }
      chart = SVGChart(
        name: "cost", kind: .stackedBar, title: "Monthly cost of each plan (\(currency))",
        subtitle: "GPUs, egress and the first month's storage, by as-of date", unit: .money,
        series: [
          part("gpu_cost", "GPUs", .monthlyGPUCost, SVGChart.palette[0]),
          part("egress_cost", "Egress", .monthlyEgressCost, "#60a5fa"),
          part("storage_cost", "Storage", .monthlyStorageCost, SVGChart.palette[1]),
        ])
    } else {
      chart = SVGChart(
        name: "cost", kind: .bar, title: "Storage cost by month (\(currency))",
        subtitle:
          "No GPU price recorded: storage only (with profiles), at "
          + "\(HumanFormat.number(storagePricePerTBMonth)) \(currency) per TB-month",
        unit: .money,
        series: [
          SVGChart.Series(
            name: "storage_cost", label: "Storage cost", color: SVGChart.palette[1],
            points: projection.months.map {
              SVGChart.Point(
                x: Double($0.index), key: $0.endDate.description, value: storageCost($0))
            })
        ])
    }
    chart.height = 240
    return chart
  }

  // MARK: Tables

  /// Every recorded plan with its key figures and their change.
  var historyTable: Table {
    var table = Table(
      headers: [
        "entry", "as of", "DAU", "GPUs", "Δ", "storage/month", "Δ", "egress", "monthly cost",
        "note",
      ])
    table.rightAligned = [0, 2, 3, 4, 5, 6, 7, 8]
    var previous: LedgerEntry?
    for entry in entries {
      let value = { (figure: FigureDefinition) in
        FigureFormat.human(figure, entry.number(figure))
      }
      let change = { (figure: FigureDefinition) in
        FigureFormat.change(
          FigureChange.percent(from: previous?.number(figure), to: entry.number(figure)))
      }
      table.rows.append([
        String(entry.id), entry.asOf.description,
        dailyActiveUsers(entry).map(HumanFormat.count) ?? "",
        value(.gpusRequired), change(.gpusRequired), value(.storageBytesPerMonth),
        change(.storageBytesPerMonth), value(.egressBytesPerSecond), value(.monthlyCost),
        (entry.supersedes.map { "corrects \($0): " } ?? "") + (entry.note ?? ""),
      ])
      previous = entry
    }
    return table
  }

  /// The projection month by month.
  var projectionTable: Table {
    var table = Table(
      headers: [
        "month", "ends", "written", "stored", "profiles", "with profiles",
        "storage cost (\(currency))",
      ])
    table.rightAligned = [0, 2, 3, 4, 5, 6]
    table.rows = projection.months.map { month in
      [
        String(month.index), month.endDate.description,
        HumanFormat.bytes(month.interactionBytes + month.indexBytes),
        HumanFormat.bytes(month.storedBytes), HumanFormat.bytes(month.profileBytes),
        HumanFormat.bytes(month.totalBytes), HumanFormat.number(storageCost(month)),
      ]
    }
    return table
  }

  /// Each storage measurement beside what the projection planned for its date.
  var actualsTable: Table {
    var table = Table(headers: ["measured on", "measured", "planned", "of plan", "note"])
    table.rightAligned = [1, 2, 3]
    table.rows = actuals.filter { $0.metric == .storageBytes }.map { actual in
      let planned = projection.storedBytes(on: actual.measuredOn)
      return [
        actual.measuredOn.description, HumanFormat.bytes(actual.value),
        planned.map(HumanFormat.bytes) ?? "outside the projection",
        planned.flatMap { PlannedActual.percent(actual.value, of: $0) }.map(
          FigureFormat.percentOfPlan) ?? "",
        actual.note ?? "",
      ]
    }
    return table
  }

  /// The monthly cost chart's values.
  var costTable: Table {
    if isPriced {
      var table = Table(
        headers: ["entry", "as of", "GPUs", "egress", "storage (first month)", "total"])
      table.rightAligned = [0, 2, 3, 4, 5]
      table.rows = entries.map { entry in
        let money = { (figure: FigureDefinition) in FigureFormat.human(figure, entry.number(figure))
        }
        return [
          String(entry.id), entry.asOf.description, money(.monthlyGPUCost),
          money(.monthlyEgressCost), money(.monthlyStorageCost), money(.monthlyCost),
        ]
      }
      return table
    }
    var table = Table(headers: ["month", "ends", "with profiles", "storage cost (\(currency))"])
    table.rightAligned = [0, 2, 3]
    table.rows = projection.months.map {
      [
        String($0.index), $0.endDate.description, HumanFormat.bytes($0.totalBytes),
        HumanFormat.number(storageCost($0)),
      ]
    }
    return table
  }

  // MARK: Page

  /// The report as an HTML document.
  public func html() -> String {
    let escape = SVGChart.escape
    let planned = latest.snapshot?.scenario ?? scenario
    let cards: [(String, String, String?)] = [
      ("Model", planned.modelID, latest.snapshot?.model.name),
      ("GPU", planned.gpuID, latest.snapshot?.gpu.name),
      ("Precision", planned.precision.rawValue, nil),
      ("Method", latest.method.rawValue, nil),
      (
        "Daily active users",
        HumanFormat.count(dailyActiveUsers(latest) ?? scenario.dailyActiveUsers), nil
      ),
      ("GPUs required", FigureFormat.human(.gpusRequired, latest.number(.gpusRequired)), nil),
      (
        "Storage per month",
        FigureFormat.human(.storageBytesPerMonth, latest.number(.storageBytesPerMonth)), nil
      ),
      (
        isPriced ? "Monthly cost" : "Egress",
        isPriced
          ? (latest.number(.monthlyCost).map { HumanFormat.number($0, fractionDigits: 0) } ?? "")
            + " " + currency
          : FigureFormat.human(.egressBytesPerSecond, latest.number(.egressBytesPerSecond)),
        nil
      ),
    ]
    let growth =
      projection.monthlyGrowth > 0
      ? "growing \(HumanFormat.percent(projection.monthlyGrowth)) a month" : "without growth"
    let measured = actuals.filter { $0.metric == .storageBytes }
    var body: [String] = []
    body.append("<header>")
    body.append("<p class=\"eyebrow\">Envelope capacity report</p>")
    body.append("<h1>\(escape(scenario.id))</h1>")
    if !scenario.description.isEmpty {
      body.append("<p class=\"lede\">\(escape(scenario.description))</p>")
    }
    let span =
      entries.count == 1
      ? "1 recorded plan, as of \(latest.asOf)"
      : "\(entries.count) recorded plans from \(entries[0].asOf) to \(latest.asOf)"
    body.append(
      "<p class=\"meta\">\(escape(span)); latest: entry \(latest.id), "
        + "\(escape(latest.method.rawValue)) method</p>")
    body.append("</header>")
    body.append("<section class=\"summary\">")
    for (label, value, detail) in cards {
      body.append(
        "<div class=\"card\"><div class=\"label\">\(escape(label))</div>"
          + "<div class=\"value\">\(escape(value))</div>"
          + (detail.map { "<div class=\"detail\">\(escape($0))</div>" } ?? "") + "</div>")
    }
    body.append("</section>")

    body.append("<section id=\"history\">")
    body.append("<h2>Plan history</h2>")
    body.append(
      "<p class=\"note\">GPUs and storage of every current plan of the scenario; "
        + "superseded entries are left out.</p>")
    body.append("<div class=\"pair\">")
    body.append(gpuChart.svg(standalone: false))
    body.append(storageChart.svg(standalone: false))
    body.append("</div>")
    body.append(historyTable.html())
    body.append("</section>")

    body.append("<section id=\"projection\">")
    body.append("<h2>Storage projection</h2>")
    body.append(
      "<p class=\"note\">Entry \(latest.id) projected \(projection.months.count) months "
        + "\(escape(growth)), continuing from what the earlier plans stored: interaction and "
        + "index data accumulate, profiles grow with the users. "
        + (measured.isEmpty
          ? "No storage measured yet (record actuals of metric storage_bytes)."
          : "Dots are measured storage (actuals of metric storage_bytes).") + "</p>")
    body.append(projectionChart.svg(standalone: false))
    body.append(projectionTable.html())
    if !measured.isEmpty {
      body.append(actualsTable.html(caption: "Measured storage against the projection"))
    }
    body.append("</section>")

    if let check = measurementCheck, !check.rows.isEmpty {
      body.append("<section id=\"model-against-measurement\">")
      body.append("<h2>Model against measurement</h2>")
      let errors = check.errors
      let calibrated =
        check.calibrationID.map { id in
          " With calibration \(id): "
            + HumanFormat.percent(errors.after ?? 0) + " (geometric mean)."
        } ?? " No calibration yet: 'envelope calibrate' fits the factors to these measurements."
      body.append(
        "<p class=\"note\">The roofline serving model's prediction of each recorded"
          + " measurement of this model and GPU, with the shipped factors: "
          + escape(HumanFormat.percent(errors.before)) + " off (geometric mean)."
          + escape(calibrated) + "</p>")
      body.append(check.chart.svg(standalone: false))
      body.append(check.table.html())
      body.append("</section>")
    }

    body.append("<section id=\"cost\">")
    body.append("<h2>Monthly cost</h2>")
    body.append(costChart.svg(standalone: false))
    body.append(costTable.html())
    body.append("</section>")

    body.append(
      "<footer>Generated by envelope \(escape(EnvelopeVersion.current)) from the ledger's "
        + "entries \(entries.map { String($0.id) }.joined(separator: ", ")). Figures use SI "
        + "units (1 TB = 10^12 bytes). Self-contained: no scripts, no network.</footer>")

    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title>Envelope report: \(escape(scenario.id))</title>
      <style>
      \(Self.css)
      </style>
      </head>
      <body>
      <main>
      \(body.joined(separator: "\n"))
      </main>
      </body>
      </html>

      """
  }

  /// The page's style sheet: no `<` or `&`, so the page stays well-formed XML.
  static let css = """
    :root { color-scheme: light; }
    * { box-sizing: border-box; }
    body { margin: 0; background: #f1f5f9; color: #0f172a;
      font: 14px/1.5 "Helvetica Neue", Helvetica, Arial, sans-serif; }
    main { max-width: 1120px; margin: 0 auto; padding: 28px 40px 24px; }
    header { margin-bottom: 16px; }
    .eyebrow { margin: 0; color: #2563eb; font-size: 12px; font-weight: bold;
      letter-spacing: 0.08em; text-transform: uppercase; }
    h1 { margin: 4px 0 6px; font-size: 30px; }
    .lede { margin: 0; font-size: 16px; color: #334155; }
    .meta { margin: 6px 0 0; color: #64748b; }
    .summary { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px;
      margin-bottom: 16px; }
    .card { background: #ffffff; border: 1px solid #e2e8f0; border-radius: 8px;
      padding: 10px 16px; }
    .card .label { color: #64748b; font-size: 12px; text-transform: uppercase;
      letter-spacing: 0.04em; }
    .card .value { font-size: 20px; font-weight: bold; }
    .card .detail { color: #64748b; font-size: 12px; }
    section { background: #ffffff; border: 1px solid #e2e8f0; border-radius: 10px;
      padding: 16px 24px; margin-bottom: 16px; }
    section.summary { background: none; border: 0; padding: 0; }
    h2 { margin: 0 0 4px; font-size: 20px; }
    .note { margin: 0 0 8px; color: #475569; }
    .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
    svg.chart { display: block; width: 100%; height: auto; margin: 4px 0 8px; }
    table { width: 100%; border-collapse: collapse; margin-top: 4px; font-size: 13px;
      font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-weight: bold; padding: 10px 0 2px; }
    th, td { padding: 3px 10px; border-bottom: 1px solid #e2e8f0; text-align: left;
      vertical-align: top; white-space: nowrap; }
    td:last-child { white-space: normal; }
    th { color: #475569; font-size: 11px; text-transform: uppercase; letter-spacing: 0.03em;
      background: #f8fafc; }
    td.num, th.num { text-align: right; white-space: nowrap; }
    tbody tr:nth-child(even) { background: #f8fafc; }
    footer { color: #64748b; font-size: 12px; text-align: center; }
    """
}

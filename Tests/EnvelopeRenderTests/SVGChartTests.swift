import EnvelopeCore
import EnvelopeTestSupport
import Testing

@testable import EnvelopeRender

/// The SVG chart builder and the projection chart, without the binary.
struct SVGChartTests {
  static func date(_ text: String) throws -> CalendarDate { try CalendarDate.parse(text) }

  static let lineChart = SVGChart(
    name: "demo", kind: .line, title: "Storage <stored> & \"kept\"", subtitle: "Bytes",
    unit: .bytes,
    series: [
      SVGChart.Series(
        name: "stored", label: "Stored",
        points: [
          SVGChart.Point(x: 0, key: "2026-12-27", value: 75e12),
          SVGChart.Point(x: 31, key: "2027-01-27", value: 150e12),
          SVGChart.Point(x: 62, key: "2027-02-27", value: 225e12),
        ]),
      SVGChart.Series(
        name: "actual", label: "Measured", style: .markers,
        points: [SVGChart.Point(x: 10, key: "2027-01-06", value: 40e12)]),
    ])

  @Test func everyPointCarriesItsData() throws {
    let elements = try Markup.elements(Self.lineChart.svg())
    let stored = elements.filter { $0.name == "circle" && $0.attributes["data-series"] == "stored" }
    #expect(stored.map { $0.attributes["data-x"] } == ["2026-12-27", "2027-01-27", "2027-02-27"])
    #expect(stored.map(\.value) == [75e12, 150e12, 225e12])
    // Larger values are drawn higher: SVG's y grows downwards.
    let heights = stored.compactMap { $0.attributes["cy"].flatMap(Double.init) }
    #expect(heights.count == 3 && heights[0] > heights[1] && heights[1] > heights[2])
    let actual = Markup.points(elements, chart: "demo", series: "actual")
    #expect(actual.map(\.x) == ["2027-01-06"] && actual.map(\.value) == [40e12])
    #expect(elements.contains { $0.name == "path" })
    // Axis labels in human units, from 0 to a round value above the largest.
    let ticks = elements.filter { $0.attributes["data-tick"] != nil }.map(\.text)
    #expect(ticks == ["0 B", "50 TB", "100 TB", "150 TB", "200 TB", "250 TB"])
    let texts = elements.filter { $0.name == "text" }.map(\.text)
    #expect(texts.contains("Storage <stored> & \"kept\""))
    #expect(texts.contains("Measured"))
  }

  @Test func standaloneAndInlineDiffer() throws {
    let standalone = Self.lineChart.svg()
    #expect(standalone.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    let inline = Self.lineChart.svg(standalone: false)
    #expect(!inline.contains("http"))
    #expect(inline.contains("class=\"chart\""))
    #expect(Self.lineChart.svg() == standalone, "rendering is not deterministic")
    _ = try Markup.elements(inline)
  }

  @Test func barsAndStackedBars() throws {
    let points = { (values: [Double]) in
      values.enumerated().map {
        SVGChart.Point(x: Double($0.offset), key: "m\($0.offset + 1)", value: $0.element)
      }
    }
    let bars = SVGChart(
      name: "cost", kind: .bar, title: "Cost", unit: .money,
      series: [SVGChart.Series(name: "storage_cost", label: "Storage", points: points([1, 2, 3]))])
    let rects = try Markup.elements(bars.svg()).filter {
      $0.name == "rect" && $0.attributes["data-series"] == "storage_cost"
    }
    #expect(rects.map(\.value) == [1, 2, 3])
    let heightsOf = { (elements: [MarkupElement]) in
      elements.compactMap { $0.attributes["height"].flatMap(Double.init) }
    }
    let heights = heightsOf(rects)
    #expect(abs(heights[1] - 2 * heights[0]) < 0.02 && abs(heights[2] - 3 * heights[0]) < 0.02)

    var stacked = bars
    stacked.kind = .stackedBar
    stacked.series = [
      SVGChart.Series(name: "gpu_cost", label: "GPUs", points: points([100, 200])),
      SVGChart.Series(name: "egress_cost", label: "Egress", points: points([10, 20])),
    ]
    let elements = try Markup.elements(stacked.svg())
    let totals = elements.compactMap { $0.attributes["data-total"] }
    #expect(totals == ["110", "220"])
    let gpu = elements.filter { $0.attributes["data-series"] == "gpu_cost" && $0.name == "rect" }
    let egress = elements.filter {
      $0.attributes["data-series"] == "egress_cost" && $0.name == "rect"
    }
    // Egress sits on top of the GPUs: its bottom edge is the GPU bar's top edge.
    let top = { (element: MarkupElement) in Double(element.attributes["y"] ?? "") ?? .nan }
    #expect(abs(top(egress[0]) + heightsOf(egress)[0] - top(gpu[0])) < 0.02)
  }

  @Test func emptyChartsSayNoData() throws {
    let empty = SVGChart(
      name: "empty", kind: .line, title: "Nothing", unit: .count,
      series: [SVGChart.Series(name: "gpus", label: "GPUs", points: [])])
    let elements = try Markup.elements(empty.svg())
    #expect(elements.contains { $0.text == "no data" })
  }

  @Test func escapingKeepsXMLWellFormed() {
    #expect(
      SVGChart.escape("a<b & \"c\" 'd'\u{1}\u{FFFE}é")
        == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;  é")
  }

  /// A largest value and the axis ticks it gets.
  struct TickCase: Sendable, CustomTestStringConvertible {
    var maximum: Double
    var ticks: [Double]
    var testDescription: String { "up to \(maximum)" }
  }

  static let tickCases = [
    TickCase(maximum: 112, ticks: [0, 20, 40, 60, 80, 100, 120]),
    TickCase(maximum: 1, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1]),
    TickCase(maximum: 0, ticks: [0, 1]),
    TickCase(maximum: 225e12, ticks: [0, 50e12, 100e12, 150e12, 200e12, 250e12]),
  ]

  @Test(arguments: tickCases) func niceTicks(_ row: TickCase) {
    let computed = SVGChart.niceTicks(upTo: row.maximum)
    #expect(computed.count == row.ticks.count)
    for (value, expected) in zip(computed, row.ticks) {
      #expect(abs(value - expected) <= abs(expected) * 1e-12)
    }
  }

  @Test func coordinatesAreShortAndStable() {
    #expect(SVGChart.number(12.5) == "12.5")
    #expect(SVGChart.number(300) == "300")
    #expect(SVGChart.number(-0.001) == "0")
    #expect(SVGChart.number(1.005) == "1.01" || SVGChart.number(1.005) == "1")
    #expect(SVGChart.number(-3.456) == "-3.46")
    #expect(SVGChart.data(75e12) == "75000000000000")
  }

  @Test func projectionChartPlotsTheSeedAndStorageActualsOnly() throws {
    let projection = try StorageProjection(
      interactionBytesPerDay: 2e12, indexBytesPerDay: 0.5e12, profileBytes: 1e12,
      daysPerMonth: 30, start: Self.date("2026-11-27"), monthCount: 3)
    let actuals = [
      Actual(
        id: 1, recordedAt: "2026-12-11T00:00:00Z", measuredOn: try Self.date("2026-12-10"),
        scenarioID: "seed-chat", metric: .storageBytes, value: 40e12, note: nil),
      Actual(
        id: 2, recordedAt: "2026-12-11T00:00:00Z", measuredOn: try Self.date("2026-12-10"),
        scenarioID: "seed-chat", metric: .gpusRequired, value: 120, note: nil),
    ]
    let svg = ProjectionChart.svg(projection: projection, actuals: actuals, title: "Seed & co")
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    let elements = try Markup.elements(svg)
    #expect(
      Markup.points(elements, chart: "projection", series: "stored").map(\.value)
        == [75e12, 150e12, 225e12])
    #expect(
      Markup.points(elements, chart: "projection", series: "total").map(\.value)
        == [76e12, 151e12, 226e12])
    let actual = Markup.points(elements, chart: "projection", series: "actual")
    #expect(actual.map(\.x) == ["2026-12-10"] && actual.map(\.value) == [40e12])
    #expect(elements.contains { $0.name == "title" && $0.text == "Seed & co" })
  }
}

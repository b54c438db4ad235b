import EnvelopeCore

/// A small, dependency-free SVG chart: lines or bars, axes in human units, a title and a
/// legend.
///
/// Every plotted point is an element carrying its data as attributes (`data-series`, `data-x`,
/// `data-value` in base units), so the picture can be checked by a program as well as read.
/// The output is deterministic: the same chart always renders to the same text.
struct SVGChart: Sendable, Equatable {
  /// How the points are drawn.
  enum Kind: Sendable, Equatable {
    /// Points placed by their `x`, each series joined by a line or drawn as markers.
    case line
    /// One bar per point, placed in order; the points of each series share the categories.
    case bar
    /// One bar per category, the series' values stacked in order and the total on top.
    case stackedBar
  }

  /// How one series of a line chart is drawn.
  enum Style: Sendable, Equatable {
    /// A line through the points, with a small dot at each.
    case line
    /// A thinner dashed line with smaller dots: a figure close to another one.
    case dashed
    /// Larger dots only, no line: measurements beside a plan.
    case markers
  }

  /// One plotted value.
  struct Point: Sendable, Equatable {
    /// The position on the x axis: a day number for dates, ignored by bar charts.
    var x: Double
    /// The x value as written in `data-x`: `2026-12-27`.
    var key: String
    /// The value in base units (bytes, GPUs, money).
    var value: Double
  }

  /// A named set of points.
  struct Series: Sendable, Equatable {
    /// The machine name, written in `data-series`: `stored`.
    var name: String
    /// The name in the legend: `Stored data`.
    var label: String
    var style: Style
    /// A CSS colour; `nil` takes the palette's colour for the series' position.
    var color: String?
    var points: [Point]

    init(name: String, label: String, style: Style = .line, color: String? = nil, points: [Point]) {
      self.name = name
      self.label = label
      self.style = style
      self.color = color
      self.points = points
    }
  }

  /// A labelled position on the x axis.
  struct Tick: Sendable, Equatable {
    var x: Double
    var label: String
  }

  /// Colours given to series in order.
  static let palette = ["#2563eb", "#0d9488", "#dc2626", "#9333ea", "#ea580c", "#64748b"]

  /// A machine name for the chart, written in `data-chart`.
  var name: String
  var kind: Kind
  var title: String
  /// A grey line under the title: what the values are, their unit, their source.
  var subtitle: String?
  /// The unit of the values, for the y axis' tick labels and the points' tooltips.
  var unit: FigureUnit
  var series: [Series]
  /// Labelled positions on a line chart's x axis; `nil` labels the points' own `x` values.
  var xTicks: [Tick]?
  /// The x range of a line chart; `nil` spans the points.
  var xDomain: ClosedRange<Double>?
  var width: Double = 960
  var height: Double = 360

  init(
    name: String, kind: Kind, title: String, subtitle: String? = nil, unit: FigureUnit,
    series: [Series], xTicks: [Tick]? = nil, xDomain: ClosedRange<Double>? = nil
  ) {
    self.name = name
    self.kind = kind
    self.title = title
    self.subtitle = subtitle
    self.unit = unit
    self.series = series
    self.xTicks = xTicks
    self.xDomain = xDomain
  }

  /// The chart as SVG text.
  ///
  /// - Parameter standalone: A file of its own (with the SVG namespace and a fixed size)
  ///   rather than an element inside an HTML page (which scales it to its width).
  /// - Returns: One `<svg>` element, well-formed XML.
  func svg(standalone: Bool = true) -> String {
    let layout = Layout(chart: self)
    var out: [String] = []
    let size = "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\""
    let root =
      standalone
      ? "<svg xmlns=\"http://www.w3.org/2000/svg\" \(size) width=\"\(Self.number(width))\" "
        + "height=\"\(Self.number(height))\""
      : "<svg \(size) class=\"chart\""
    out.append(
      root + " role=\"img\" data-chart=\"\(Self.escape(name))\" "
        + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">")
    out.append("<title>\(Self.escape(title))</title>")
    out.append(
      "<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
        + "fill=\"#ffffff\"/>")
    out.append(
      "<text x=\"\(Self.number(layout.left))\" y=\"22\" font-size=\"15\" font-weight=\"bold\" "
        + "fill=\"#0f172a\">\(Self.escape(title))</text>")
    if let subtitle {
      out.append(
        "<text x=\"\(Self.number(layout.left))\" y=\"40\" fill=\"#64748b\">"
          + "\(Self.escape(subtitle))</text>")
    }
    out += legend(layout: layout)
    out += yAxis(layout: layout)
    if layout.hasData {
      switch kind {
      case .line: out += lines(layout: layout)
      case .bar, .stackedBar: out += bars(layout: layout)
      }
    } else {
      out.append(
        "<text x=\"\(Self.number((layout.left + layout.right) / 2))\" "
          + "y=\"\(Self.number((layout.top + layout.bottom) / 2))\" text-anchor=\"middle\" "
          + "fill=\"#64748b\">no data</text>")
    }
    out.append("</svg>")
    return out.joined(separator: "\n")
  }

  /// Where things go: the plot area and the scales.
  private struct Layout {
    var left: Double
    var right: Double
    var top: Double
    var bottom: Double
    var yTicks: [Double]
    var yMax: Double
    var xMin: Double
    var xMax: Double
    var hasData: Bool

    init(chart: SVGChart) {
      let values = chart.series.flatMap(\.points).map(\.value).filter(\.isFinite)
      hasData = !values.isEmpty
      let highest =
        chart.kind == .stackedBar ? chart.stackTotals.map(\.total).max() : values.max()
      yTicks = SVGChart.niceTicks(upTo: max(0, highest ?? 0))
      yMax = yTicks.last ?? 1
      let labelWidth = yTicks.map { SVGChart.textWidth(chart.label($0)) }.max() ?? 0
      left = max(48, labelWidth + 18)
      right = chart.width - 20
      top = chart.subtitle == nil ? 62 : 78
      bottom = chart.height - 34
      let xs = chart.series.flatMap(\.points).map(\.x).filter(\.isFinite)
      xMin = chart.xDomain?.lowerBound ?? xs.min() ?? 0
      xMax = chart.xDomain?.upperBound ?? xs.max() ?? 1
      if xMax <= xMin {
        xMin -= 1
        xMax += 1
      }
    }

    func y(_ value: Double) -> Double {
      bottom - (bottom - top) * max(0, value) / yMax
    }

    func x(_ value: Double) -> Double {
      left + 8 + (right - left - 16) * (value - xMin) / (xMax - xMin)
    }
  }

  private func color(_ index: Int) -> String {
    series[index].color ?? Self.palette[index % Self.palette.count]
  }

  private func legend(layout: Layout) -> [String] {
    var out: [String] = []
    var x = layout.right
    let y = layout.top - 14
    for (index, item) in series.enumerated().reversed() {
      x -= Self.textWidth(item.label)
      out.append(
        "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y + 4))\" fill=\"#334155\">"
          + "\(Self.escape(item.label))</text>")
      x -= 18
      let swatch: String
      switch (kind, item.style) {
      case (.bar, _), (.stackedBar, _):
        swatch =
          "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y - 5))\" width=\"12\" height=\"10\" "
          + "rx=\"2\" fill=\"\(color(index))\"/>"
      case (.line, .line), (.line, .dashed):
        swatch =
          "<line x1=\"\(Self.number(x))\" y1=\"\(Self.number(y))\" x2=\"\(Self.number(x + 14))\" "
          + "y2=\"\(Self.number(y))\" stroke=\"\(color(index))\" "
          + (item.style == .dashed
            ? "stroke-width=\"2\" stroke-dasharray=\"4 3\"/>" : "stroke-width=\"2.5\"/>")
      case (.line, .markers):
        swatch =
          "<circle cx=\"\(Self.number(x + 7))\" cy=\"\(Self.number(y))\" r=\"4.5\" "
          + "fill=\"\(color(index))\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"
      }
      out.append(swatch)
      x -= 16
    }
    return ["<g class=\"legend\">"] + out.reversed() + ["</g>"]
  }

  private func yAxis(layout: Layout) -> [String] {
    var out = ["<g class=\"y-axis\">"]
    for tick in layout.yTicks {
      let y = Self.number(layout.y(tick))
      out.append(
        "<line x1=\"\(Self.number(layout.left))\" y1=\"\(y)\" x2=\"\(Self.number(layout.right))\" "
          + "y2=\"\(y)\" stroke=\"\(tick == 0 ? "#94a3b8" : "#e2e8f0")\" stroke-width=\"1\"/>")
      out.append(
        "<text x=\"\(Self.number(layout.left - 8))\" y=\"\(Self.number(layout.y(tick) + 4))\" "
          + "text-anchor=\"end\" fill=\"#64748b\" data-tick=\"\(Self.data(tick))\">"
          + "\(Self.escape(label(tick)))</text>")
    }
    out.append("</g>")
    return out
  }

  /// X-axis labels at `positions`: every n-th one, the smallest n at which none overlap.
  private func xLabels(_ positions: [(x: Double, label: String)], layout: Layout) -> [String] {
    guard !positions.isEmpty else { return [] }
    /// Where a label is anchored, and the span it covers.
    func place(_ position: (x: Double, label: String)) -> (
      anchor: String, x: Double, span: ClosedRange<Double>
    ) {
      let textWidth = Self.textWidth(position.label)
      if position.x + textWidth / 2 > width - 4 {
        let x = min(position.x + 4, width - 4)
        return ("end", x, (x - textWidth)...x)
      }
      if position.x - textWidth / 2 < 4 {
        let x = max(position.x - 4, 4)
        return ("start", x, x...(x + textWidth))
      }
      return ("middle", position.x, (position.x - textWidth / 2)...(position.x + textWidth / 2))
    }
    var chosen = positions
    for step in 1...positions.count {
      chosen = positions.enumerated().filter { $0.offset % step == 0 }.map(\.element)
      let spans = chosen.map { place($0).span }
      if zip(spans, spans.dropFirst()).allSatisfy({ $0.upperBound + 10 <= $1.lowerBound }) {
        break
      }
    }
    var out = ["<g class=\"x-axis\">"]
    for position in chosen {
      let label = place(position)
      out.append(
        "<line x1=\"\(Self.number(position.x))\" y1=\"\(Self.number(layout.bottom))\" "
          + "x2=\"\(Self.number(position.x))\" y2=\"\(Self.number(layout.bottom + 4))\" "
          + "stroke=\"#94a3b8\"/>")
      out.append(
        "<text x=\"\(Self.number(label.x))\" y=\"\(Self.number(layout.bottom + 18))\" "
          + "text-anchor=\"\(label.anchor)\" fill=\"#64748b\">"
          + "\(Self.escape(position.label))</text>")
    }
    out.append("</g>")
    return out
  }

  private func lines(layout: Layout) -> [String] {
    var ticks = xTicks ?? []
    if xTicks == nil {
      var seen: Set<Double> = []
      for point in series.flatMap(\.points).sorted(by: { $0.x < $1.x })
      where seen.insert(point.x).inserted {
        ticks.append(Tick(x: point.x, label: point.key))
      }
    }
    var out = xLabels(
      ticks.filter { (layout.xMin...layout.xMax).contains($0.x) }.map {
        (layout.x($0.x), $0.label)
      }, layout: layout)
    for (index, item) in series.enumerated() {
      let points = item.points.filter { $0.x.isFinite && $0.value.isFinite }
      out.append("<g class=\"series\" data-series=\"\(Self.escape(item.name))\">")
      if item.style != .markers, points.count > 1 {
        let path = points.enumerated().map { offset, point in
          (offset == 0 ? "M" : "L") + Self.number(layout.x(point.x)) + " "
            + Self.number(layout.y(point.value))
        }.joined(separator: " ")
        out.append(
          "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color(index))\" "
            + (item.style == .dashed
              ? "stroke-width=\"2\" stroke-dasharray=\"6 4\" " : "stroke-width=\"2.5\" ")
            + "stroke-linejoin=\"round\" stroke-linecap=\"round\"/>")
      }
      let look: (radius: String, fill: String, stroke: String, strokeWidth: String)
      switch item.style {
      case .line: look = (points.count > 40 ? "1.5" : "3", "#ffffff", color(index), "2")
      case .dashed: look = ("2", color(index), color(index), "0")
      case .markers: look = ("5", color(index), "#ffffff", "1.5")
      }
      for point in points {
        out.append(
          "<circle cx=\"\(Self.number(layout.x(point.x)))\" "
            + "cy=\"\(Self.number(layout.y(point.value)))\" r=\"\(look.radius)\" "
            + "fill=\"\(look.fill)\" stroke=\"\(look.stroke)\" "
            + "stroke-width=\"\(look.strokeWidth)\" "
            + pointAttributes(item, point) + ">" + tooltip(item, point) + "</circle>")
      }
      out.append("</g>")
    }
    return out
  }

  private func bars(layout: Layout) -> [String] {
    var keys: [String] = []
    for point in series.flatMap(\.points) where !keys.contains(point.key) {
      keys.append(point.key)
    }
    let stacked = kind == .stackedBar
    let band = (layout.right - layout.left) / Double(max(keys.count, 1))
    let group = band * (stacked ? 0.56 : 0.72)
    let barWidth = stacked ? group : group / Double(max(series.count, 1))
    let labelled = (stacked ? keys.count : keys.count * series.count) <= 16
    var base = [Double](repeating: 0, count: keys.count)
    var out = xLabels(
      keys.enumerated().map { (layout.left + band * (Double($0.offset) + 0.5), $0.element) },
      layout: layout)
    for (index, item) in series.enumerated() {
      out.append("<g class=\"series\" data-series=\"\(Self.escape(item.name))\">")
      for point in item.points where point.value.isFinite {
        guard let slot = keys.firstIndex(of: point.key) else { continue }
        let x =
          layout.left + band * Double(slot) + (band - group) / 2
          + (stacked ? 0 : barWidth * Double(index))
        let floor = stacked ? layout.y(base[slot]) : layout.bottom
        if stacked { base[slot] += max(0, point.value) }
        let y = stacked ? layout.y(base[slot]) : layout.y(point.value)
        out.append(
          "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" "
            + "width=\"\(Self.number(barWidth))\" "
            + "height=\"\(Self.number(max(0, floor - y)))\" rx=\"\(stacked ? "0" : "2")\" "
            + "fill=\"\(color(index))\" " + pointAttributes(item, point) + ">"
            + tooltip(item, point) + "</rect>")
        if labelled, !stacked {
          out.append(
            "<text x=\"\(Self.number(x + barWidth / 2))\" y=\"\(Self.number(y - 6))\" "
              + "text-anchor=\"middle\" font-size=\"11\" fill=\"#334155\">"
              + "\(Self.escape(label(point.value)))</text>")
        }
      }
      out.append("</g>")
    }
    if stacked, labelled {
      out.append("<g class=\"totals\">")
      for (slot, item) in stackTotals.enumerated() {
        out.append(
          "<text x=\"\(Self.number(layout.left + band * (Double(slot) + 0.5)))\" "
            + "y=\"\(Self.number(layout.y(item.total) - 6))\" text-anchor=\"middle\" "
            + "font-size=\"11\" font-weight=\"bold\" fill=\"#334155\" "
            + "data-x=\"\(Self.escape(item.key))\" data-total=\"\(Self.data(item.total))\">"
            + "\(Self.escape(label(item.total)))</text>")
      }
      out.append("</g>")
    }
    return out
  }

  /// Each category of a bar chart with the sum of its values, in order of appearance.
  var stackTotals: [(key: String, total: Double)] {
    var totals: [(key: String, total: Double)] = []
    for point in series.flatMap(\.points) where point.value.isFinite {
      if let index = totals.firstIndex(where: { $0.key == point.key }) {
        totals[index].total += max(0, point.value)
      } else {
        totals.append((point.key, max(0, point.value)))
      }
    }
    return totals
  }

  /// A value as an axis or bar label: short multipliers for large counts and money (`40k`),
  /// the unit's human form otherwise.
  func label(_ value: Double) -> String {
    switch unit {
    case .money, .count, .plain:
      return abs(value) >= 10_000 ? HumanFormat.count(value) : HumanFormat.number(value)
    default: return unit.human(value)
    }
  }

  private func pointAttributes(_ series: Series, _ point: Point) -> String {
    "data-series=\"\(Self.escape(series.name))\" data-x=\"\(Self.escape(point.key))\" "
      + "data-value=\"\(Self.data(point.value))\""
  }

  private func tooltip(_ series: Series, _ point: Point) -> String {
    "<title>\(Self.escape("\(series.label), \(point.key): \(unit.human(point.value))"))</title>"
  }

  // MARK: Helpers

  /// Text made safe for XML character data and attribute values.
  ///
  /// Escapes the five XML specials and replaces control characters XML 1.0 does not allow
  /// with spaces.
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      case _ where scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value):
        out += " "
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A value as written in data attributes: base units, as JSON writes numbers.
  static func data(_ value: Double) -> String {
    JSONValue.number(value).serialized()
  }

  /// A coordinate rounded to hundredths, without trailing zeros: `12.5`, `300`.
  static func number(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let hundredths = (value * 100).rounded()
    if hundredths == 0 { return "0" }
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = Int64(abs(hundredths))
    let whole = magnitude / 100
    let fraction = magnitude % 100
    if fraction == 0 { return "\(sign)\(whole)" }
    let digits = fraction < 10 ? "0\(fraction)" : String(fraction)
    return "\(sign)\(whole).\(digits.hasSuffix("0") ? String(digits.dropLast()) : digits)"
  }

  /// Evenly spaced round values from 0 to at least `maximum`: 0, 50, 100, 150 for 112.
  ///
  /// The step is 1, 2, 2.5 or 5 times a power of ten, chosen for at most six intervals.
  static func niceTicks(upTo maximum: Double) -> [Double] {
    guard maximum > 0, maximum.isFinite else { return [0, 1] }
    let rough = maximum / 5
    var power = 1.0
    while power * 10 <= rough { power *= 10 }
    while power > rough { power /= 10 }
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * power }.first { $0 * 6 >= maximum } ?? power * 10
    let count = Int((maximum / step).rounded(.up))
    return (0...max(1, count)).map { Double($0) * step }
  }

  /// The approximate width of `text` at 12 px in a sans-serif font.
  static func textWidth(_ text: String) -> Double {
    Double(text.count) * 6.8
  }
}

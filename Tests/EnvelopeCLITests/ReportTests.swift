import EnvelopeTestSupport
import Foundation
import Testing

/// `envelope report`: the HTML is read back and the plotted values checked.
struct ReportTests {
  /// Records three plans of seed-chat (100M, 200M, then 100M DAU again) and measurements.
  static func seededSandbox(backend: Backend, priced: Bool = false) throws -> Sandbox {
    let sandbox = try Sandbox(backend: backend)
    let price = priced ? ["--gpu-price", "2"] : []
    try sandbox.succeed(["estimate", "seed-chat", "--as-of", "2026-07-27"] + price)
    try sandbox.succeed(
      ["estimate", "seed-chat", "--as-of", "2026-09-27", "--dau", "200M", "--note", "launch"]
        + price)
    try sandbox.succeed(["estimate", "seed-chat", "--as-of", "2026-11-27"] + price)
    for (date, metric, value) in [
      ("2026-12-10", "storage", "480TB"), ("2027-01-05", "storage", "530TB"),
      ("2027-01-05", "gpus", "120"),
    ] {
      try sandbox.succeed([
        "actual", "record", "seed-chat", "--metric", metric, "--value", value, "--date", date,
      ])
    }
    return sandbox
  }

  @Test(arguments: Backend.available) func reportPlotsHistoryProjectionActualsAndCost(
    backend: Backend
  ) throws {
    let sandbox = try Self.seededSandbox(backend: backend)
    let path = sandbox.path("report.html")
    let run = try sandbox.succeed(["report", "seed-chat", "-o", path, "--months", "3"])
    #expect(run.stdout.isEmpty)
    let html = try String(contentsOfFile: path, encoding: .utf8)
    for forbidden in ["http://", "https://", "<script", "src=", "@import", "url("] {
      #expect(!html.contains(forbidden), "the report contains \(forbidden)")
    }
    let elements = try Markup.elements(html)
    let charts = elements.filter { $0.name == "svg" }.compactMap { $0.attributes["data-chart"] }
    #expect(charts == ["history-gpus", "history-storage", "projection", "cost"])

    let gpus = Markup.points(elements, chart: "history-gpus", series: "gpus")
    #expect(gpus.map(\.x) == ["2026-07-27", "2026-09-27", "2026-11-27"])
    #expect(gpus.map(\.value) == [112, 223, 112])
    let storage = Markup.points(elements, chart: "history-storage", series: "storage")
    #expect(storage.map(\.value) == [75e12, 150e12, 75e12])

    // The latest plan continues from what the earlier ones stored by 2026-11-27: two months
    // at 75 TB and two at 150 TB, 450 TB; then 75 TB a month.
    let stored = Markup.points(elements, chart: "projection", series: "stored")
    #expect(stored.map(\.x) == ["2026-12-27", "2027-01-27", "2027-02-27"])
    #expect(stored.map(\.value) == [525e12, 600e12, 675e12])
    let total = Markup.points(elements, chart: "projection", series: "total")
    #expect(total.map(\.value) == [526e12, 601e12, 676e12])
    let actual = Markup.points(elements, chart: "projection", series: "actual")
    #expect(actual.map(\.x) == ["2026-12-10", "2027-01-05"])
    #expect(actual.map(\.value) == [480e12, 530e12])
    let markers = elements.filter {
      $0.chart == "projection" && $0.attributes["data-series"] == "actual" && $0.name == "circle"
    }
    #expect(markers.count == 2)

    // No GPU price: the cost chart is the projection's storage at 23 USD per TB-month.
    let cost = Markup.points(elements, chart: "cost", series: "storage_cost")
    #expect(cost.map(\.x) == ["2026-12-27", "2027-01-27", "2027-02-27"])
    for (plotted, expected) in zip(cost.map(\.value), [526 * 23.0, 601 * 23.0, 676 * 23.0]) {
      #expect(abs(plotted - expected) < 1e-6)
    }

    let rows = Markup.tableRows(elements)
    #expect(rows.contains { $0.prefix(4) == ["2", "2026-09-27", "200M", "223"] })
    #expect(rows.contains { $0.prefix(4) == ["3", "2027-02-27", "75 TB", "675 TB"] })
    // 13 of the 30 days from 2026-11-27 to 2026-12-27: 450 TB + 75 TB × 13 / 30 planned.
    #expect(rows.contains { $0.prefix(4) == ["2026-12-10", "480 TB", "482.5 TB", "99%"] })
    #expect(rows.contains { $0.prefix(4) == ["3", "2027-02-27", "676 TB", "15,548"] })
  }

  @Test(arguments: Backend.available) func pricedPlansStackTheirMonthlyCost(backend: Backend) throws
  {
    let sandbox = try Self.seededSandbox(backend: backend, priced: true)
    let costs = try #require(
      try sandbox.succeed(["history", "seed-chat", "--format", "json"]).json()
        as? [[String: Any]]
    ).compactMap { $0["monthly_cost"] as? Double }
    #expect(costs.count == 3)
    let html = try sandbox.succeed(["report", "seed-chat", "-o", "-"]).stdout
    let elements = try Markup.elements(html)
    let totals = elements.filter { $0.chart == "cost" && $0.attributes["data-total"] != nil }
    #expect(totals.map { $0.attributes["data-x"] } == ["2026-07-27", "2026-09-27", "2026-11-27"])
    for (total, expected) in zip(totals.compactMap { $0.attributes["data-total"] }, costs) {
      #expect(abs((Double(total) ?? 0) - expected) < 1e-6)
    }
    let gpuCost = Markup.points(elements, chart: "cost", series: "gpu_cost")
    // 112 GPUs × 2 USD × 24 h × 30 days.
    #expect(gpuCost.first?.value == 161_280)
  }

  @Test(arguments: Backend.available) func reportIsDeterministicAndStdoutMatchesTheFile(
    backend: Backend
  ) throws {
    let sandbox = try Self.seededSandbox(backend: backend)
    let path = sandbox.path("report.html")
    try sandbox.succeed(["report", "seed-chat", "-o", path, "--growth", "5%"])
    let first = try String(contentsOfFile: path, encoding: .utf8)
    try sandbox.succeed(["report", "seed-chat", "--output", path, "--growth", "5%"])
    #expect(try String(contentsOfFile: path, encoding: .utf8) == first)
    let printed = try sandbox.succeed(["report", "seed-chat", "-o", "-", "--growth", "5%"])
    #expect(printed.stdout == first)
    let stored = Markup.points(try Markup.elements(first), chart: "projection", series: "stored")
    #expect(stored.count == 12)
    // Month 2 writes 5% more than month 1, on top of the 450 TB the earlier plans stored.
    #expect(abs(stored[1].value - (450e12 + 75e12 * 2.05)) < 1)
  }

  @Test(arguments: Backend.available) func hostileNotesAreEscaped(backend: Backend) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed([
      "estimate", "seed-chat", "--note", "<script>alert(\"x\")</script> & 'more' ]]>",
    ])
    let html = try sandbox.succeed(["report", "seed-chat", "-o", "-"]).stdout
    #expect(!html.contains("<script"))
    let cells = Markup.tableRows(try Markup.elements(html)).flatMap { $0 }
    #expect(cells.contains("<script>alert(\"x\")</script> & 'more' ]]>"))
  }

  struct BadCase: CustomTestStringConvertible, Sendable {
    var arguments: [String]
    var status: Int32
    var message: String
    var testDescription: String { arguments.joined(separator: " ") }
  }

  static let badCases = [
    BadCase(
      arguments: ["report", "seed-chat", "-o", "OUT"], status: 1,
      message:
        "error: scenario 'seed-chat' has no recorded plan; record one with "
        + "'envelope estimate seed-chat'"),
    BadCase(
      arguments: ["report", "seed-chta", "-o", "OUT"], status: 1, message: "seed-chat"),
    BadCase(arguments: ["report", "seed-chat"], status: 64, message: "missing expected argument"),
    BadCase(
      arguments: ["report", "seed-chat", "-o", "OUT", "--months", "0"], status: 64,
      message: "--months must be from 1 to 1200"),
    BadCase(
      arguments: ["report", "seed-chat", "-o", "OUT", "--growth", "fast"], status: 64,
      message: "--growth"),
    BadCase(
      arguments: ["report", "Seed Chat", "-o", "OUT"], status: 64,
      message: "the value 'Seed Chat' is invalid for '<scenario>': a scenario id is 1 to 64"),
  ]

  @Test(arguments: Backend.available, badCases)
  func badInvocationsFailCleanly(backend: Backend, _ bad: BadCase) throws {
    let sandbox = try Sandbox(backend: backend)
    let output = sandbox.path("r.html")
    let result = try sandbox.run(bad.arguments.map { $0 == "OUT" ? output : $0 })
    #expect(result.status == bad.status)
    #expect(result.stderr.hasPrefix("error: "))
    #expect(result.stderr.contains(bad.message), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: output))
  }

  @Test(arguments: Backend.available) func unwritableOutputFailsWithoutAPartialFile(
    backend: Backend
  ) throws {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["estimate", "seed-chat"])
    let path = sandbox.path("missing/report.html")
    let result = try sandbox.run(["report", "seed-chat", "-o", path])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("error: cannot write '\(path)'"))
  }

  @Test(arguments: Backend.available) func helpShowsAnExample(backend: Backend) throws {
    let help = try Sandbox(backend: backend).succeed(["help", "report"]).stdout
    #expect(help.contains("envelope report seed-chat -o report.html"))
    #expect(help.contains("--months"))
  }
}

import Testing

@testable import EnvelopeCore

struct SweepGridTests {
  @Test func linearAndGeometricRanges() throws {
    let linear = try SweepAxis.linear(name: "dau", start: 1e6, end: 100e6, step: 1e6, text: "")
    #expect(linear.count == 100)
    #expect(linear.value(at: 99) == .number(100e6))
    let geometric = try SweepAxis.geometric(
      name: "dau", start: 10e6, end: 1e9, factor: 2, text: "")
    // 10M, 20M, 40M, …, 640M: 7 values (1.28B > 1B).
    #expect(geometric.count == 7)
    #expect(geometric.value(at: 6) == .number(640e6))
  }

  @Test func gridIsTheProductLastAxisFastest() throws {
    let grid = try SweepGrid(axes: [
      SweepAxis(name: "gpu", values: .list([.text("a"), .text("b")])),
      SweepAxis(name: "dau", values: .linear(start: 1, step: 1, count: 3)),
    ])
    #expect(grid.count == 6)
    let points = Array(grid)
    #expect(points.count == 6)
    #expect(points[0] == [.text("a"), .number(1)])
    #expect(points[2] == [.text("a"), .number(3)])
    #expect(points[3] == [.text("b"), .number(1)])
  }

  @Test func refusesBadRangesAndHugeGrids() {
    #expect(throws: EngineError.self) {
      try SweepAxis.linear(name: "dau", start: 10, end: 1, step: 1, text: "10..1:+1")
    }
    #expect(throws: EngineError.self) {
      try SweepAxis.geometric(name: "dau", start: 1, end: 10, factor: 1, text: "1..10:x1")
    }
    #expect(throws: EngineError.self) {
      try SweepGrid(axes: [
        SweepAxis(name: "a", values: .linear(start: 1, step: 1, count: 100_000)),
        SweepAxis(name: "b", values: .linear(start: 1, step: 1, count: 100_000)),
      ])
    }
  }
}

import EnvelopeCore
import EnvelopeRender

/// Streams the points of a dry run.
struct PointPrinter {
  var format: OutputFormat
  var parameters: [String]
  var count = 0
  static let figures: [FigureDefinition] = [
    .gpusRequired, .requestsPerSecond, .inferenceSeconds, .storageBytesPerMonth,
    .egressBytesPerSecond, .monthlyCost,
  ]

  init(format: OutputFormat, parameters: [String]) {
    self.format = format
    self.parameters = parameters
  }

  mutating func print(_ entry: SweepPoint) {
    count += 1
    let varied = parameters.map { name in entry.snapshot.override("--" + name) ?? "" }
    let values = Self.figures.map { figure in entry.figures.first { $0.definition == figure } }
    switch format {
    case .table:
      if count == 1 {
        Console.line(
          Console.bold(
            (parameters + Self.figures.map(\.shortLabel))
              .map { $0.padding(toLength: 18, withPad: " ", startingAt: 0) }.joined(separator: " "))
        )
      }
      let cells =
        varied.map { $0 } + values.map { $0?.humanValue ?? "—" }
      Console.line(
        cells.map { $0.padding(toLength: 18, withPad: " ", startingAt: 0) }.joined(separator: " "))
    case .csv:
      if count == 1 { Console.line(CSV.line(parameters + Self.figures.map(\.key))) }
      Console.line(CSV.line(varied + values.map { $0.map { JSONValue($0.value).csvText } ?? "" }))
    case .json, .jsonl:
      let inputs: [(String, JSONValue)] = zip(parameters, varied).map { ($0, .string($1)) }
      let results: [(String, JSONValue)] = values.compactMap { figure in
        figure.map { ($0.key, JSONValue($0.value)) }
      }
      let object = JSONValue.object(inputs + results)
      if format == .jsonl {
        Console.line(object.serialized())
      } else {
        Console.write((count == 1 ? "[\n  " : ",\n  ") + object.serialized())
      }
    }
  }

  func finish() {
    if format == .json { Console.line(count == 0 ? "[]" : "\n]") }
  }
}

import ArgumentParser
import EnvelopeCore
import EnvelopeRender
import EnvelopeStore

extension Envelope {
  struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "compare",
      abstract: "Compare a scenario on other GPUs and precisions, cheapest first.",
      discussion: """
        Estimates the scenario once per variant (every GPU × every precision), records \
        nothing, and lists GPUs, latency and monthly cost, sorted by cost (by GPU count where \
        a GPU has no price). A variant meets the load when it can be estimated (the GPU rates \
        the precision and, for roofline, the model fits) and its latency is within \
        --max-latency; the cheapest that meets it is marked. GPU prices come from the \
        catalogue ('envelope gpu update ID --price 2.50').

        Examples:
          envelope compare seed-chat --gpu a100-80gb,h100-sxm,l4 --precision fp16,fp8
          envelope compare seed-chat --gpu h100-sxm,mi300x --method roofline \\
            --max-latency 20s --format json
          envelope compare seed-chat --gpu h100-sxm,h200 --precision fp8 --method roofline \\
            --max-ttft 2s --max-tpot 50ms
        """)

    @Argument(help: "The scenario to compare.")
    var scenario: Typed<CatalogueID<Scenario>>

    @Option(
      help: ArgumentHelp("GPU ids, comma-separated (default: the scenario's).", valueName: "ids"))
    var gpu: Typed<CommaSeparated<CatalogueID<GPUProfile>>>?

    @Option(
      help: ArgumentHelp(
        "Precisions, comma-separated (default: the scenario's).", valueName: "list"))
    var precision: Typed<CommaSeparated<Precision>>?

    @Option(help: "Estimation method (default: the scenario's).")
    var method: EstimationMethod?

    @Option(help: ArgumentHelp("Latency a variant must meet (200ms, 2s).", valueName: "duration"))
    var maxLatency: Typed<Seconds>?

    @OptionGroup(title: "Serving (roofline), for every variant") var serving: ServingOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var ledger: LedgerOptions

    struct Variant {
      var gpu: String
      var precision: Precision
      var gpus: Int?
      var latency: Double?
      var tensorParallel: Int?
      var ttft: Double?
      var tpot: Double?
      var monthlyCost: Double?
      var currency: String?
      var problem: String?
      var cheapest = false

      var meetsLoad: Bool { problem == nil }
    }

    func run() throws {
      let store = try ledger.open(for: .reading)
      let base = try store.scenario(scenario.value)
      if base.isRetired { throw StoreError.retired(kind: "scenario", id: scenario.value) }
      let gpuIDs = gpu?.value ?? [base.value.gpuID]
      let precisions = precision?.value ?? [base.value.precision]
      let latencyLimit = maxLatency?.value
      let model = try store.model(base.value.modelID).value
      var variants: [Variant] = []
      for gpuID in gpuIDs {
        var profile = try store.gpu(gpuID).value
        for precision in precisions {
          var point = base.value
          point.gpuID = gpuID
          point.precision = precision
          if let method { point.method = method }
          var editor = ScenarioEditor(scenario: point)
          serving.apply(to: &editor)
          point = editor.scenario
          if gpuID != base.value.gpuID { point.gpuPricePerHour = nil }
          if let price = point.gpuPricePerHour { profile.pricePerHour = price }
          var variant = Variant(gpu: gpuID, precision: precision)
          do {
            let figures = try ServingPlan(scenario: point, model: model, gpu: profile)
              .estimate(derivations: false).figures
            if case .integer(let count) = figures[.gpusRequired] { variant.gpus = count }
            variant.latency = figures[.inferenceSeconds]?.number
            if case .integer(let degree) = figures[.tensorParallel] {
              variant.tensorParallel = degree
            }
            variant.ttft = figures[.ttftSeconds]?.number
            variant.tpot = figures[.tpotSeconds]?.number
            variant.monthlyCost = figures[.monthlyCost]?.number
            if case .text(let currency) = figures[.currency] { variant.currency = currency }
            if let latencyLimit, let latency = variant.latency, latency > latencyLimit {
              variant.problem =
                "latency \(HumanFormat.seconds(latency)) over \(HumanFormat.seconds(latencyLimit))"
            }
          } catch {
            variant.problem = CLIError(error).description
          }
          variants.append(variant)
        }
      }
      variants.sort { a, b in
        if a.meetsLoad != b.meetsLoad { return a.meetsLoad }
        switch (a.monthlyCost, b.monthlyCost) {
        case (let x?, let y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default:
          return (a.gpus ?? .max, a.gpu, a.precision.rawValue) < (
            b.gpus ?? .max, b.gpu, b.precision.rawValue
          )
        }
      }
      if let first = variants.indices.first(where: { variants[$0].meetsLoad }) {
        variants[first].cheapest = true
      }
      print(variants, method: method ?? base.value.method)
    }

    func print(_ variants: [Variant], method: EstimationMethod) {
      let rows = variants.map { variant in
        JSONValue.object([
          ("gpu_id", .string(variant.gpu)), ("precision", .string(variant.precision.rawValue)),
          ("method", .string(method.rawValue)),
          ("gpus_required", variant.gpus.map(JSONValue.integer) ?? .null),
          ("inference_seconds", variant.latency.map(JSONValue.number) ?? .null),
          ("tensor_parallel", variant.tensorParallel.map(JSONValue.integer) ?? .null),
          ("ttft_seconds", variant.ttft.map(JSONValue.number) ?? .null),
          ("tpot_seconds", variant.tpot.map(JSONValue.number) ?? .null),
          ("monthly_cost", variant.monthlyCost.map(JSONValue.number) ?? .null),
          ("currency", variant.currency.map(JSONValue.string) ?? .null),
          ("meets_load", .bool(variant.meetsLoad)), ("cheapest", .bool(variant.cheapest)),
          ("problem", variant.problem.map(JSONValue.string) ?? .null),
        ])
      }
      switch output.format {
      case .table:
        var table = Table(headers: [
          "", "gpu", "precision", "GPUs", "latency", "monthly cost", "note",
        ])
        table.rightAligned = [3, 4, 5]
        table.rows = variants.map { variant in
          [
            variant.cheapest ? "★" : "", variant.gpu, variant.precision.rawValue,
            variant.gpus.map(String.init) ?? "—", variant.latency.map(HumanFormat.seconds) ?? "—",
            variant.monthlyCost.map {
              HumanFormat.number($0, fractionDigits: 0) + " " + (variant.currency ?? "")
            } ?? "—",
            variant.problem ?? (variant.cheapest ? "cheapest that meets the load" : ""),
          ]
        }
        Console.table(table)
        if variants.contains(where: { $0.meetsLoad && $0.monthlyCost == nil }) {
          Console.line()
          Console.line(
            Console.dim(
              "Variants without a GPU price are ranked by GPU count; set prices with 'envelope gpu update ID --price …'."
            ))
        }
      case .json: Console.line(JSONValue.array(rows).serialized(pretty: true))
      case .jsonl: for row in rows { Console.line(row.serialized()) }
      case .csv:
        var table = Table(headers: [
          "gpu_id", "precision", "method", "gpus_required", "inference_seconds", "tensor_parallel",
          "ttft_seconds", "tpot_seconds", "monthly_cost",
          "currency", "meets_load", "cheapest", "problem",
        ])
        table.rows = rows.map { row in table.headers.map { row[$0]?.csvText ?? "" } }
        Console.line(table.csv())
      }
    }
  }
}

extension StringProtocol {
  var trimmedSpaces: String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}

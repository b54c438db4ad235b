import ArgumentParser
import EnvelopeCore

/// GPUs per replica: a whole number from 1 to ``EnvelopeCore/RooflineMethod/maximumTensorParallel``.
enum GPUsPerReplica: ArgumentReader {
  static func read(_ text: String) throws -> Int {
    let degree = try WholeNumber.read(text)
    guard degree <= RooflineMethod.maximumTensorParallel else {
      throw Refusal("must be at most \(RooflineMethod.maximumTensorParallel) GPUs per replica")
    }
    return degree
  }
}

extension MeasurementFormat: ParsedByTheEngine {}

/// What a benchmark ran on, which no result file states: shared by `measurement record` and
/// `measurement import`.
struct MeasuredConfigurationOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Model id from the catalogue.", valueName: "id"))
  var model: Typed<CatalogueID<ModelProfile>>
  @Option(help: ArgumentHelp("GPU id from the catalogue.", valueName: "id"))
  var gpu: Typed<CatalogueID<GPUProfile>>
  @Option(
    help: ArgumentHelp("Precision of the weights (fp16, bf16, fp8, …).", valueName: "precision"))
  var precision: Typed<Precision>
  @Option(help: ArgumentHelp("Precision of the KV cache, when known.", valueName: "precision"))
  var kvPrecision: Typed<Precision>?
  @Option(help: ArgumentHelp("GPUs per replica (tensor parallel degree).", valueName: "n"))
  var tensorParallel: Typed<GPUsPerReplica>
  @Option(
    help: ArgumentHelp(
      "GPUs the throughput covers: replicas × GPUs per replica (default: one replica).",
      valueName: "n"))
  var gpus: Typed<WholeNumber>?
  @Option(
    help: ArgumentHelp("Where it comes from: a tool, a file, a report, a URL.", valueName: "text"))
  var source: Typed<TextOrEmpty>?
  @Option(help: ArgumentHelp("A note kept with it.", valueName: "text"))
  var note: Typed<Text>?

  func validate() throws {
    if let gpus, gpus.value % tensorParallel.value != 0 {
      throw ValidationError(
        "--gpus \(gpus.text) is not a whole number of replicas of --tensor-parallel "
          + "\(tensorParallel.text) GPUs")
    }
  }
}

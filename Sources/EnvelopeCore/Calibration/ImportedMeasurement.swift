/// What one run in a benchmark's result file says: the figures it measured and what it states
/// of the configuration, before the command line completes it into a ``ServingMeasurement``.
///
/// Result files say nothing of the GPU, the precision or the tensor-parallel degree, and some
/// say nothing of the date or the token lengths (MLPerf summaries have no token lengths); those
/// come from ``MeasurementCompletion``.
public struct ImportedMeasurement: Sendable, Equatable {
  /// The run's line in a file of JSON lines; `nil` for a file of one run.
  public var line: Int?
  /// The model as the tool names it (`meta-llama/Llama-3.1-8B-Instruct`), when it does.
  public var modelName: String?
  /// The day the run was made, when the file says.
  public var measuredOn: CalendarDate?
  /// Mean prompt tokens per request, when the file says.
  public var inputTokens: Double?
  /// Mean generated tokens per request, when the file says.
  public var outputTokens: Double?
  /// Output tokens per second over the whole system benchmarked.
  public var outputTokensPerSecond: Double
  public var ttftSeconds: Double?
  public var tpotSeconds: Double?
  public var requestsPerSecond: Double?
  /// Requests the client kept in flight, when the file says.
  public var concurrency: Int?
  /// What else the file says that a measurement keeps in its note: an MLPerf run's scenario
  /// and validity.
  public var remarks: [String]

  public init(
    line: Int? = nil, modelName: String? = nil, measuredOn: CalendarDate? = nil,
    inputTokens: Double? = nil, outputTokens: Double? = nil, outputTokensPerSecond: Double,
    ttftSeconds: Double? = nil, tpotSeconds: Double? = nil, requestsPerSecond: Double? = nil,
    concurrency: Int? = nil, remarks: [String] = []
  ) {
    self.line = line
    self.modelName = modelName
    self.measuredOn = measuredOn
    self.inputTokens = inputTokens
    self.outputTokens = outputTokens
    self.outputTokensPerSecond = outputTokensPerSecond
    self.ttftSeconds = ttftSeconds
    self.tpotSeconds = tpotSeconds
    self.requestsPerSecond = requestsPerSecond
    self.concurrency = concurrency
    self.remarks = remarks
  }
}

/// What the command line says of imported runs: the configuration no result file states, and
/// values a file may lack.
///
/// A value given here fills only what a file does not say; one the file says differently is an
/// error naming both (``ImportedMeasurement/completed(with:format:)``).
public struct MeasurementCompletion: Sendable, Equatable {
  public var modelID: String
  public var gpuID: String
  public var precision: Precision
  public var kvPrecision: Precision?
  public var tensorParallel: Int
  /// GPUs the file's throughput covers; one replica (`tensorParallel`) when `nil`.
  public var gpus: Int?
  public var measuredOn: CalendarDate?
  public var inputTokens: Double?
  public var outputTokens: Double?
  public var concurrency: Int?
  /// Where the measurements come from: a file and tool, a report.
  public var source: String
  public var note: String?

  public init(
    modelID: String, gpuID: String, precision: Precision, kvPrecision: Precision? = nil,
    tensorParallel: Int, gpus: Int? = nil, measuredOn: CalendarDate? = nil,
    inputTokens: Double? = nil, outputTokens: Double? = nil, concurrency: Int? = nil,
    source: String, note: String? = nil
  ) {
    self.modelID = modelID
    self.gpuID = gpuID
    self.precision = precision
    self.kvPrecision = kvPrecision
    self.tensorParallel = tensorParallel
    self.gpus = gpus
    self.measuredOn = measuredOn
    self.inputTokens = inputTokens
    self.outputTokens = outputTokens
    self.concurrency = concurrency
    self.source = source
    self.note = note
  }
}

extension ImportedMeasurement {
  /// The measurement the run and the command line say together.
  ///
  /// The note keeps the tool's model name and the file's remarks, then the command line's
  /// note; the source names the run's line in a file of several.
  ///
  /// - Parameters:
  ///   - given: What the command line says (`--date`, `--input-tokens`, …).
  ///   - format: The file's format, for messages.
  /// - Returns: The complete measurement, not yet validated.
  /// - Throws: ``EngineError/missingInput(option:reason:)`` for a date or token length neither
  ///   gives; ``EngineError/invalidQuantity(field:value:reason:)`` naming the flag, its value
  ///   and the file's when the two differ.
  public func completed(with given: MeasurementCompletion, format: MeasurementFormat) throws
    -> ServingMeasurement
  {
    let run = line.map { " (line \($0))" } ?? ""
    func merge<Value: Equatable>(
      _ file: Value?, _ flag: Value?, _ option: String, _ text: (Value) -> String,
      same: (Value, Value) -> Bool = { $0 == $1 }
    ) throws -> Value? {
      guard let file, let flag else { return file ?? flag }
      guard same(file, flag) else {
        throw EngineError.invalidQuantity(
          field: option, value: text(flag),
          reason: "the file says \(text(file))\(run); a flag only fills what the file does not say")
      }
      return file
    }
    func tokens(_ file: Double?, _ flag: Double?, _ option: String) throws -> Double {
      let close: (Double, Double) -> Bool = { abs($0 - $1) <= 1e-9 * max(abs($0), abs($1)) }
      let number: (Double) -> String = { HumanFormat.significant($0, digits: 6) }
      guard let value = try merge(file, flag, option, number, same: close) else {
        throw EngineError.missingInput(
          option: option,
          reason:
            "\(format.fileDescription) gives no token lengths; give --input-tokens and "
            + "--output-tokens, the run's mean prompt and output tokens per request")
      }
      return value
    }
    let inputTokens = try tokens(self.inputTokens, given.inputTokens, "--input-tokens")
    let outputTokens = try tokens(self.outputTokens, given.outputTokens, "--output-tokens")
    guard
      let measuredOn = try merge(self.measuredOn, given.measuredOn, "--date", \.description)
    else {
      throw EngineError.missingInput(
        option: "--date", reason: "\(format.fileDescription) gives no date; give the day of the run"
      )
    }
    let concurrency = try merge(self.concurrency, given.concurrency, "--concurrency", String.init)
    let notes =
      (modelName.map { ["model \($0)"] } ?? []) + remarks + (given.note.map { [$0] } ?? [])
    return ServingMeasurement(
      modelID: given.modelID, gpuID: given.gpuID, precision: given.precision,
      kvPrecision: given.kvPrecision, tensorParallel: given.tensorParallel, gpus: given.gpus,
      concurrency: concurrency, inputTokens: inputTokens, outputTokens: outputTokens,
      outputTokensPerSecond: outputTokensPerSecond, ttftSeconds: ttftSeconds,
      tpotSeconds: tpotSeconds, requestsPerSecond: requestsPerSecond, measuredOn: measuredOn,
      source: given.source + (line.map { ", line \($0)" } ?? ""),
      note: notes.isEmpty ? nil : notes.joined(separator: "; "))
  }
}

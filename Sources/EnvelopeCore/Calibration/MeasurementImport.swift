/// Reading benchmark tools' result files: text in, the runs they hold out.
///
/// Each format is read to its tool's documented schema, the keys named in
/// ``MeasurementFormat``'s cases; `Tests/EnvelopeCoreTests/Fixtures/measurements/README.md`
/// says where each comes from. Latencies are converted to seconds. A latency the tool writes
/// as 0 because it could not measure it (vLLM's mean TTFT without streaming, its mean TPOT
/// when no request produced two tokens) reads as not measured.
public enum MeasurementImport {
  /// The runs a result file holds.
  ///
  /// - Parameters:
  ///   - text: The file's text.
  ///   - format: The tool that wrote it.
  /// - Returns: One run for vLLM, MLPerf and GenAI-Perf files; one per line for SGLang's JSON
  ///   lines.
  /// - Throws: ``EngineError/unreadableFile(expected:reason:)`` for an empty file, text that is
  ///   not the format (saying which format it looks like, when it looks like one), invalid
  ///   JSON (with its line and column), or a required field missing or out of range (naming
  ///   the field, and the line of a run in JSON lines).
  public static func runs(in text: String, format: MeasurementFormat) throws
    -> [ImportedMeasurement]
  {
    // A byte-order mark, as some editors on Windows write, is not part of the text.
    let text = text.first == "\u{FEFF}" ? String(text.dropFirst()) : text
    let reader = FileReader(text: text, format: format)
    guard text.contains(where: { !$0.isWhitespace }) else {
      throw reader.unreadable("the file is empty")
    }
    switch format {
    case .vllm:
      return [try servingRun(try reader.object(text, line: nil), line: nil)]
    case .sglang:
      var runs: [ImportedMeasurement] = []
      for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        .enumerated() where line.contains(where: { !$0.isWhitespace })
      {
        runs.append(
          try servingRun(try reader.object(String(line), line: index + 1), line: index + 1))
      }
      return runs
    case .mlperf:
      return [try loadGenSummary(text, reader: reader)]
    case .genaiPerf:
      return [try profileExport(try reader.object(text, line: nil))]
    }
  }

  /// A vLLM `--save-result` object or one SGLang run: totals over the run, latencies in ms.
  static func servingRun(_ run: Fields, line: Int?) throws -> ImportedMeasurement {
    try run.requireSignature("output_throughput")
    let throughput = try run.positive("output_throughput")
    let completed = try run.positive("completed")
    let date = try run.string("date").map { text in
      guard let date = calendarDate(fromToolDate: text) else {
        throw run.invalid("date", "'\(text)'", expected: "a date like 20250115-143000")
      }
      return date
    }
    return ImportedMeasurement(
      line: line, modelName: try run.string("model_id"), measuredOn: date,
      inputTokens: try run.positive("total_input_tokens") / completed,
      outputTokens: try run.positive("total_output_tokens") / completed,
      outputTokensPerSecond: throughput,
      ttftSeconds: try run.measured("mean_ttft_ms").map { $0 / 1e3 },
      tpotSeconds: try run.measured("mean_tpot_ms").map { $0 / 1e3 },
      requestsPerSecond: try run.measured("request_throughput"),
      concurrency: try run.wholeNumber("max_concurrency"))
  }

  /// vLLM's `date`, `YYYYMMDD-HHMMSS` as `datetime.strftime("%Y%m%d-%H%M%S")` writes it, or an
  /// ISO 8601 date or time.
  static func calendarDate(fromToolDate text: String) -> CalendarDate? {
    let characters = Array(text)
    if characters.count >= 8, characters[..<8].allSatisfy({ $0.isASCII && $0.isNumber }),
      characters.count == 8 || characters[8] == "-"
    {
      let digits = String(characters[..<8])
      let iso = "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))"
      return try? CalendarDate.parse(iso)
    }
    return try? CalendarDate.parse(String(characters.prefix(10)))
  }

  /// A GenAI-Perf profile export: each metric an object of statistics (`avg`, `p50`, …) with
  /// its `unit`, and the command line under `input_config`.
  static func profileExport(_ export: Fields) throws -> ImportedMeasurement {
    try export.requireSignature("output_token_throughput")
    func average(_ metric: String) throws -> Double {
      try export.object(metric).positive("avg", numericStrings: true)
    }
    func seconds(_ metric: String) throws -> Double? {
      guard let statistics = try export.optionalObject(metric),
        let value = try statistics.measured("avg", numericStrings: true)
      else { return nil }
      let scales: [String: Double] = ["s": 1, "sec": 1, "ms": 1e-3, "us": 1e-6, "ns": 1e-9]
      let unit = try statistics.string("unit") ?? "ms"
      guard let scale = scales[unit] else {
        throw statistics.invalid("unit", "'\(unit)'", expected: "ms, us, ns or s")
      }
      return value * scale
    }
    let configuration = try export.optionalObject("input_config")
    var model: String?
    switch configuration?.value("model") {
    case .array(let names)?:
      if case .string(let name)? = names.first { model = name }
    default: model = try configuration?.string("model")
    }
    let throughput = try average("output_token_throughput")
    return ImportedMeasurement(
      modelName: model, inputTokens: try average("input_sequence_length"),
      outputTokens: try average("output_sequence_length"),
      outputTokensPerSecond: throughput,
      ttftSeconds: try seconds("time_to_first_token"),
      tpotSeconds: try seconds("inter_token_latency"),
      requestsPerSecond: try export.optionalObject("request_throughput")?.measured(
        "avg", numericStrings: true),
      concurrency: try configuration?.wholeNumber("concurrency"))
  }

  /// An MLPerf LoadGen `mlperf_log_summary.txt`: `key : value` lines under the
  /// `MLPerf Results Summary` banner, latencies in nanoseconds.
  static func loadGenSummary(_ text: String, reader: FileReader) throws -> ImportedMeasurement {
    guard text.contains("MLPerf Results Summary") else {
      throw reader.unreadable(
        "found \(reader.describeText()), without the 'MLPerf Results Summary' banner")
    }
    var values: [String: String] = [:]
    for line in text.split(whereSeparator: \.isNewline) {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let key = String(line[..<colon].trimmedWhitespace)
      if values[key] == nil {
        values[key] = String(line[line.index(after: colon)...].trimmedWhitespace)
      }
    }
    func number(_ key: String) throws -> Double? {
      guard let text = values[key] else { return nil }
      guard let value = Double(text), value.isFinite, value > 0 else {
        throw reader.unreadable("'\(key)' is '\(text)'; expected a number above 0")
      }
      return value
    }
    if let mode = values["Mode"], mode != "PerformanceOnly" {
      throw reader.unreadable(
        "it is a \(mode) run, which measures no throughput; import the performance run's summary")
    }
    guard let scenario = values["Scenario"] else { throw reader.unreadable("it has no 'Scenario'") }
    let (tokensKey, samplesKey): (String, String)
    switch scenario {
    case "Offline": (tokensKey, samplesKey) = ("Tokens per second", "Samples per second")
    case "Server":
      (tokensKey, samplesKey) = ("Completed tokens per second", "Completed samples per second")
    default:
      throw reader.unreadable(
        "the \(scenario) scenario reports latency, not the system's throughput; import an "
          + "Offline or Server run")
    }
    guard let tokensPerSecond = try number(tokensKey) else {
      if values[tokensKey + " (inferred)"] != nil {
        throw reader.unreadable(
          "its '\(tokensKey) (inferred)' is samples times an assumed length, not measured tokens")
      }
      throw reader.unreadable("it has no '\(tokensKey)'")
    }
    let ttft = try number("Mean First Token latency (ns)")
    let tpot =
      try number("Mean Time to Output Token (ns)") ?? number("Mean Time per Output Token (ns)")
    return ImportedMeasurement(
      outputTokensPerSecond: tokensPerSecond, ttftSeconds: ttft.map { $0 / 1e9 },
      tpotSeconds: tpot.map { $0 / 1e9 }, requestsPerSecond: try number(samplesKey),
      remarks: ["MLPerf \(scenario) scenario, result \(values["Result is"] ?? "not stated")"])
  }
}

/// A file being read as one format, and how its errors are worded.
struct FileReader {
  let text: String
  let format: MeasurementFormat

  /// The error for this file: the reason, and the format the text looks like when it is
  /// another.
  func unreadable(_ reason: String) -> EngineError {
    var hint = ""
    if let other = MeasurementFormat.recognise(text), other != format {
      hint = "; it looks like \(other.fileDescription): try --from \(other.rawValue)"
    }
    return .unreadableFile(expected: format.fileDescription, reason: reason + hint)
  }

  /// The text as a message describes it: its first line, shortened.
  func describeText() -> String {
    let line = text.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) }
    let first = line.map { String($0.trimmedWhitespace) } ?? ""
    return "text starting '\(first.count > 40 ? first.prefix(40) + "…" : first)'"
  }

  /// The JSON object `text` holds: the whole file, or one line of JSON lines.
  ///
  /// - Parameters:
  ///   - text: The JSON text.
  ///   - line: Its line in the file, for a line of JSON lines.
  /// - Returns: The object's members, read with errors that name them (and the line).
  /// - Throws: ``EngineError/unreadableFile(expected:reason:)`` for text that is not JSON or
  ///   not an object.
  func object(_ text: String, line: Int?) throws -> Fields {
    let prefix = line.map { "line \($0): " } ?? ""
    let fail = { (reason: String) in self.unreadable(prefix + reason) }
    guard let first = text.first(where: { !$0.isWhitespace }), first == "{" || first == "[" else {
      throw fail("found \(FileReader(text: text, format: format).describeText()), not JSON")
    }
    let value: JSONValue
    do {
      value = try JSONValue(parsing: text)
    } catch var error as JSONSyntaxError {
      if let line { error.line = line }
      throw fail(error.description)
    }
    guard case .object(let members) = value else {
      throw fail("found \(Fields.describe(value)), not a JSON object")
    }
    return Fields(members: members, path: "", fail: fail)
  }
}

/// The members of a JSON object in a result file, read with errors that name them.
struct Fields {
  let members: [(String, JSONValue)]
  /// The object's own name and a dot (`time_to_first_token.`), empty at the top level.
  let path: String
  let fail: (String) -> EngineError

  /// A value for messages: `a string "abc"`, `null`, `an array`.
  static func describe(_ value: JSONValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .integer(let integer): return String(integer)
    case .number(let number): return HumanFormat.significant(number, digits: 6)
    case .string(let text): return "a string \(JSONValue.string(text).serialized())"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  /// The member `key`; `nil` when absent or null.
  func value(_ key: String) -> JSONValue? {
    guard let value = members.first(where: { $0.0 == key })?.1, value != .null else { return nil }
    return value
  }

  func invalid(_ key: String, _ found: String, expected: String) -> EngineError {
    fail("'\(path)\(key)' is \(found); expected \(expected)")
  }

  /// Refuses an object without the member every file of the format has, listing its keys.
  func requireSignature(_ key: String) throws {
    guard value(key) == nil else { return }
    let keys = members.map(\.0)
    let listed = keys.prefix(6).joined(separator: ", ") + (keys.count > 6 ? ", …" : "")
    throw fail(
      keys.isEmpty
        ? "found an empty JSON object, without '\(key)'"
        : "found a JSON object without '\(key)' (its keys: \(listed))")
  }

  /// A number, or `nil` when absent or null.
  func number(_ key: String, numericStrings: Bool = false) throws -> Double? {
    switch value(key) {
    case nil: return nil
    case .integer(let integer)?: return Double(integer)
    case .number(let number)?: return number
    case .string(let text)? where numericStrings && Double(text) != nil: return Double(text)
    case let other?: throw invalid(key, Self.describe(other), expected: "a number")
    }
  }

  /// A required number above 0.
  func positive(_ key: String, numericStrings: Bool = false) throws -> Double {
    guard let value = try number(key, numericStrings: numericStrings) else {
      throw fail("it has no '\(path)\(key)'")
    }
    guard value.isFinite, value > 0 else {
      throw invalid(key, Self.describe(.number(value)), expected: "a number above 0")
    }
    return value
  }

  /// An optional measured figure: `nil` when absent, null or 0 (not measured).
  func measured(_ key: String, numericStrings: Bool = false) throws -> Double? {
    guard let value = try number(key, numericStrings: numericStrings), value != 0 else {
      return nil
    }
    guard value.isFinite, value > 0 else {
      throw invalid(key, Self.describe(.number(value)), expected: "a number above 0")
    }
    return value
  }

  /// A whole number of at least 1, or `nil` when absent, null or 0 (not set).
  func wholeNumber(_ key: String) throws -> Int? {
    guard let value = try number(key), value != 0 else { return nil }
    guard value >= 1, value <= 1e15, value.rounded() == value else {
      throw invalid(key, Self.describe(.number(value)), expected: "a whole number of at least 1")
    }
    return Int(value)
  }

  /// A string, or `nil` when absent or null.
  func string(_ key: String) throws -> String? {
    switch value(key) {
    case nil: return nil
    case .string(let text)?: return text
    case let other?: throw invalid(key, Self.describe(other), expected: "a string")
    }
  }

  /// A nested object, or `nil` when absent or null.
  func optionalObject(_ key: String) throws -> Fields? {
    switch value(key) {
    case nil: return nil
    case .object(let members)?: return Fields(members: members, path: path + key + ".", fail: fail)
    case let other?: throw invalid(key, Self.describe(other), expected: "an object")
    }
  }

  /// A required nested object.
  func object(_ key: String) throws -> Fields {
    guard let object = try optionalObject(key) else { throw fail("it has no '\(path)\(key)'") }
    return object
  }
}

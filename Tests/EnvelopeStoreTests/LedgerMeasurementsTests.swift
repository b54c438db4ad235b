import EnvelopeCore
import Foundation
import GRDB
import Testing

@testable import EnvelopeStore

struct LedgerMeasurementsTests {
  /// Where a test's ledger lives: in memory, or in a file of a temporary folder.
  enum Storage: String, CaseIterable, CustomTestStringConvertible {
    case memory, file
    var testDescription: String { rawValue }

    /// A new ledger whose clock stands at 2027-01-15T08:00:00Z.
    func ledger(in folder: TemporaryFolder) throws -> Ledger {
      let clock: @Sendable () -> UTCTimestamp = { UTCTimestamp(secondsSince1970: 1_800_000_000) }
      switch self {
      case .memory: return try Ledger.inMemory(clock: clock)
      case .file: return try Ledger(path: folder.path("ledger.sqlite"), clock: clock)
      }
    }
  }

  /// Llama 3.1 8B at FP8 on two H100s (one replica of two), as a benchmark might report it.
  static func measurement(
    model: String = "llama-3.1-8b", gpu: String = "h100-sxm", precision: Precision = .fp8,
    tensorParallel: Int = 2, gpus: Int? = nil, outputTokensPerSecond: Double = 9_000,
    date: String = "2027-01-10"
  ) throws -> ServingMeasurement {
    ServingMeasurement(
      modelID: model, gpuID: gpu, precision: precision, kvPrecision: .fp8,
      tensorParallel: tensorParallel, gpus: gpus, concurrency: 64, inputTokens: 1_024,
      outputTokens: 256, outputTokensPerSecond: outputTokensPerSecond, ttftSeconds: 0.12,
      tpotSeconds: 0.018, requestsPerSecond: 35, measuredOn: try .parse(date),
      source: "vllm benchmark_serving", note: "random dataset")
  }

  @Test(arguments: Storage.allCases)
  func measurementsRoundTrip(storage: Storage) throws {
    let folder = try TemporaryFolder()
    let ledger = try storage.ledger(in: folder)
    let first = try Self.measurement()
    var second = try Self.measurement(model: "llama-3.1-70b", tensorParallel: 4, gpus: 8)
    second.batch = 256
    second.concurrency = nil
    second.kvPrecision = nil
    second.ttftSeconds = nil
    second.note = nil
    let recorded = try ledger.recordMeasurements([first, second])
    #expect(recorded.map(\.id) == [1, 2])
    #expect(recorded.map(\.measurement) == [first, second])
    #expect(recorded.allSatisfy { $0.recordedAt == "2027-01-15T08:00:00Z" })
    #expect(recorded.allSatisfy { $0.supersedes == nil && $0.supersededBy == nil })
    #expect(try ledger.measurements() == recorded)
    #expect(try ledger.measurement(id: 2) == recorded[1])
    #expect(try ledger.measurementCount() == 2)
    // The view divides the throughput by the GPUs it covers: 9,000 over 8 GPUs.
    let perGPU = try ledger.sqliteWriter().read { db in
      try Double.fetchAll(
        db,
        sql: "SELECT output_tokens_per_second_per_gpu FROM current_measurements ORDER BY id")
    }
    #expect(perGPU == [4_500, 1_125])
    let stored = try ledger.sqliteWriter().read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM measurements WHERE id = 2")
    }
    #expect(stored?["envelope_version"] == EnvelopeVersion.current)
    #expect(stored?["batch"] == 256)
    #expect(stored?["kv_precision"] as String? == nil)
    #expect(throws: StoreError.unknown(kind: "measurement", id: "3", suggestions: [])) {
      try ledger.measurement(id: 3)
    }
  }

  @Test func listsFilterByModelGPUAndPrecision() throws {
    let ledger = try Ledger.inMemory()
    try ledger.recordMeasurements([
      try Self.measurement(),
      try Self.measurement(precision: .bf16),
      try Self.measurement(gpu: "h200"),
      try Self.measurement(model: "llama-3.1-70b", tensorParallel: 4),
    ])
    #expect(try ledger.measurements(modelID: "llama-3.1-8b").map(\.id) == [1, 2, 3])
    #expect(try ledger.measurements(gpuID: "h100-sxm").map(\.id) == [1, 2, 4])
    #expect(try ledger.measurements(precision: .fp8).map(\.id) == [1, 3, 4])
    #expect(
      try ledger.measurements(modelID: "llama-3.1-8b", gpuID: "h100-sxm", precision: .fp8)
        .map(\.id) == [1])
    #expect(
      throws: StoreError.unknown(
        kind: "model", id: "llama-3.1-8",
        suggestions: ["llama-3.1-8b", "llama-3.1-70b", "llama-3.2-1b"])
    ) { try ledger.measurements(modelID: "llama-3.1-8") }
    do {
      _ = try ledger.measurements(gpuID: "h100")
      Issue.record("an unknown GPU was not refused")
    } catch StoreError.unknown(let kind, let id, let suggestions) {
      #expect(kind == "GPU" && id == "h100")
      #expect(suggestions.contains("h100-sxm"))
    }
  }

  /// An import of three runs records three measurements or none.
  @Test func recordingIsAllOrNothing() throws {
    let ledger = try Ledger.inMemory()
    let good = try Self.measurement()
    #expect(throws: StoreError.self) {
      try ledger.recordMeasurements([good, good, try Self.measurement(model: "llama-9-8b")])
    }
    #expect(try ledger.measurementCount() == 0)
    // Six GPUs are not whole replicas of four: refused before anything is written.
    let uneven = try Self.measurement(tensorParallel: 4, gpus: 6)
    #expect(
      throws: EngineError.outOfRange(
        field: "gpus", value: "6", reason: "must be a whole number of replicas of 4 GPUs")
    ) { try ledger.recordMeasurements([good, uneven]) }
    #expect(try ledger.measurementCount() == 0)
    try ledger.recordMeasurements([good])
    #expect(try ledger.measurements().map(\.id) == [1])
  }

  @Test func unknownAndRetiredModelsAndGPUsAreRefused() throws {
    let ledger = try Ledger.inMemory()
    do {
      try ledger.recordMeasurements([try Self.measurement(model: "llama-3.1-8")])
      Issue.record("an unknown model was recorded")
    } catch let error as StoreError {
      #expect(error.description.hasPrefix("no model 'llama-3.1-8'; did you mean 'llama-3.1-8b'"))
    }
    // The GPU scenario seed-chat uses is retired, not deleted, by 'remove'.
    #expect(
      try ledger.remove(GPUProfile.self, id: "a100-80gb")
        == .retired(referencedBy: "scenarios seed-chat"))
    #expect(throws: StoreError.retired(kind: "GPU", id: "a100-80gb")) {
      try ledger.recordMeasurements([
        try Self.measurement(gpu: "a100-80gb", precision: .fp16, tensorParallel: 1)
      ])
    }
    #expect(try ledger.measurementCount() == 0)
  }

  @Test func aMeasuredGPUOrModelIsRetiredNotDeleted() throws {
    let ledger = try Ledger.inMemory()
    try ledger.recordMeasurements([try Self.measurement(gpu: "h200"), try Self.measurement()])
    #expect(
      try ledger.remove(GPUProfile.self, id: "h200") == .retired(referencedBy: "1 measurements"))
    #expect(
      try ledger.remove(ModelProfile.self, id: "llama-3.1-8b")
        == .retired(referencedBy: "2 measurements"))
    #expect(try ledger.measurements(gpuID: "h200").count == 1)
    #expect(try ledger.remove(GPUProfile.self, id: "t4") == .deleted)
  }

  @Test func aCorrectionSupersedesOnce() throws {
    let ledger = try Ledger.inMemory()
    try ledger.recordMeasurements([try Self.measurement(), try Self.measurement(gpu: "h200")])
    let corrected = try Self.measurement(outputTokensPerSecond: 8_500)
    let correction = try ledger.supersedeMeasurement(
      id: 1, with: corrected, reason: "the run counted the warm-up")
    #expect(correction.id == 3)
    #expect(correction.supersedes == 1)
    #expect(correction.reason == "the run counted the warm-up")
    #expect(correction.measurement == corrected)
    #expect(try ledger.measurements().map(\.id) == [2, 3])
    let all = try ledger.measurements(includeSuperseded: true)
    #expect(all.map(\.id) == [1, 2, 3])
    #expect(all[0].supersededBy == 3)
    #expect(all[0].isSuperseded)
    #expect(try ledger.measurement(id: 1).supersededBy == 3)
    let current = try ledger.sqliteWriter().read { db in
      try Int64.fetchAll(db, sql: "SELECT id FROM current_measurements ORDER BY id")
    }
    #expect(current == [2, 3])
    #expect(
      throws: StoreError.refused(
        reason: "measurement 1 is already superseded by measurement 3; supersede 3")
    ) { try ledger.supersedeMeasurement(id: 1, with: corrected, reason: "again") }
    #expect(throws: StoreError.unknown(kind: "measurement", id: "9", suggestions: [])) {
      try ledger.supersedeMeasurement(id: 9, with: corrected, reason: "no such")
    }
    #expect(
      throws: StoreError.invalid(field: "reason", value: " ", reason: "a correction needs a reason")
    ) { try ledger.supersedeMeasurement(id: 2, with: corrected, reason: " ") }
    #expect(try ledger.measurementCount() == 3)
  }

  @Test func measurementsAreImmutableWhoeverTries() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("ledger.sqlite")
    let ledger = try Ledger(path: path)
    try ledger.recordMeasurements([try Self.measurement()])
    for sql in [
      "UPDATE measurements SET output_tokens_per_second = 1", "DELETE FROM measurements",
    ] {
      do {
        try ledger.sqliteWriter().write { try $0.execute(sql: sql) }
        Issue.record("\(sql) was not refused")
      } catch let error as DatabaseError {
        #expect(error.message?.hasPrefix("measurements are immutable") == true)
      }
    }
    let tool = Process()
    tool.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    tool.arguments = ["sqlite3", path, "DELETE FROM measurements"]
    tool.standardError = Pipe()
    try tool.run()
    tool.waitUntilExit()
    #expect(tool.terminationStatus != 0)
    #expect(try ledger.measurements().map(\.measurement) == [try Self.measurement()])
  }

  @Test func aPrecisionThisEnvelopeDoesNotKnowIsRefusedNotMisread() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("ledger.sqlite")
    let ledger = try Ledger(path: path)
    try ledger.recordMeasurements([try Self.measurement()])
    try LedgerActualsTests.sqlite3(
      path,
      """
      PRAGMA ignore_check_constraints = ON;
      INSERT INTO measurements (recorded_at, measured_on, model_id, gpu_id, precision,
        tensor_parallel, gpus, input_tokens, output_tokens, output_tokens_per_second,
        envelope_version)
      VALUES ('2027-02-01T09:00:00Z', '2027-02-01', 'llama-3.1-8b', 'b200', 'fp4', 1, 1, 100,
        100, 20000, '9.0.0');
      """)
    let unreadable = StoreError.unreadable(
      table: "measurements", id: 2, column: "precision", value: "fp4")
    #expect(throws: unreadable) { try ledger.measurements() }
    #expect(try ledger.measurement(id: 1).id == 1)
  }
}

import EnvelopeCore
import Foundation
import GRDB
import Testing

@testable import EnvelopeStore

struct LedgerCalibrationsTests {
  static let factors = CalibrationFactors(
    bandwidthEfficiency: 0.78, kvCacheBandwidthEfficiency: 0.62, computeEfficiency: 0.55,
    prefillEfficiency: 0.6, stepOverheadSeconds: 0.002)

  /// A fit as the calibration command would hand it over; id, time stamp and version are the
  /// ledger's to assign.
  static func calibration(
    gpu: String = "h100-sxm", model: String? = "llama-3.1-8b", precision: Precision? = .fp8,
    note: String? = nil
  ) -> Calibration {
    Calibration(
      id: 99, recordedAt: "1999-01-01T00:00:00Z", gpuID: gpu, modelID: model,
      precision: precision, factors: factors, measurementCount: 3, errorBefore: 0.31,
      errorAfter: 0.07,
      residuals: [
        CalibrationResidual(
          measurementID: 1, figure: "output_tokens_per_second_per_gpu", measured: 4_500,
          before: 0.35, after: 0.05),
        CalibrationResidual(
          measurementID: 1, figure: "tpot_seconds", measured: 0.018, before: -0.2, after: 0.01),
      ],
      envelopeVersion: "0.0.1", note: note)
  }

  @Test func calibrationsRoundTrip() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(
      path: folder.path("ledger.sqlite"),
      clock: { UTCTimestamp(secondsSince1970: 1_800_000_000) })
    let given = Self.calibration(note: "three runs of vllm 0.9")
    let recorded = try ledger.recordCalibration(given)
    var expected = given
    expected.id = 1
    expected.recordedAt = "2027-01-15T08:00:00Z"
    expected.envelopeVersion = EnvelopeVersion.current
    #expect(recorded == expected)
    #expect(try ledger.calibration(id: 1) == expected)
    let pooled = try ledger.recordCalibration(Self.calibration(model: nil, precision: nil))
    #expect(pooled.id == 2)
    #expect(pooled.modelID == nil && pooled.precision == nil)
    #expect(try ledger.calibrations() == [recorded, pooled])
    #expect(try ledger.calibrations(gpuID: "h100-sxm", modelID: "llama-3.1-8b") == [recorded])
    #expect(try ledger.calibrations(gpuID: "h200").isEmpty)
    #expect(throws: StoreError.unknown(kind: "calibration", id: "3", suggestions: [])) {
      try ledger.calibration(id: 3)
    }
    // The columns hold the documented JSON, for SQL users.
    let row = try ledger.sqliteWriter().read { db in
      try Row.fetchOne(
        db,
        sql: """
          SELECT json_extract(factors, '$.kv_cache_bandwidth_efficiency') AS kv,
            json_extract(factors, '$.step_overhead_seconds') AS overhead,
            json_extract(residuals, '$[1].figure') AS figure,
            json_extract(residuals, '$[0].measurement_id') AS measurement, measurements
          FROM calibrations WHERE id = 1
          """)
    }
    #expect(row?["kv"] == 0.62)
    #expect(row?["overhead"] == 0.002)
    #expect(row?["figure"] == "tpot_seconds")
    #expect(row?["measurement"] == 1)
    #expect(row?["measurements"] == 3)
  }

  /// A calibration a version before the communication efficiency recorded (its factors' JSON
  /// without the key) reads with 1, the catalogue's all-reduces, and its row keeps its bytes.
  @Test func aCalibrationRecordedBeforeTheCommunicationEfficiencyReadsWithOne() throws {
    let ledger = try Ledger.inMemory()
    let old =
      #"{"bandwidth_efficiency":0.78,"kv_cache_bandwidth_efficiency":0.62,"#
      + #""compute_efficiency":0.55,"prefill_efficiency":0.6,"step_overhead_seconds":0.002}"#
    try ledger.sqliteWriter().write { db in
      try db.execute(
        sql: """
          INSERT INTO calibrations (recorded_at, gpu_id, model_id, precision, factors,
            measurements, error_before, error_after, residuals, envelope_version)
          VALUES ('2026-11-29T10:00:00Z', 'h100-sxm', 'llama-3.1-8b', 'fp8', ?, 1, 0.3, 0.1,
            '[]', '0.9.0')
          """, arguments: [old])
    }
    let read = try ledger.calibration(id: 1)
    #expect(read.factors == Self.factors)
    #expect(read.factors.communicationEfficiency == 1)
    let stored = try ledger.sqliteWriter().read { db in
      try String.fetchOne(db, sql: "SELECT factors FROM calibrations WHERE id = 1")
    }
    #expect(stored == old)
    // One recorded now writes the factor, for SQL users.
    var moved = Self.calibration()
    moved.factors.communicationEfficiency = 0.6
    try ledger.recordCalibration(moved)
    let written = try ledger.sqliteWriter().read { db in
      try Double.fetchOne(
        db,
        sql: "SELECT json_extract(factors, '$.communication_efficiency') FROM calibrations"
          + " WHERE id = 2")
    }
    #expect(written == 0.6)
  }

  /// The latest calibration that applies wins, whether fitted to the model or pooled over
  /// models, to the precision or to every one; the rule is `Calibration.applies`.
  @Test func theLatestCalibrationThatAppliesIsUsed() throws {
    let ledger = try Ledger.inMemory()
    let pooled = try ledger.recordCalibration(Self.calibration(model: nil, precision: nil))
    let eightFP8 = try ledger.recordCalibration(Self.calibration())
    let seventy = try ledger.recordCalibration(
      Self.calibration(model: "llama-3.1-70b", precision: nil))
    let pooledFP16 = try ledger.recordCalibration(Self.calibration(model: nil, precision: .fp16))
    let h200 = try ledger.recordCalibration(Self.calibration(gpu: "h200"))
    func latest(_ model: String, _ gpu: String, _ precision: Precision) throws -> Int64? {
      try ledger.latestCalibration(modelID: model, gpuID: gpu, precision: precision)?.id
    }
    #expect(try latest("llama-3.1-8b", "h100-sxm", .fp8) == eightFP8.id)
    #expect(try latest("llama-3.1-8b", "h100-sxm", .fp16) == pooledFP16.id)
    #expect(try latest("llama-3.1-8b", "h100-sxm", .bf16) == pooled.id)
    #expect(try latest("llama-3.1-70b", "h100-sxm", .fp8) == seventy.id)
    #expect(try latest("llama-3.1-70b", "h100-sxm", .fp16) == pooledFP16.id)
    #expect(try latest("qwen2.5-7b", "h100-sxm", .fp8) == pooled.id)
    #expect(try latest("llama-3.1-8b", "h200", .fp8) == h200.id)
    #expect(try latest("llama-3.1-8b", "h200", .bf16) == nil)
    #expect(try latest("llama-3.1-8b", "a100-80gb", .fp16) == nil)
    // The same choice as Calibration.applies makes, for every combination.
    let all = try ledger.calibrations()
    for model in ["llama-3.1-8b", "llama-3.1-70b", "qwen2.5-7b"] {
      for gpu in ["h100-sxm", "h200", "a100-80gb"] {
        for precision in Precision.allCases {
          let expected = all.filter {
            $0.applies(modelID: model, gpuID: gpu, precision: precision)
          }.map(\.id).max()
          #expect(try latest(model, gpu, precision) == expected, "\(model) \(gpu) \(precision)")
        }
      }
    }
  }

  @Test func calibrationsAreImmutableAndChecked() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("ledger.sqlite"))
    try ledger.recordCalibration(Self.calibration())
    for sql in ["UPDATE calibrations SET error_after = 0", "DELETE FROM calibrations"] {
      do {
        try ledger.sqliteWriter().write { try $0.execute(sql: sql) }
        Issue.record("\(sql) was not refused")
      } catch let error as DatabaseError {
        #expect(error.message?.hasPrefix("calibrations are immutable") == true)
      }
    }
    var broken = Self.calibration()
    broken.errorAfter = .nan
    #expect(
      throws: StoreError.invalid(
        field: "error_after", value: "nan", reason: "must be a finite number, not negative")
    ) { try ledger.recordCalibration(broken) }
    var none = Self.calibration()
    none.measurementCount = 0
    #expect(throws: StoreError.self) { try ledger.recordCalibration(none) }
    #expect(throws: StoreError.self) { try ledger.recordCalibration(Self.calibration(gpu: "h300")) }
    #expect(try ledger.calibrations().count == 1)
    // A GPU with a calibration, and no scenario or measurement, is retired, not deleted.
    #expect(
      try ledger.remove(GPUProfile.self, id: "h100-sxm") == .retired(referencedBy: "1 calibrations")
    )
  }
}

import EnvelopeCore
import Foundation
import GRDB
import Testing

@testable import EnvelopeStore

struct LedgerCatalogueTests {
  /// A clock that always reads `secondsSince1970`.
  static func clock(_ secondsSince1970: Int64) -> @Sendable () -> UTCTimestamp {
    { UTCTimestamp(secondsSince1970: secondsSince1970) }
  }

  @Test func aLedgerInMemoryIsMigratedLikeAFile() throws {
    let folder = try TemporaryFolder()
    let file = try Ledger(path: folder.path("ledger.sqlite"))
    let memory = try Ledger.inMemory()
    #expect(memory.path == ":memory:")
    #expect(try memory.schemaVersion() == file.schemaVersion())
    // Values only: each migration stamps the rows it writes with SQLite's clock, and the two
    // ledgers may be migrated in different seconds.
    #expect(
      try memory.items(GPUProfile.self).map(\.value) == file.items(GPUProfile.self).map(\.value))
    #expect(
      try memory.items(ModelProfile.self).map(\.value) == file.items(ModelProfile.self).map(\.value)
    )
    #expect(try memory.items(Scenario.self).map(\.value) == file.items(Scenario.self).map(\.value))
    #expect(try memory.check() == [])
    let (mode, foreignKeys) = try memory.sqliteWriter().read { db in
      (
        try String.fetchOne(db, sql: "PRAGMA journal_mode"),
        try Bool.fetchOne(db, sql: "PRAGMA foreign_keys")
      )
    }
    #expect(mode == "memory")
    #expect(foreignKeys == true)
  }

  @Test func theClockStampsCatalogueChangesAndMeasurements() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("ledger.sqlite")
    let monday = try Ledger(path: path, clock: Self.clock(1_800_000_000))
    let tuesday = try Ledger(path: path, clock: Self.clock(1_800_086_400))
    let wednesday = try Ledger(path: path, clock: Self.clock(1_800_172_800))

    var gpu = GPUProfile(id: "g1", name: "G1", peakFLOPS: [.fp16: 1e15])
    try monday.add(gpu)
    #expect(try monday.gpu("g1").updatedAt == "2027-01-15T08:00:00Z")
    gpu.pricePerHour = 2
    try tuesday.update(gpu)
    #expect(try monday.gpu("g1").updatedAt == "2027-01-16T08:00:00Z")

    #expect(try tuesday.remove(GPUProfile.self, id: "a100-80gb") != .deleted)
    let retired = try monday.gpu("a100-80gb")
    #expect(retired.retiredAt == "2027-01-16T08:00:00Z")
    try wednesday.importItems([retired.value, gpu])
    #expect(try monday.gpu("a100-80gb").updatedAt == "2027-01-17T08:00:00Z")
    #expect(try monday.gpu("a100-80gb").retiredAt == "2027-01-16T08:00:00Z")

    let actual = try wednesday.recordActual(
      scenarioID: "seed-chat", metric: .gpusRequired, value: 100,
      measuredOn: try .parse("2027-01-10"))
    #expect(actual.recordedAt == "2027-01-17T08:00:00Z")
    #expect(try monday.actuals() == [actual])
  }

  @Test func efficienciesInterconnectAndExpertsAreStoredAndReadBack() throws {
    let ledger = try Ledger.inMemory(clock: Self.clock(1_800_000_000))
    var gpu = GPUProfile(
      id: "g1", name: "G1", peakFLOPS: [.bf16: 1e15, .fp8: 2e15], matmulEfficiency: 0.8,
      fp8MatmulEfficiency: 0.7, bandwidthEfficiency: 0.9, interconnectBytesPerSecond: 450e9,
      efficiencySource: "our microbenchmarks")
    try ledger.add(gpu)
    #expect(try ledger.gpu("g1").value == gpu)
    gpu.matmulEfficiency = nil
    gpu.interconnectBytesPerSecond = 900e9
    gpu.efficiencySource = ""
    try ledger.update(gpu)
    #expect(try ledger.gpu("g1").value == gpu)

    var model = ModelProfile(
      id: "moe", name: "MoE", parameters: 47e9, activeParameters: 13e9, experts: 8,
      expertsPerToken: 2)
    try ledger.add(model)
    #expect(try ledger.model("moe").value == model)
    model.experts = 16
    model.expertsPerToken = 4
    #expect(try ledger.importItems([model]) == (added: 0, updated: 1))
    #expect(try ledger.model("moe").value == model)

    // The schema refuses what the engine refuses, whoever writes.
    for sql in [
      "UPDATE gpus SET matmul_efficiency = 1.5 WHERE id = 'g1'",
      "UPDATE gpus SET bandwidth_efficiency = 0 WHERE id = 'g1'",
      "UPDATE gpus SET interconnect_bytes_per_second = -1 WHERE id = 'g1'",
      "UPDATE models SET experts = 0 WHERE id = 'moe'",
    ] {
      #expect(throws: (any Error).self, "\(sql)") {
        try ledger.sqliteWriter().write { db in try db.execute(sql: sql) }
      }
    }
    #expect(try ledger.gpu("g1").value == gpu)
    #expect(try ledger.model("moe").value == model)
  }

  @Test func addUpdateImportAndRemoveWorkAlikeForEveryKind() throws {
    let ledger = try Ledger.inMemory(clock: Self.clock(1_800_000_000))
    let model = ModelProfile(id: "m1", name: "M1", parameters: 7e9)
    let gpu = GPUProfile(id: "g1", name: "G1", peakFLOPS: [.fp16: 1e15])
    var scenario = try ledger.scenario("seed-chat").value
    scenario.id = "s1"
    scenario.modelID = "m1"
    scenario.gpuID = "g1"
    #expect(throws: StoreError.unknown(kind: "model", id: "m1", suggestions: [])) {
      try ledger.add(scenario)
    }
    try ledger.add(model)
    try ledger.add(gpu)
    try ledger.add(scenario)
    #expect(throws: StoreError.duplicate(kind: "scenario", id: "s1")) { try ledger.add(scenario) }
    #expect(try ledger.importItems([model]) == (added: 0, updated: 1))
    #expect(try ledger.item(Scenario.self, id: "s1").value == scenario)

    // The scenario refers to the model and the GPU: removing them retires them.
    #expect(
      try ledger.remove(ModelProfile.self, id: "m1") == .retired(referencedBy: "scenarios s1"))
    #expect(throws: StoreError.retired(kind: "model", id: "m1")) { try ledger.update(scenario) }
    #expect(try ledger.remove(Scenario.self, id: "s1") == .deleted)
    #expect(try ledger.remove(ModelProfile.self, id: "m1") == .deleted)
    #expect(try ledger.remove(GPUProfile.self, id: "g1") == .deleted)
    #expect(
      try ledger.items(GPUProfile.self, includeRetired: true).allSatisfy { $0.value.id != "g1" })
  }
}

import EnvelopeCore
import Foundation
import GRDB
import Testing

@testable import EnvelopeStore

struct LedgerTests {
  static func entry(
    scenario: String? = "seed-chat", asOf: String = "2026-11-01", note: String? = nil,
    gpus: Int = 112, supersedes: Int64? = nil, reason: String? = nil, gpu: GPUProfile? = nil
  ) throws -> NewLedgerEntry {
    let snapshot = EntrySnapshot(
      kind: .serving, method: .seed,
      model: ModelProfile(id: "seed-3b", name: "Seed 3B", parameters: 3e9),
      gpu: gpu ?? GPUProfile(id: "a100-80gb", name: "A100", peakFLOPS: [.fp16: 312e12]),
      inputs: .seed(.seedExample))
    return NewLedgerEntry(
      asOf: try CalendarDate.parse(asOf), kind: .serving,
      scenarioID: scenario, method: .seed, envelopeVersion: EnvelopeVersion.current, note: note,
      supersedes: supersedes, supersedeReason: reason, snapshot: snapshot,
      figures: [
        Figure(.gpusRequired, .integer(gpus)), Figure(.storageBytesPerMonth, 75e12),
      ])
  }

  @Test func recordsAndReadsBack() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(
      path: folder.path("ledger.sqlite"), clock: { UTCTimestamp(secondsSince1970: 1_800_000_000) })
    let recorded = try ledger.record(try Self.entry(note: "first plan"))
    #expect(recorded.id == 1)
    #expect(recorded.recordedAt == "2027-01-15T08:00:00Z")
    #expect(recorded.figures[.gpusRequired] == .integer(112))
    #expect(recorded.number(.storageBytesPerMonth) == 75e12)
    #expect(recorded.note == "first plan")
    #expect(recorded.snapshot?.servingInputs == .seedExample)
    let stored = try ledger.sqliteWriter().read { db in
      try String.fetchOne(db, sql: "SELECT results FROM estimates WHERE id = 1")
    }
    #expect(stored == #"{"gpus_required":112,"storage_bytes_per_month":75000000000000}"#)
    #expect(try ledger.entry(1) == recorded)
    #expect(throws: StoreError.unknownEntry(id: 9)) { try ledger.entry(9) }
  }

  @Test func entriesAreImmutableWhoeverTries() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("ledger.sqlite")
    let ledger = try Ledger(path: path)
    try ledger.record(try Self.entry())
    let queue = try DatabaseQueue(path: path)
    #expect(throws: DatabaseError.self) {
      try queue.write { try $0.execute(sql: "UPDATE estimates SET gpus_required = 1") }
    }
    #expect(throws: DatabaseError.self) {
      try queue.write { try $0.execute(sql: "DELETE FROM estimates") }
    }
    try queue.close()
    // The sqlite3 command-line tool is refused as well.
    let tool = Process()
    tool.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    tool.arguments = ["sqlite3", path, "DELETE FROM estimates;"]
    tool.standardError = Pipe()
    try tool.run()
    tool.waitUntilExit()
    #expect(tool.terminationStatus != 0)
    #expect(try ledger.entryCount() == 1)
  }

  @Test func aCorrectionSupersedesOnce() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("ledger.sqlite"))
    let first = try ledger.record(try Self.entry())
    let second = try ledger.record(
      try Self.entry(gpus: 120, supersedes: first.id, reason: "wrong DAU"))
    #expect(try ledger.entry(first.id).supersededBy == second.id)
    #expect(try ledger.entries(currentOnly: true).map(\.id) == [second.id])
    #expect(throws: StoreError.self) {
      try ledger.record(try Self.entry(supersedes: first.id, reason: "again"))
    }
    #expect(throws: StoreError.unknownEntry(id: 99)) {
      try ledger.record(try Self.entry(supersedes: 99, reason: "none"))
    }
    let current = try ledger.sqliteWriter().read { db in
      try Int64.fetchAll(db, sql: "SELECT id FROM current_estimates")
    }
    #expect(current == [second.id])
  }

  @Test func snapshotsSurviveCatalogueEdits() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("ledger.sqlite"))
    var gpu = try ledger.gpu("a100-80gb").value
    let recorded = try ledger.record(try Self.entry(gpu: gpu))
    gpu.peakFLOPS[.fp16] = 1e15
    try ledger.update(gpu)
    #expect(try ledger.gpu("a100-80gb").value.peakFLOPS[.fp16] == 1e15)
    #expect(try ledger.entry(recorded.id).snapshot == recorded.snapshot)
    #expect(recorded.snapshot?.gpu.peakFLOPS[.fp16] == 312e12)
  }

  @Test func removingWhatEntriesReferToRetiresIt() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("ledger.sqlite"))
    try ledger.record(try Self.entry())
    #expect(
      try ledger.remove(Scenario.self, id: "seed-chat")
        == .retired(referencedBy: "1 ledger entries"))
    #expect(try !ledger.items(Scenario.self).contains { $0.value.id == "seed-chat" })
    #expect(try ledger.scenario("seed-chat").isRetired)
    #expect(try ledger.entries(scenarioID: "seed-chat").count == 1)
    #expect(
      try ledger.remove(GPUProfile.self, id: "a100-80gb")
        == .retired(referencedBy: "scenarios seed-chat"))
    #expect(try ledger.remove(GPUProfile.self, id: "t4") == .deleted)
    #expect(throws: StoreError.self) { try ledger.gpu("t4") }
    var scenario = try ledger.scenario("seed-chat").value
    scenario.description = "restored"
    #expect(throws: StoreError.retired(kind: "GPU", id: "a100-80gb")) {
      try ledger.update(scenario, restore: true)
    }
  }

  @Test func updatingOrImportingARetiredItemKeepsItRetired() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("ledger.sqlite"))
    try ledger.record(try Self.entry())
    // The entry refers to seed-chat, which runs seed-3b on a100-80gb: each is retired.
    _ = try ledger.remove(Scenario.self, id: "seed-chat")
    var scenario = try ledger.scenario("seed-chat").value
    scenario.description = "edited"
    try ledger.update(scenario)
    try ledger.importItems([scenario])
    #expect(try ledger.scenario("seed-chat").isRetired)
    #expect(try ledger.scenario("seed-chat").value.description == "edited")

    _ = try ledger.remove(ModelProfile.self, id: "seed-3b")
    var model = try ledger.model("seed-3b").value
    model.notes = "edited"
    try ledger.update(model)
    #expect(try ledger.model("seed-3b").isRetired)
    try ledger.importItems([model])
    #expect(try ledger.model("seed-3b").isRetired)
    #expect(try ledger.model("seed-3b").value.notes == "edited")

    _ = try ledger.remove(GPUProfile.self, id: "a100-80gb")
    var gpu = try ledger.gpu("a100-80gb").value
    gpu.pricePerHour = 1.5
    try ledger.update(gpu)
    #expect(try ledger.gpu("a100-80gb").isRetired)
    try ledger.importItems([gpu])
    #expect(try ledger.gpu("a100-80gb").isRetired)
    #expect(try ledger.gpu("a100-80gb").value.pricePerHour == 1.5)

    try ledger.update(gpu, restore: true)
    try ledger.update(model, restore: true)
    try ledger.update(scenario, restore: true)
    #expect(try !ledger.gpu("a100-80gb").isRetired)
    #expect(try !ledger.model("seed-3b").isRetired)
    #expect(try !ledger.scenario("seed-chat").isRetired)
  }

  @Test func unknownIdsSuggestTheClosest() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("ledger.sqlite"))
    do {
      _ = try ledger.gpu("a10")
      Issue.record("a10 found")
    } catch let error as StoreError {
      #expect(error.description.hasPrefix("no GPU 'a10'; did you mean 'a100-40gb' or 'a100-80gb'"))
    }
    #expect(throws: StoreError.duplicate(kind: "GPU", id: "h100-sxm")) {
      try ledger.add(GPUProfile(id: "h100-sxm", name: "dup", peakFLOPS: [.fp16: 1e15]))
    }
  }

  @Test func historyFiltersByScenarioAndDate() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("ledger.sqlite"))
    for date in ["2026-09-01", "2026-10-01", "2026-11-01"] {
      try ledger.record(try Self.entry(asOf: date))
    }
    try ledger.record(try Self.entry(scenario: nil, asOf: "2026-10-15"))
    let october = try ledger.entries(
      scenarioID: "seed-chat", since: try .parse("2026-10-01"), until: try .parse("2026-10-31"))
    #expect(october.map(\.asOf.description) == ["2026-10-01"])
    #expect(try ledger.entries().count == 4)
    #expect(try ledger.entries(limit: 2).map(\.asOf.description) == ["2026-10-15", "2026-11-01"])
  }

  @Test func checkIsEmptyOnAHealthyLedger() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("ledger.sqlite"))
    #expect(try ledger.check() == [])
  }
}

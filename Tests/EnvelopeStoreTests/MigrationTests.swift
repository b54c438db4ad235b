import EnvelopeCore
import Foundation
import GRDB
import Testing

@testable import EnvelopeStore

struct MigrationTests {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  @Test func embeddedCopyMatchesMigrationsFolder() throws {
    let folder = Self.packageRoot.appendingPathComponent("migrations")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".sql") }.sorted()
    #expect(files.count == Migration.embedded.count, "run `make migrations` after adding one")
    for (file, migration) in zip(files, Migration.embedded) {
      let data = try Data(contentsOf: folder.appendingPathComponent(file))
      let text = try #require(String(data: data, encoding: .utf8))
      #expect(file == String(format: "%04d_%@.sql", migration.version, migration.name))
      #expect(text == migration.sql, "\(file) differs from its embedded copy")
      #expect(try sha256(of: folder.appendingPathComponent(file).path) == migration.checksum)
    }
  }

  @Test func newLedgerHasTheShippedCatalogue() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("nested/folder/ledger.sqlite"))
    #expect(try ledger.schemaVersion() == (Migration.latestVersion, Migration.latestVersion))
    let a100 = try ledger.gpu("a100-80gb").value
    #expect(a100.peakFLOPS[.fp16] == 312e12)
    #expect(a100.peakFLOPS[.fp32] == 19.5e12)
    #expect(a100.peakFLOPS[.fp8] == nil)
    #expect(a100.memoryBytes == 80e9)
    #expect(try ledger.model("llama-3.2-3b").value.parameters == 3_212_749_824)
    #expect(try ledger.model("seed-3b").value.parameters == 3e9)
    #expect(try ledger.model("mixtral-8x7b").value.activeParameters == 12_879_925_248)
    let seedChat = try ledger.scenario("seed-chat").value
    #expect(seedChat.modelID == "seed-3b")
    #expect(seedChat.gpuID == "a100-80gb")
    #expect(seedChat.dailyActiveUsers == 100e6)
    // Every GPU and model of the reference folder ships, each with its source.
    let referenceGPUs = try referenceIDs("gpus.csv")
    #expect(Set(try ledger.items(GPUProfile.self).map(\.value.id)) == Set(referenceGPUs))
    let modelIDs = try referenceIDs("models.csv") + ["seed-3b"]
    #expect(Set(modelIDs) == Set(try ledger.items(ModelProfile.self).map(\.value.id)))
    #expect(try ledger.items(GPUProfile.self).allSatisfy { !$0.value.source.isEmpty })
    #expect(try ledger.items(ModelProfile.self).allSatisfy { !$0.value.source.isEmpty })
  }

  @Test func seedChatReproducesTheSeed() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("ledger.sqlite"))
    let scenario = try ledger.scenario("seed-chat").value
    let inputs = try scenario.servingInputs(
      model: try ledger.model(scenario.modelID).value, gpu: try ledger.gpu(scenario.gpuID).value)
    #expect(inputs == ServingInputs.seedExample)
    let estimate = try ServingEstimate(seed: inputs)
    #expect(estimate.gpusRequired == 112)
    #expect(estimate.storageBytesPerMonth == 75e12)
  }

  @Test(arguments: 1..<Migration.latestVersion)
  func migratesFromEachEarlierVersion(_ version: Int) throws {
    let folder = try TemporaryFolder()
    let path = folder.path("old.sqlite")
    try applyMigrations(upTo: version, at: path)
    let ledger = try Ledger(path: path)
    #expect(try ledger.schemaVersion().applied == Migration.latestVersion)
    #expect(try ledger.check().isEmpty)
    #expect(try ledger.scenario("seed-chat").value.id == "seed-chat")
  }

  @Test func refusesANewerSchemaUntouched() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("newer.sqlite")
    _ = try Ledger(path: path)
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      try db.execute(
        sql: "INSERT INTO envelope_migrations (version, name, checksum) VALUES (?, 'future', 'x')",
        arguments: [Migration.latestVersion + 1])
    }
    try queue.close()
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(
      throws: StoreError.newerSchema(
        path: path, version: Migration.latestVersion + 1, known: Migration.latestVersion)
    ) { try Ledger(path: path) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }

  @Test func refusesAnAlteredMigration() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("altered.sqlite")
    _ = try Ledger(path: path)
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      try db.execute(sql: "UPDATE envelope_migrations SET checksum = 'changed' WHERE version = 1")
    }
    try queue.close()
    #expect(throws: StoreError.checksumMismatch(path: path, version: 1, name: "initial")) {
      try Ledger(path: path)
    }
  }

  @Test func refusesOtherFilesUntouched() throws {
    let folder = try TemporaryFolder()
    let text = folder.path("notes.txt")
    try Data("not a database, just some text that is long enough to have a header".utf8)
      .write(to: URL(fileURLWithPath: text))
    #expect(throws: StoreError.notADatabase(path: text)) { try Ledger(path: text) }

    let other = folder.path("other.sqlite")
    let queue = try DatabaseQueue(path: other)
    try queue.write { db in try db.execute(sql: "CREATE TABLE invoices (id INTEGER)") }
    try queue.close()
    let before = try Data(contentsOf: URL(fileURLWithPath: other))
    #expect(throws: StoreError.notALedger(path: other)) { try Ledger(path: other) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == before)
  }

  @Test func missingFileIsNotCreatedWhenNotAsked() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("absent.sqlite")
    #expect(throws: StoreError.missingDatabase(path: path)) {
      try Ledger(path: path, create: false)
    }
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func connectionsUseWALAndForeignKeys() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("ledger.sqlite"))
    let (mode, foreignKeys, synchronous) = try ledger.writer.read { db in
      (
        try String.fetchOne(db, sql: "PRAGMA journal_mode"),
        try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"),
        try Int.fetchOne(db, sql: "PRAGMA synchronous")
      )
    }
    #expect(mode == "wal")
    #expect(foreignKeys == true)
    #expect(synchronous == 2)
  }

  // MARK: Helpers

  func applyMigrations(upTo version: Int, at path: String) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      try db.execute(
        sql: """
          CREATE TABLE envelope_migrations (
            version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, checksum TEXT NOT NULL,
            applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))) STRICT
          """)
      for migration in Migration.embedded where migration.version <= version {
        try db.execute(sql: migration.sql)
        try db.execute(
          sql: "INSERT INTO envelope_migrations (version, name, checksum) VALUES (?, ?, ?)",
          arguments: [migration.version, migration.name, migration.checksum])
      }
    }
    try queue.close()
  }

  func referenceIDs(_ file: String) throws -> [String] {
    let url = Self.packageRoot.appendingPathComponent("reference").appendingPathComponent(file)
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
    return lines.compactMap { $0.split(separator: ",").first.map(String.init) }
  }

  func sha256(of path: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sha256sum", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
  }
}

import EnvelopeCore
import Foundation
import GRDB
import Testing

@testable import EnvelopePostgres
@testable import EnvelopeStore

struct MigrationTests {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// One migration as a module embeds it, whichever backend's.
  struct EmbeddedMigration: Sendable, Equatable {
    var version: Int
    var name: String
    var checksum: String
    var sql: String
  }

  /// A folder of `migrations/` and the copy of it its backend's module embeds.
  struct EmbeddedFolder: CustomTestStringConvertible, Sendable {
    var folder: String
    var embedded: [EmbeddedMigration]
    var testDescription: String { "migrations/\(folder)" }
  }

  static let embeddedFolders = [
    EmbeddedFolder(
      folder: "sqlite",
      embedded: Migration.embedded.map {
        EmbeddedMigration(version: $0.version, name: $0.name, checksum: $0.checksum, sql: $0.sql)
      }),
    EmbeddedFolder(
      folder: "postgresql",
      embedded: PostgresMigration.embedded.map {
        EmbeddedMigration(version: $0.version, name: $0.name, checksum: $0.checksum, sql: $0.sql)
      }),
  ]

  /// scripts/embed-migrations.py's output is what each folder holds: fails when a migration
  /// was added or changed without `make migrations`.
  @Test(arguments: embeddedFolders)
  func embeddedCopyMatchesMigrationsFolder(_ backend: EmbeddedFolder) throws {
    let folder = Self.packageRoot.appendingPathComponent("migrations/\(backend.folder)")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".sql") }.sorted()
    #expect(files.count == backend.embedded.count, "run `make migrations` after adding one")
    for (file, migration) in zip(files, backend.embedded) {
      let data = try Data(contentsOf: folder.appendingPathComponent(file))
      let text = try #require(String(data: data, encoding: .utf8))
      #expect(file == String(format: "%04d_%@.sql", migration.version, migration.name))
      #expect(text == migration.sql, "\(file) differs from its embedded copy")
      #expect(try sha256(of: folder.appendingPathComponent(file).path) == migration.checksum)
    }
  }

  /// Both backends have the same schema versions, each with the same name.
  @Test func bothBackendsHaveTheSameMigrations() throws {
    let folders = try ["sqlite", "postgresql"].map { folder in
      try FileManager.default.contentsOfDirectory(
        atPath: Self.packageRoot.appendingPathComponent("migrations/\(folder)").path
      ).filter { $0.hasSuffix(".sql") }.sorted()
    }
    #expect(folders[0] == folders[1])
    #expect(folders[0].count == Migration.latestVersion)
    #expect(Migration.latestVersion == PostgresMigration.latestVersion)
    let names = Self.embeddedFolders.map { $0.embedded.map { "\($0.version) \($0.name)" } }
    #expect(names[0] == names[1])
  }

  @Test func newLedgerHasTheShippedCatalogue() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("nested/folder/ledger.sqlite"))
    #expect(try ledger.schemaVersion() == (Migration.latestVersion, Migration.latestVersion))
    let a100 = try ledger.gpu("a100-80gb").value
    #expect(a100.peakFLOPS[.fp16] == 312e12)
    #expect(a100.peakFLOPS[.fp32] == 19.5e12)
    #expect(a100.peakFLOPS[.fp8] == nil)
    // "80 GB" of HBM is 80 GiB.
    #expect(a100.memoryBytes == Double(80 << 30))
    #expect(a100.matmulEfficiency == 0.869)
    #expect(a100.bandwidthEfficiency == 0.834)
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

  @Test func theShippedCatalogueIsTheReferenceFolder() throws {
    let folder = try TemporaryFolder()
    let ledger = try Ledger(path: folder.path("ledger.sqlite"))
    let gpus = try ReferenceCatalogue.gpus()
    let models = try ReferenceCatalogue.models()
    #expect(gpus.count == 15)
    #expect(models.count == 18)
    try expectCatalogue(of: ledger, gpus: gpus, models: models)
    // The reference is read as the ledger should hold it, not as it happens to hold it.
    let byID = Dictionary(uniqueKeysWithValues: gpus.map { ($0.id, $0) })
    #expect(byID["h200"]?.memoryBytes == Double(141 << 30))
    #expect(byID["b200"]?.memoryBandwidthBytesPerSecond == 8e12)
    #expect(byID["tpu-v5p"]?.peakFLOPS[.fp8] == nil)
    #expect(byID["h100-sxm"]?.fp8MatmulEfficiency == 0.709)
    #expect(byID["h100-sxm"]?.interconnectBytesPerSecond == 450e9)
    let deepseek = try #require(models.first { $0.id == "deepseek-r1" })
    #expect(deepseek.experts == 256)
    #expect(deepseek.expertsPerToken == 8)
    #expect(models.first { $0.id == "qwen2.5-72b" }?.contextLength == 32768)
  }

  /// A ledger at schema version 5 whose user edited shipped items keeps every edit; every
  /// value nobody edited becomes the reference folder's, and the new models arrive unless the
  /// user already has an item of that id.
  @Test func migratingFromVersion5KeepsEditsAndBringsTheRestToTheReference() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("ledger-5.sqlite")
    try applyMigrations(upTo: 5, at: path)
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      try db.execute(
        sql: """
          UPDATE gpus SET memory_bytes = 81920000000, notes = 'our own measurement'
            WHERE id = 'h100-sxm';
          UPDATE gpus SET memory_bandwidth_bytes_per_second = 7.8e12, price_per_hour = 6
            WHERE id = 'b200';
          UPDATE gpus SET retired_at = '2026-10-01T00:00:00Z' WHERE id = 'tpu-v5p';
          UPDATE models SET context_length = 65536 WHERE id = 'qwen2.5-72b';
          INSERT INTO models (id, name, parameters, source)
            VALUES ('deepseek-r1', 'Our R1 distillation', 7000000000, 'ours');
          """)
    }
    // What 0002 shipped, before 0006 corrects it.
    let shippedMemory = try queue.read { db in
      try Int64.fetchOne(db, sql: "SELECT memory_bytes FROM gpus WHERE id = 'a100-80gb'")
    }
    try queue.close()
    #expect(shippedMemory == 80_000_000_000)

    let ledger = try Ledger(path: path)
    #expect(try ledger.schemaVersion().applied == Migration.latestVersion)
    #expect(try ledger.check().isEmpty)
    let integrity = try ledger.sqliteWriter().read { db in
      try String.fetchAll(db, sql: "PRAGMA integrity_check")
    }
    #expect(integrity == ["ok"])

    var gpus = try ReferenceCatalogue.gpus()
    var models = try ReferenceCatalogue.models()
    for index in gpus.indices {
      switch gpus[index].id {
      case "h100-sxm":
        gpus[index].memoryBytes = 81_920_000_000
        gpus[index].notes = "our own measurement"
      case "b200":
        gpus[index].memoryBandwidthBytesPerSecond = 7.8e12
        gpus[index].pricePerHour = 6
      default: break
      }
    }
    for index in models.indices {
      switch models[index].id {
      case "qwen2.5-72b": models[index].contextLength = 65536
      case "deepseek-r1":
        models[index] = ModelProfile(
          id: "deepseek-r1", name: "Our R1 distillation", parameters: 7e9, source: "ours")
      default: break
      }
    }
    try expectCatalogue(of: ledger, gpus: gpus, models: models, retired: ["tpu-v5p"])
    // What nobody edited was corrected, next to the edits.
    let h100 = try ledger.gpu("h100-sxm").value
    #expect(h100.matmulEfficiency == 0.803)
    #expect(h100.memoryBytes == 81_920_000_000)
    let tpu = try ledger.gpu("tpu-v5p")
    #expect(tpu.value.peakFLOPS[.fp8] == nil)
    #expect(tpu.retiredAt == "2026-10-01T00:00:00Z")
    #expect(try ledger.gpu("a100-80gb").value.memoryBytes == 85_899_345_920)
    #expect(try ledger.model("qwen2.5-7b").value.contextLength == 32768)
    #expect(try ledger.model("mixtral-8x22b").value.experts == 8)
    #expect(try ledger.model("seed-3b").value.contextLength == 131072)
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
    let (mode, foreignKeys, synchronous) = try ledger.sqliteWriter().read { db in
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

  /// Expects the ledger's GPUs and models, retired ones included, to be `gpus` and `models`
  /// (the seed's seed-3b aside), one item at a time so that a difference names its item.
  func expectCatalogue(
    of ledger: Ledger, gpus: [GPUProfile], models: [ModelProfile], retired: Set<String> = []
  ) throws {
    let storedGPUs = try ledger.items(GPUProfile.self, includeRetired: true)
    #expect(storedGPUs.map(\.value.id) == gpus.map(\.id).sorted())
    for gpu in gpus {
      let stored = storedGPUs.first { $0.value.id == gpu.id }
      #expect(stored?.value == gpu, "GPU \(gpu.id)")
      #expect(stored?.isRetired == retired.contains(gpu.id), "GPU \(gpu.id) retired")
    }
    let storedModels = try ledger.items(ModelProfile.self, includeRetired: true)
      .filter { $0.value.id != "seed-3b" }
    #expect(storedModels.map(\.value.id) == models.map(\.id).sorted())
    for model in models {
      let stored = storedModels.first { $0.value.id == model.id }
      #expect(stored?.value == model, "model \(model.id)")
      #expect(stored?.isRetired == retired.contains(model.id), "model \(model.id) retired")
    }
  }

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

// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "Envelope",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "envelope", targets: ["envelope"]),
    .executable(name: "envelope-postgresql", targets: ["envelope-postgresql"]),
    .library(name: "EnvelopeCore", targets: ["EnvelopeCore"]),
    .library(name: "EnvelopeStore", targets: ["EnvelopeStore"]),
    .library(name: "EnvelopeRender", targets: ["EnvelopeRender"]),
    .library(name: "EnvelopeCLI", targets: ["EnvelopeCLI"]),
    .library(name: "EnvelopePostgres", targets: ["EnvelopePostgres"]),
  ],
  dependencies: [
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.5.3"),
  ],
  targets: [
    .target(name: "EnvelopeCore"),
    .target(
      name: "EnvelopeStore",
      dependencies: [
        "EnvelopeCore",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ]
    ),
    // The PostgreSQL ledger's foundation: locations, connections, migrations, read-only SQL.
    // Not yet a dependency of EnvelopeCLI: `envelope` does not link PostgresNIO.
    .target(
      name: "EnvelopePostgres",
      dependencies: [
        "EnvelopeCore", "EnvelopeStore",
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // Tables, CSV, SVG charts and the HTML report: the engine's values as text.
    .target(name: "EnvelopeRender", dependencies: ["EnvelopeCore"]),
    .target(
      name: "EnvelopeCLI",
      dependencies: [
        "EnvelopeCore", "EnvelopeStore", "EnvelopeRender",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(name: "envelope", dependencies: ["EnvelopeCLI"]),
    // `envelope` with the PostgreSQL backend; `envelope` hands it postgresql:// ledgers.
    .executableTarget(
      name: "envelope-postgresql", dependencies: ["EnvelopeCLI", "EnvelopePostgres"]),
    // A script-run benchmark of the engine (bench/4-engine.sh), not a test.
    .executableTarget(name: "envelope-bench", dependencies: ["EnvelopeCore"]),
    // Fixtures/ holds result files the tests read by #filePath, not resources.
    .testTarget(
      name: "EnvelopeCoreTests", dependencies: ["EnvelopeCore", "EnvelopeTestSupport"],
      exclude: ["Fixtures"]),
    // Reading SVG and HTML back as XML, for the render and CLI tests.
    .target(name: "EnvelopeTestSupport", path: "Tests/EnvelopeTestSupport"),
    .testTarget(
      name: "EnvelopeRenderTests",
      dependencies: ["EnvelopeRender", "EnvelopeCore", "EnvelopeTestSupport"]),
    .testTarget(
      name: "EnvelopeStoreTests",
      // EnvelopePostgres for the test that both backends' embedded migrations match their folders.
      dependencies: [
        "EnvelopeStore", "EnvelopePostgres", "EnvelopeTestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
    .testTarget(
      name: "EnvelopePostgresTests",
      dependencies: [
        "EnvelopePostgres", "EnvelopeStore", .product(name: "PostgresNIO", package: "postgres-nio"),
      ]
    ),
    // Fixtures/ holds a ledger written by 0.1.0 and its goldens, read by #filePath.
    .testTarget(
      name: "EnvelopeCLITests",
      dependencies: [
        "EnvelopeCLI", "envelope", "EnvelopeTestSupport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      exclude: ["Fixtures"]
    ),
  ],
  swiftLanguageModes: [.v6]
)

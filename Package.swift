// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "canary",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "canary", targets: ["canary"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
  ],
  targets: [
    // Value types shared by every layer: names, labels, selectors, samples.
    .target(name: "MetricModel"),
    // Tests, distributions and estimators; no dependencies.
    .target(name: "Statistics"),
    // The only target that touches SQLite: migrations, series and sample tables, views.
    .target(
      name: "Store",
      dependencies: [
        "MetricModel",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ]
    ),
    // Seeded mesh scenarios written as the files real endpoints produce (sample data, benchmarks).
    .target(name: "Simulation"),
    // Parsers (Prometheus text, OpenMetrics, CSV) and the ingest pipeline over the store.
    .target(name: "Ingestion", dependencies: ["MetricModel", "Store"]),
    .executableTarget(
      name: "canary",
      dependencies: [
        "MetricModel", "Store", "Ingestion", "Statistics", "Simulation",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // `make bench`: throughput and timing figures, never run by `make test`.
    .executableTarget(
      name: "CanaryBenchmarks",
      dependencies: ["MetricModel", "Store", "Ingestion", "Statistics", "Simulation"]
    ),
    .testTarget(name: "MetricModelTests", dependencies: ["MetricModel"]),
    .testTarget(
      name: "StatisticsTests", dependencies: ["Statistics"], resources: [.copy("Reference")]),
    .testTarget(name: "StoreTests", dependencies: ["Store", "MetricModel"]),
    .testTarget(
      name: "IngestionTests", dependencies: ["Ingestion", "Store", "MetricModel"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "CanaryTests",
      dependencies: ["MetricModel", .product(name: "GRDB", package: "GRDB.swift")]),
  ],
  swiftLanguageModes: [.v6]
)

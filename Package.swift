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
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
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
    // Parsers (Prometheus text, OpenMetrics, Prometheus JSON, CSV), attribution, and the ingest
    // pipeline writing to any SampleSink (MetricModel); no database.
    .target(name: "Ingestion", dependencies: ["MetricModel", "CFileShims"]),
    // Two system calls Swift's Glibc module does not import: a read that only takes what the
    // page cache holds, and read-ahead advice (both for directories of scrapes on a cold disk).
    .target(name: "CFileShims"),
    // Configuration, per-step metric derivation, the judge and the verdict.
    .target(
      name: "Analysis",
      dependencies: [
        "MetricModel", "Statistics", .product(name: "Yams", package: "Yams"),
      ]
    ),
    // A remote Prometheus: the HTTP client (timeouts, retries, range splitting, authentication)
    // and `canary pull`, which stores the per-step values the server computes.
    .target(name: "Remote", dependencies: ["Analysis", "Store", "MetricModel"]),
    // Text, Markdown, JSON and HTML reports; returns strings, never prints.
    .target(name: "Reporting", dependencies: ["Analysis", "MetricModel"]),
    // The use cases (ingest, analyze, pull, report, inventory) over every lower target; the
    // executable's subcommands call one each.
    .target(
      name: "Workflows",
      dependencies: [
        "MetricModel", "Store", "Ingestion", "Statistics", "Analysis", "Reporting", "Remote",
        "Simulation",
      ]
    ),
    .executableTarget(
      name: "canary",
      dependencies: [
        "Workflows", "MetricModel", "Store", "Ingestion", "Statistics", "Simulation", "Analysis",
        "Reporting", "Remote", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // `make fuzz`: libFuzzer's entry point over every parser (built with -sanitize=fuzzer and
    // -DCANARY_LIBFUZZER); a plain build replays saved inputs given as arguments.
    .executableTarget(name: "ParserFuzzer", dependencies: ["Ingestion", "MetricModel"]),
    // `make bench`: throughput and timing figures, never run by `make test`.
    .executableTarget(
      name: "CanaryBenchmarks",
      dependencies: ["MetricModel", "Store", "Ingestion", "Statistics", "Simulation"]
    ),
    .testTarget(name: "MetricModelTests", dependencies: ["MetricModel", "Simulation"]),
    .testTarget(
      name: "SimulationTests", dependencies: ["Simulation"], exclude: ["make_reference.py"],
      resources: [.copy("Reference")]),
    .testTarget(
      name: "StatisticsTests", dependencies: ["Statistics"],
      exclude: ["make_reference.py", "make_count_reference.py", "make_anytime_reference.py"],
      resources: [.copy("Reference")]),
    .testTarget(name: "StoreTests", dependencies: ["Store", "MetricModel"]),
    .testTarget(
      name: "AnalysisTests", dependencies: ["Analysis", "MetricModel", "Statistics"],
      exclude: ["make_reference.py", "make_matched_reference.py", "make_calibration_reference.py"],
      resources: [.copy("Reference")]),
    .testTarget(
      name: "ReportingTests", dependencies: ["Reporting", "Analysis", "MetricModel"],
      resources: [.copy("Golden")]),
    .testTarget(
      name: "IngestionTests", dependencies: ["Ingestion", "MetricModel"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "WorkflowsTests",
      dependencies: [
        "Workflows", "Analysis", "Ingestion", "Store", "Remote", "MetricModel", "Simulation",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .testTarget(name: "RemoteTests", dependencies: ["Remote", "Analysis", "Store", "MetricModel"]),
    .testTarget(
      name: "CanaryTests",
      dependencies: [
        "MetricModel", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Yams", package: "Yams"),
      ],
      exclude: ["Fixtures"]),
  ],
  swiftLanguageModes: [.v6]
)

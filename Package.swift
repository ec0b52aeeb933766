// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ArmsLedger",
    products: [
        .library(name: "ArmsLedger", targets: ["ArmsLedger"]),
        .executable(name: "armsledger", targets: ["armsledger"]),
    ],
    dependencies: [],
    targets: [
        // The ledger, replay, projections and rendering: everything another package needs.
        .target(name: "ArmsLedger", dependencies: ["CArmsLedgerSHA", "CArmsLedgerIO", "CArmsLedgerScan"]),
        // SHA-256 compression with the CPU's SHA extensions; the portable Swift code is the fallback.
        .target(name: "CArmsLedgerSHA"),
        // System calls Swift's Glibc module does not import (sync_file_range).
        .target(name: "CArmsLedgerIO"),
        // Byte searches of the replay's hot path with the CPU's vector instructions (SSE2).
        .target(name: "CArmsLedgerScan"),
        // Argument parsing and the commands, testable in-process with injected output.
        .target(name: "ArmsLedgerCLI", dependencies: ["ArmsLedger"]),
        // The thin executable: parse, run, exit.
        .executableTarget(name: "armsledger", dependencies: ["ArmsLedgerCLI"]),
        // Synthetic ledgers and the benchmark helpers of Scripts/bench.sh (issue 6).
        .executableTarget(name: "armsledger-bench", dependencies: ["ArmsLedger"]),

        .testTarget(name: "ArmsLedgerTests", dependencies: ["ArmsLedger"]),
        .testTarget(name: "ArmsLedgerCLITests", dependencies: ["ArmsLedgerCLI", "ArmsLedger", "armsledger"]),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version:6.0
import PackageDescription

// libFuzzer harnesses for every parser convwalk owns. Build and run: see README.md.
let fuzzers = ["FuzzLesson", "FuzzExample", "FuzzModel", "FuzzIdx", "FuzzCheckpoint", "FuzzWeights", "FuzzMarkdown"]

let package = Package(
    name: "convwalk-fuzz",
    dependencies: [.package(name: "convwalk", path: "..")],
    targets: [
        .target(name: "FuzzEntries", dependencies: [.product(name: "ConvwalkParsers", package: "convwalk")]),
        .target(name: "CFuzzer"),
    ] + fuzzers.map { .executableTarget(name: $0, dependencies: ["FuzzEntries", "CFuzzer"]) }
)

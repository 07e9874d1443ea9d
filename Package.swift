// swift-tools-version:6.0
import PackageDescription

// Modules, each with one job; dependencies point one way (see README.md, "Layout"). Each target
// lists exactly the modules its files import:
//   Basics, Words, KernelCore, Preview, CConv, CWorkers (import nothing of convwalk)
//   Tensor     ← KernelCore, CConv, CWorkers
//   NN         ← Basics, Words, KernelCore, Tensor
//   Lessons    ← Basics, Words, KernelCore, Tensor, NN
//   Render     ← Basics, Words, KernelCore, Tensor, Lessons
//   Site       ← Basics, Words
//   Pipeline   ← Basics, Words, KernelCore, Tensor, NN, Lessons, Render, Site
//   ConvwalkCLI ← Basics, Words, Tensor, NN, Lessons, Pipeline, Preview;  convwalk ← ConvwalkCLI
//   ConvwalkKit ← Basics, Lessons, Tensor, Words   (the public library product)
// KernelCore is Foundation-free and also builds for WebAssembly (scripts/build-wasm.sh).
let package = Package(
    name: "convwalk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "convwalk", targets: ["convwalk"]),
        // For a teacher's own Swift package: check worked examples from XCTest (README, "Checking
        // examples from your own Swift package"). Not `Convwalk`: on a case-insensitive disk that
        // module would collide with the `convwalk` executable's.
        .library(name: "ConvwalkKit", targets: ["ConvwalkKit"]),
        // For Fuzz/Package.swift, which builds the parsers with -sanitize=fuzzer.
        .library(name: "ConvwalkParsers", targets: ["Tensor", "NN", "Lessons", "Site"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // Tests only: runs the in-page engine's WebAssembly module (EngineTests).
        .package(url: "https://github.com/swiftwasm/WasmKit", exact: "0.4.2"),
    ],
    targets: [
        // C libraries from Debian's -dev packages, found with pkg-config.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "pangocairo", providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng16", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CPalette", pkgConfig: "imagequant", providers: [.apt(["libimagequant-dev", "libpng-dev"])]),
        .systemLibrary(name: "CMd4c", pkgConfig: "md4c-html", providers: [.apt(["libmd4c-dev", "libmd4c-html0-dev"])]),

        .target(name: "KernelCore", exclude: ["README.md"]),
        .target(name: "Words", exclude: ["README.md"]),
        .target(name: "Basics", exclude: ["README.md"]),
        // Direct convolution kernels in C with AVX2 + FMA (per-function target attributes, a
        // CPUID check at run time: no compiler flags, so the package stays usable as a dependency).
        .target(name: "CConv", exclude: ["README.md"]),
        // Persistent worker threads for the kernels' batch chunks (pthreads, spin then sleep).
        .target(name: "CWorkers", exclude: ["README.md"]),
        .target(name: "Tensor", dependencies: ["KernelCore", "CBLAS", "CConv", "CWorkers"], exclude: ["README.md"]),
        .target(name: "NN", dependencies: ["Basics", "Words", "KernelCore", "Tensor", "CZlib", "Yams"], exclude: ["README.md"]),
        .target(name: "Lessons", dependencies: ["Basics", "Words", "KernelCore", "Tensor", "NN", "Yams"], exclude: ["README.md"]),
        .target(name: "Render", dependencies: ["Basics", "Words", "KernelCore", "Tensor", "Lessons", "CCairo", "CPNG", "CPalette"], exclude: ["README.md"]),
        .target(name: "Site", dependencies: ["Basics", "Words", "CMd4c"], exclude: ["README.md"], resources: [.copy("Assets")]),
        .target(name: "Pipeline", dependencies: ["Basics", "Words", "KernelCore", "Tensor", "NN", "Lessons", "Render", "Site", "Yams"], exclude: ["README.md"]),
        // The HTTP server of `convwalk serve`; Foundation only.
        .target(name: "Preview", exclude: ["README.md"]),
        .target(name: "ConvwalkCLI", dependencies: [
            "Basics", "Tensor", "NN", "Lessons", "Pipeline", "Preview", "Words",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], exclude: ["README.md"]),
        .executableTarget(name: "convwalk", dependencies: ["ConvwalkCLI"]),
        // The public library: re-exports Lessons, Tensor and Words, adds WorkedExample and Course.
        .target(name: "ConvwalkKit", dependencies: ["Basics", "Lessons", "Tensor", "Words"], exclude: ["README.md"]),

        .testTarget(name: "WordsTests", dependencies: ["Words"]),
        .testTarget(name: "BasicsTests", dependencies: ["Basics"]),
        // Imports only the public product, as a teacher's package would.
        .testTarget(name: "ConvwalkKitTests", dependencies: ["ConvwalkKit"]),
        .testTarget(name: "KernelCoreTests", dependencies: ["KernelCore"]),
        .testTarget(name: "EngineTests", dependencies: ["KernelCore", "Lessons", "NN", "Pipeline", "Tensor", "Yams", .product(name: "WasmKit", package: "WasmKit")]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NNTests", dependencies: ["Basics", "NN", "Tensor"]),
        .testTarget(name: "LessonsTests", dependencies: ["KernelCore", "Lessons", "Tensor", "Words"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "Lessons", "Tensor", "Words"], resources: [.copy("Goldens")]),
        .testTarget(name: "SiteTests", dependencies: ["Site", "CMd4c"]),
        .testTarget(name: "PreviewTests", dependencies: ["Preview"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "ConvwalkCLI", "KernelCore", "Lessons", "NN", "Render", "Site", "Tensor"]),
        .testTarget(name: "HardeningTests", dependencies: ["Lessons", "NN", "Site", "Tensor"], exclude: ["Inputs"]),
    ]
)

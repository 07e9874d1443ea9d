import Foundation
import XCTest

/// Paths and process helpers shared by the hardening tests.
enum Harness {
    /// The repository root, found from this file's path.
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `Tests/HardeningTests/Inputs`.
    static let inputs = repo.appendingPathComponent("Tests/HardeningTests/Inputs")
    /// The `convwalk` built beside this test bundle (so `--build-path .build-tsan
    /// --sanitize=thread` runs the sanitized binary), else `.build/debug/convwalk`.
    static let convwalk: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("convwalk")
        return FileManager.default.isExecutableFile(atPath: beside.path) ? beside : repo.appendingPathComponent(".build/debug/convwalk")
    }()

    /// How many times slower than a plain debug build the `convwalk` under test runs:
    /// `HARDEN_SLOWDOWN=5` for a ThreadSanitizer build, so kill tests wait long enough for
    /// the work they interrupt to start. 1 unless set.
    static let slowdown = max(1, Double(ProcessInfo.processInfo.environment["HARDEN_SLOWDOWN"] ?? "") ?? 1)

    /// A fresh temporary folder, removed when the test ends.
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("harden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Starts `convwalk` with `arguments` in `folder`, output discarded.
    static func start(_ arguments: [String], in folder: URL) throws -> Process {
        let p = Process()
        p.executableURL = convwalk
        p.arguments = arguments
        p.currentDirectoryURL = folder
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Runs `convwalk` to the end; returns its exit status and standard error.
    static func run(_ arguments: [String], in folder: URL) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = convwalk
        p.arguments = arguments
        p.currentDirectoryURL = folder
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Files under `folder` (relative paths, hidden ones included), sorted.
    static func files(under folder: URL) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(rel).path, isDirectory: &isDir), !isDir.boolValue {
                out.append(rel)
            }
        }
        return out.sorted()
    }
}

/// A small deterministic generator (SplitMix64) so every mutation run is reproducible.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Foundation
import XCTest

/// The CI-sized share of the fuzzing in `Fuzz/`: every committed corpus file and every input
/// a fuzzer once crashed on goes through the same `FuzzEntry`, then a few seconds of seeded
/// mutations per parser.
final class FuzzReplayTests: XCTestCase {
    /// Seconds of mutations per parser (debug build); `HARDEN_FUZZ_SECONDS` overrides.
    static let seconds = Double(ProcessInfo.processInfo.environment["HARDEN_FUZZ_SECONDS"] ?? "") ?? 3

    static func inputs(_ kind: String, _ entry: FuzzEntry) -> [[UInt8]] {
        let folder = Harness.inputs.appendingPathComponent("\(kind)/\(entry.rawValue)")
        return Harness.files(under: folder).filter { !$0.hasSuffix("README.md") }.compactMap {
            FileManager.default.contents(atPath: folder.appendingPathComponent($0).path).map { [UInt8]($0) }
        }
    }

    func testEveryParserHasASeedCorpus() {
        for entry in FuzzEntry.allCases {
            XCTAssertGreaterThanOrEqual(Self.inputs("corpus", entry).count, 2, "corpus/\(entry.rawValue)")
        }
    }

    func testCrashInputsAndCorpusReplayWithoutCrashing() {
        var replayed = 0
        for entry in FuzzEntry.allCases {
            for input in Self.inputs("crashes", entry) + Self.inputs("corpus", entry) {
                entry.run(input)
                replayed += 1
            }
        }
        XCTAssertGreaterThan(replayed, 50)
    }

    func testSeededMutationsOfTheCorpus() {
        for entry in FuzzEntry.allCases {
            let corpus = Self.inputs("corpus", entry)
            var mutator = Mutator(random: SeededRandom(seed: 20261123))
            let deadline = Date().addingTimeInterval(Self.seconds)
            var runs = 0
            while Date() < deadline {
                let base = corpus.randomElement(using: &mutator.random)!
                entry.run(mutator.mutate(base, splicing: corpus.randomElement(using: &mutator.random)!))
                runs += 1
            }
            XCTAssertGreaterThan(runs, 0, entry.rawValue)
        }
    }
}

import Foundation
import NN
import Site
import XCTest

/// `convwalk build` and `convwalk train` killed with SIGKILL at random moments never leave a
/// half-written site or checkpoint behind.
final class InterruptionTests: XCTestCase {
    static let buildTrials = 20
    static let trainTrials = 12

    /// What a site folder holds after a kill: a complete site (its manifest, every file it
    /// lists with the listed hash, nothing else) whose index shows one of the built titles.
    func assertCompleteSite(_ site: URL, titles: [String], trial: Int, file: StaticString = #filePath, line: UInt = #line) {
        guard let manifest = SiteManifest.read(siteAt: site) else {
            return XCTFail("trial \(trial): \(site.path) has no readable manifest", file: file, line: line)
        }
        let present = Set(Harness.files(under: site))
        XCTAssertEqual(present, Set(manifest.files.keys).union([".convwalk-site"]), "trial \(trial): files differ from the manifest", file: file, line: line)
        for (path, hash) in manifest.files {
            let data = FileManager.default.contents(atPath: site.appendingPathComponent(path).path) ?? Data()
            XCTAssertEqual(SiteManifest.contentHash(data), hash, "trial \(trial): \(path) is not what the manifest says", file: file, line: line)
        }
        let index = String(decoding: FileManager.default.contents(atPath: site.appendingPathComponent("index.html").path) ?? Data(), as: UTF8.self)
        XCTAssertTrue(titles.contains { index.contains($0) }, "trial \(trial): index.html shows none of \(titles)", file: file, line: line)
    }

    func testKilledBuildLeavesPreviousOrNewSite() throws {
        let dir = try Harness.temporaryFolder(self)
        let lessons = dir.appendingPathComponent("lessons")
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        let source = try String(contentsOf: Harness.inputs.appendingPathComponent("corpus/lesson/small.md"), encoding: .utf8)
        let lesson = lessons.appendingPathComponent("small.md")
        let output = dir.appendingPathComponent("output")
        func writeLesson(_ title: String) throws {
            try source.replacingOccurrences(of: "title: Convolution by hand", with: "title: \(title)")
                .write(to: lesson, atomically: true, encoding: .utf8)
        }

        try writeLesson("Build warm-up")
        XCTAssertEqual(try Harness.run(["build", "--no-demos", "--lessons", "lessons", "--output", "output"], in: dir).status, 0)
        // Kills are timed against a rebuild (pictures reused), which is what the trials run.
        try writeLesson("Build 0")
        let start = Date()
        XCTAssertEqual(try Harness.run(["build", "--no-demos", "--lessons", "lessons", "--output", "output"], in: dir).status, 0)
        let duration = Date().timeIntervalSince(start)
        assertCompleteSite(output, titles: ["Build 0"], trial: 0)

        var random = SeededRandom(seed: 7)
        var previous = "Build 0"
        var sawOld = 0, sawNew = 0
        for trial in 1...Self.buildTrials {
            let title = "Build \(trial)"
            try writeLesson(title)
            let process = try Harness.start(["build", "--no-demos", "--lessons", "lessons", "--output", "output"], in: dir)
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...(duration * 1.1), using: &random))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if FileManager.default.fileExists(atPath: output.path) {
                assertCompleteSite(output, titles: [previous, title], trial: trial)
            } else {
                // Killed between the two renames: the old site waits beside it, whole, and the
                // next build moves it back.
                let old = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".output.old-") }
                XCTAssertEqual(old.count, 1, "trial \(trial): no output/ and no old site to restore")
                if let o = old.first { assertCompleteSite(dir.appendingPathComponent(o), titles: [previous], trial: trial) }
            }
            // Each trial shows exactly one of the two sites: the one before this build or its own.
            let index = (try? String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)) ?? ""
            let shown = [previous, title].filter { index.contains(">\($0)<") }
            if FileManager.default.fileExists(atPath: output.path) {
                XCTAssertEqual(shown.count, 1, "trial \(trial): index.html shows \(shown), expected exactly one of \(previous), \(title)")
            }
            if shown == [title] { previous = title; sawNew += 1 } else { sawOld += 1 }
        }
        try writeLesson("Final")
        XCTAssertEqual(try Harness.run(["build", "--no-demos", "--lessons", "lessons", "--output", "output"], in: dir).status, 0)
        assertCompleteSite(output, titles: ["Final"], trial: Self.buildTrials + 1)
        // `.output.lock` stays: the one-writer lock file, released by the kernel when its holder dies.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasPrefix(".output.") && $0 != ".output.lock" && $0 != ".output.cache" }
        XCTAssertEqual(leftovers, [], "a later build removes what killed builds left")
        // `.output.cache` holds the build state: the standing site's manifest and nothing else.
        let state = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(".output.cache").path)
        XCTAssertEqual(state.count, 1, "a later build removes the manifests of killed builds: \(state)")
        // The kills must land inside builds, or the test proves nothing: most trials keep the old site.
        XCTAssertGreaterThanOrEqual(sawOld, Self.buildTrials / 4, "only \(sawOld) of \(Self.buildTrials) kills interrupted a build")
    }

    func testKilledTrainingLeavesPreviousOrNewCheckpoint() throws {
        let dir = try Harness.temporaryFolder(self)
        let out = dir.appendingPathComponent("train")
        let checkpoint = out.appendingPathComponent("checkpoint.cwck").path
        let data = try Self.smallDataFolder(in: dir, images: 48).path
        let arguments = ["train", Harness.repo.appendingPathComponent("models/lenet5.yaml").path, "--data", data, "--batch", "16", "--epochs", "1000", "--threads", "1", "--out", out.path]
        var random = SeededRandom(seed: 11)
        var epochs: [Int] = []
        for trial in 1...Self.trainTrials {
            let resume = FileManager.default.fileExists(atPath: checkpoint)
            let process = try Harness.start(arguments + (resume ? ["--resume"] : []), in: dir)
            Thread.sleep(forTimeInterval: Harness.slowdown * Double.random(in: 0.5...4.0, using: &random))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            guard FileManager.default.fileExists(atPath: checkpoint) else { epochs.append(0); continue }
            do {
                let session = try Checkpoint.read(path: checkpoint, expecting: BuiltinModels.resolve(Harness.repo.appendingPathComponent("models/lenet5.yaml").path))
                XCTAssertGreaterThanOrEqual(session.epoch, epochs.last ?? 0, "trial \(trial): the checkpoint went back in time")
                epochs.append(session.epoch)
            } catch {
                XCTFail("trial \(trial): \(error)")
            }
        }
        XCTAssertGreaterThan(epochs.last ?? 0, 0, "no trial lived long enough to write a checkpoint: \(epochs)")
        // Each checkpoint write removes the temporaries of killed trials: at most the last
        // trial's can be left (if it was killed between writing and renaming).
        let temporaries = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertLessThanOrEqual(temporaries.count, 1, "\(temporaries)")
    }

    /// A data folder with the first `images` MNIST test images as both splits (plain IDX), so
    /// that training starts at once.
    static func smallDataFolder(in dir: URL, images count: Int) throws -> URL {
        let data = Harness.repo.appendingPathComponent("data")
        let images = try IDX.readImages(path: data.appendingPathComponent("t10k-images-idx3-ubyte.gz").path)
        let labels = try IDX.readLabels(path: data.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path)
        let folder = dir.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func u32(_ v: Int) -> [UInt8] { withUnsafeBytes(of: UInt32(v).bigEndian) { Array($0) } }
        let imageBytes = u32(0x803) + u32(count) + u32(images.rows) + u32(images.cols) + images.pixels.prefix(count * images.rows * images.cols)
        let labelBytes = u32(0x801) + u32(count) + labels.prefix(count)
        for stem in ["train", "t10k"] {
            try Data(imageBytes).write(to: folder.appendingPathComponent("\(stem)-images-idx3-ubyte"))
            try Data(labelBytes).write(to: folder.appendingPathComponent("\(stem)-labels-idx1-ubyte"))
        }
        return folder
    }
}

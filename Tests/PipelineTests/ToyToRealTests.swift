import Foundation
import Lessons
import NN
import Site
import Tensor
import XCTest
@testable import Pipeline

/// The lessons' operations found inside a network and checked by the lesson engine.
final class ToyToRealTests: XCTestCase {
    /// A 6x6 "digit" whose left half is 1: a vertical-edge filter (columns 1, 0, −1; bias −1)
    /// answers 3·(x[c] − x[c+2]) − 1, so every row of conv1 is [−1, 2, 2, −1].
    func handMadeNetwork() throws -> (Network, Tensor) {
        let spec = try ModelSpec.parse(yaml: """
        name: edge
        input: [1, 6, 6]
        layers:
          - {conv: {filters: 1, kernel: 3}}
          - relu
          - {maxpool: {size: 2}}
          - flatten
          - {linear: 2}
        """)
        var network = try Network(spec: spec, seed: 1)
        network.parameters[0] = try Tensor(shape: [1, 1, 3, 3], data: [1, 0, -1, 1, 0, -1, 1, 0, -1])
        network.parameters[1] = try Tensor(shape: [1], data: [-1])
        network.parameters[2] = try Tensor(shape: [2, 4], data: [1, 0, 0, 0, 0, 0, 0, 0])
        network.parameters[3] = try Tensor(shape: [2], data: [0, 0])
        let digit = try Tensor(shape: [1, 1, 6, 6], data: (0..<36).map { $0 % 6 < 3 ? 1 : 0 })
        return (network, digit)
    }

    func testEachOperationOfAHandMadeNetworkIsCheckedOnItsRealNumbers() throws {
        let (network, digit) = try handMadeNetwork()
        let toy = try ToyToReal.find(network: network, digit: digit, label: 1,
                                     lessons: [.init(slug: "convolution", title: "Convolution by hand", lang: "en")], lang: "en")
        XCTAssertEqual(toy.links.map(\.layer), ["conv1", "relu1", "pool1", "fc1"])
        XCTAssertEqual(toy.links.map(\.family), [.conv, .relu, .maxpool, .softmax])
        let conv = toy.links[0], relu = toy.links[1], pool = toy.links[2], soft = toy.links[3]
        // conv: the strongest 2x2 block is columns 1–2; its 4x4 patch is columns 1–4 of the digit.
        XCTAssertEqual(conv.result.result.data, [2, 2, 2, 2])
        XCTAssertTrue(conv.yaml.contains("input: [[1.0, 1.0, 0.0, 0.0], [1.0, 1.0, 0.0, 0.0],"), conv.yaml)
        XCTAssertTrue(conv.yaml.contains("kernel: [[1.0, 0.0, -1.0], [1.0, 0.0, -1.0], [1.0, 0.0, -1.0]]\nbias: -1.0\n"), conv.yaml)
        XCTAssertEqual(conv.result.trace.steps.count, 4)
        XCTAssertTrue(conv.text.contains("[Convolution by hand](convolution.html) is layer **conv1**"), conv.text)
        // ReLU: a block with both signs, the negative column becomes 0.
        XCTAssertEqual(relu.result.result.data, [0, 2, 2, 0, 2, 2, 0, 2, 2])
        // pool: every window of [0, 2, 2, 0] rows holds a 2.
        XCTAssertEqual(pool.result.result.data, [2, 2, 2, 2])
        // softmax of the logits [2, 0]: e²/(e²+1) = 0.8808, 1/(e²+1) = 0.1192.
        XCTAssertEqual(soft.result.result.data[0], 0.8808, accuracy: 1e-4)
        XCTAssertEqual(soft.result.result.data[1], 0.1192, accuracy: 1e-4)
        XCTAssertTrue(soft.text.contains("the largest is 0.881 for class 0"), soft.text)
    }

    func testUntrainedLeNetAndAlexNetMiniAgreeWithTheEngineOnARealDigit() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let test = try DataDirectory.load(repo.appendingPathComponent("data").path, split: .test).prefix(1)
        for name in ["lenet5", "alexnet-mini"] {
            let network = try Network(spec: try ModelSpec.load(path: repo.appendingPathComponent("models/\(name).yaml").path), seed: 3)
            let toy = try ToyToReal.find(network: network, digit: test.images, label: test.labels[0], lessons: [], lang: "en")
            XCTAssertEqual(toy.links.map(\.family), [.conv, .relu, .maxpool, .softmax], name)
            XCTAssertTrue(toy.links.allSatisfy { !$0.result.trace.steps.isEmpty }, name)
        }
    }

    func testADisagreementBetweenNetworkAndEngineIsReportedAsABug() throws {
        let words = ToyWords(lang: "en", model: "m", label: 0, lessons: [])
        XCTAssertThrowsError(try ToyToReal.check(.relu, layer: "relu1", facts: [:], yaml: "op: relu\ninput: [-1, 3]\nexpect: [0, 4]\n", model: "m", text: words)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("m: the network and the lesson engine disagree on real-relu1 (a bug to report)"), text)
            XCTAssertTrue(text.contains("expected 4, computed 3"), text)
        }
    }

    func testNumbersAreWrittenSoThatYAMLReadsBackTheSameFloat() {
        XCTAssertEqual(ToyToReal.number(0.5), "0.5")
        XCTAssertEqual(ToyToReal.number(-3), "-3.0")
        XCTAssertEqual(ToyToReal.number(1e-5), "1.0e-05")
        XCTAssertEqual(ToyToReal.number(2.5e-7), "2.5e-07")
        XCTAssertEqual(ToyToReal.grid(2, 2) { Float($0 * 2 + $1) }, "[[0.0, 1.0], [2.0, 3.0]]")
    }

    func testLessonsGetALineAfterTheFirstExampleOfTheOperationOnlyWhenADemoShowsIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-toy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pooling.md")
        try """
        ---
        title: Pooling
        slug: pooling
        order: 6
        ---
        Text.

        ```example
        id: r
        op: relu
        input: [-1, 2]
        ```

        ```example
        id: p
        op: maxpool
        input: [[1, 2], [3, 4]]
        expect: [[4]]
        ```

        More text.
        """.write(to: file, atomically: true, encoding: .utf8)
        let report = CourseChecker.check(file: file.path)
        let lesson = try XCTUnwrap(report.lesson)
        // The max pool has one step: a live player (Edit mode) whose one step keeps its picture.
        let step = LessonPage.figureFolder(lang: "en", slug: lesson.frontMatter.slug, example: "p") + "/step-1.png"
        let page = LessonPage(lesson: lesson, report: report).page(images: [step: RenderedSize(width: 10, height: 10, alt: "max")], answerLabel: "Answer")
        let demos = [DemoBacklink(lang: "en", family: .maxpool, href: "demo-lenet5.html#real-pool1", model: "lenet5")]
        let linked = ToyToReal.addingBacklinks(to: [page], lessons: [(lesson, report)], demos: demos)[0]
        let pool = linked.blocks.compactMap { block -> Player? in if case .player(let p) = block, p.id == "p" { return p } else { return nil } }
        XCTAssertEqual(pool.first?.steps.map(\.image), [step])
        XCTAssertNotNil(pool.first?.live)
        let kinds = linked.blocks.map { block -> String in
            switch block {
            case .player(let p): return "player \(p.id)"
            case .markdown(let m): return m
            case .figure(let f): return f.image == step ? "figure p" : "figure"
            default: return "other"
            }
        }
        XCTAssertEqual(kinds, ["Text.\n", "player r", "player p", "→ [See this operation inside the trained LeNet-5](demo-lenet5.html#real-pool1)", "\nMore text."], "\(kinds)")
        // No demo in this language: the page stays as it was.
        let korean = [DemoBacklink(lang: "ko", family: .maxpool, href: "demo-lenet5.html#real-pool1", model: "lenet5")]
        XCTAssertEqual(ToyToReal.addingBacklinks(to: [page], lessons: [(lesson, report)], demos: korean)[0], page)
    }
}

/// A user's colour data set (3x32x32, IDX with four dimensions) and a model that fits it get a demo page.
final class ColourDemoTests: XCTestCase {
    func be(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }

    func testAColourNetworkGetsItsDemoPage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-colour-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (stem, count) in [("train", 40), ("t10k", 20)] {
            // Class n % 2: red (channel 0 bright) or blue (channel 2 bright), with a diagonal pattern.
            var pixels: [UInt8] = []
            for n in 0..<count {
                for c in 0..<3 {
                    let bright = (n % 2 == 0 && c == 0) || (n % 2 == 1 && c == 2)
                    for p in 0..<1024 { pixels.append(UInt8((bright ? 180 : 30) + (p / 32 + p % 32 + n) % 60)) }
                }
            }
            let header: [UInt8] = [0, 0, 8, 4] + be(count) + be(3) + be(32) + be(32)
            try Data(header + pixels).write(to: dir.appendingPathComponent("\(stem)-images-idx3-ubyte"))
            try Data([0, 0, 8, 1] + be(count) + (0..<count).map { UInt8($0 % 2) }).write(to: dir.appendingPathComponent("\(stem)-labels-idx1-ubyte"))
        }
        let model = dir.appendingPathComponent("colours.yaml")
        try "name: colours\ninput: [3, 32, 32]\nlayers:\n  - {conv: {filters: 4, kernel: 5}}\n  - relu\n  - {maxpool: {size: 4}}\n  - flatten\n  - {linear: 2}\n"
            .write(to: model, atomically: true, encoding: .utf8)
        let demo = DemoOptions(runs: dir.appendingPathComponent("runs").path, models: [model.path], epochs: 1, data: dir.path)
        let set = try DemoPages.build(demo, languages: ["en"], lessons: [], previous: nil, log: { _ in })
        XCTAssertEqual(set.pages.map(\.slug), ["demo-colours"])
        XCTAssertEqual(set.evaluations["colours"]?.confusion.flatMap { $0 }.reduce(0, +), 20)
        // The input of a walk shows the three channels; the lessons' operations are found, the conv on 3x5x5 kernels.
        XCTAssertNotNil(set.images.files["figures/demos/colours/en/walk-step-1.png"])
        // (The ReLU is shown only where a 3x3 block of its input holds both signs.)
        XCTAssertTrue(Set(set.backlinks.map(\.family)).isSuperset(of: [.conv, .maxpool, .softmax]), "\(set.backlinks.map(\.family))")
        XCTAssertNotNil(set.images.files["figures/demos/colours/en/real-conv1/step-4.png"])
    }
}

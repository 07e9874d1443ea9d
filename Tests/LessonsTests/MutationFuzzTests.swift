import XCTest
@testable import Lessons
import Tensor

/// Feeds thousands of mutated lesson files through the parser, runner and checker. Any crash
/// kills the test process; the assertions check that every failure is a located error.
final class MutationFuzzTests: XCTestCase {
    static let seedLesson = """
    ---
    title: Fuzz seed
    slug: fuzz
    order: 1
    summary: every op once
    ---
    Text with $x^2$ math and a | table |.

    ```example
    id: c1
    op: conv2d
    input: [[1,2,3],[2,1,0],[3,0,1]]
    kernel: [[1,0],[1,0]]
    bias: 5
    stride: 1
    padding: 0
    expect: [[8,8],[10,6]]
    ```

    ```example
    id: p1
    op: maxpool
    input: [[1,3,2,1],[4,2,0,1],[5,6,1,2],[0,1,3,4]]
    size: 2
    expect: {cells: {"0,0": 4}}
    ```

    ```example
    id: s1
    op: softmax
    input: [1, 2, 3]
    ```

    ```example
    id: a1
    op: argmax
    axis: 1
    input: [[[1,2],[3,4]],[[5,6],[7,8]]]
    ```

    ```example
    id: b1
    op: conv2d-backward
    input: [[1,2,3],[2,1,0],[3,0,1]]
    kernel: [[1,0],[1,0]]
    grad: [[1,1],[1,1]]
    expect: {dW: [[6,6],[6,2]]}
    ```

    ```example
    id: o1
    op: output-size
    input: 32
    kernel: 5
    padding: same
    ```

    ```example
    id: i1
    op: im2col
    input: [[1,2,3],[4,5,6],[7,8,9]]
    size: 2
    padding: 1
    ```
    """

    static let tokens = ["0", "1", "-1", "99999", "100001", "1e30", "-0", "nan", ".inf", "[", "]", "{", "}", ",", ":", " ", "\n",
                         "---", "```", "\"", "'", "#", "&a", "*a", "!!int", "- ", "same", "valid", "x", "[[1,2],[3]]", "[]", "{}", "~"]

    func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
        var chars = Array(text)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !chars.isEmpty else { break }
            let at = Int.random(in: 0..<chars.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: chars.remove(at: at)
            case 1: chars.insert(contentsOf: Self.tokens.randomElement(using: &rng)!, at: at)
            case 2: chars[at] = Array("0123456789-[],:{} \n").randomElement(using: &rng)!
            case 3:
                let end = min(chars.count, at + Int.random(in: 1...40, using: &rng))
                chars.insert(contentsOf: chars[at..<end], at: at)
            default:
                let end = min(chars.count, at + Int.random(in: 1...20, using: &rng))
                chars.removeSubrange(at..<end)
            }
        }
        return String(chars)
    }

    func testThousandsOfMutatedLessonsNeverCrashAndAlwaysLocateTheirErrors() throws {
        var rng = SplitMix64(seed: 2026)
        let iterations = ProcessInfo.processInfo.environment["CONVWALK_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 2000
        var failing = 0
        for i in 0..<iterations {
            let text = mutate(Self.seedLesson, &rng)
            let file = "fuzz-\(i).md"
            let lesson: Lesson
            do { lesson = try LessonParser.parse(text, file: file) } catch let e as LessonError {
                XCTAssertEqual(e.location.file, file)
                XCTAssertGreaterThanOrEqual(e.location.line, 1)
                failing += 1
                continue
            }
            for block in lesson.examples {
                let report = CourseChecker.checkExample(block)
                for e in report.errors {
                    XCTAssertEqual(e.location.file, file)
                    XCTAssertGreaterThanOrEqual(e.location.line, block.line - 1, "\(e)")
                    XCTAssertFalse(e.message.isEmpty)
                }
                if !report.errors.isEmpty { failing += 1 }
            }
        }
        // The mutations must actually break things, or the test proves nothing.
        XCTAssertGreaterThan(failing, iterations / 4)
    }

    func testAbsurdSizesAreRefusedWithAMessage() {
        let text = errorText("id: big\nop: conv2d\ninput: [[1,2],[3,4]]\nkernel: [[1]]\npadding: 99999")
        XCTAssertTrue(text.contains("trace would record"), text)
        XCTAssertTrue(errorText("id: big\nop: output-size\ninput: 10000000000\nkernel: 3").contains("too large"))
    }
}

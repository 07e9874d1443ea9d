import Basics
import Foundation
import KernelCore
import Tensor
import Words
import Yams

/// How a lesson page shows an example.
public enum ExampleDisplay: String, Codable, Sendable {
    /// A step-through player (the default).
    case player
    /// The result only, inside a collapsed "answer" block (for exercises).
    case answer
    /// Checked, but not shown.
    case hidden
}

/// What names a worked example and where it stands, as its block says: the same before it
/// runs (`Example`) and after (`ExampleResult`).
public struct ExampleHeading: Codable, Sendable {
    /// Empty only for a block whose `idOptional` allowed leaving it out.
    public var id: String
    public var op: LessonOp
    public var title: String?
    public var caption: String?
    public var display: ExampleDisplay
    /// Where the example's block starts.
    public var location: SourceLocation
}

/// One worked example, parsed: its heading (`example.id`, `example.op`, ...) and its fields,
/// read lazily by the op that runs it.
@dynamicMemberLookup
public struct Example {
    public var heading: ExampleHeading
    /// The lesson's language.
    public var language: Language
    /// The words of the trace's steps, in the lesson's language.
    public var phrases: TracePhrases
    let fields: Fields

    public subscript<T>(dynamicMember key: KeyPath<ExampleHeading, T>) -> T { heading[keyPath: key] }

    /// Parses an example block's YAML (or JSON).
    /// - Throws: `LessonError` at the offending line and column.
    public static func parse(_ block: ExampleBlock) throws -> Example {
        let offset = block.line - 1
        let root = try YAMLSource.compose(block.source, file: block.file, lineOffset: offset)
        let fields = try Fields(root, file: block.file, lineOffset: offset, context: "example")
        let id = block.idOptional && !fields.has("id") ? "" : try fields.string("id")
        guard id.isEmpty && block.idOptional || id.range(of: "^[A-Za-z0-9][A-Za-z0-9_-]*$", options: .regularExpression) != nil else {
            throw LessonError(fields.location(of: "id"), example: id,
                              "id may hold only letters, digits, '-' and '_' (it becomes part of a link)")
        }
        let opName: String
        do { opName = try fields.string("op") } catch let e as LessonError { throw LessonError(e.location, example: id, e.message) }
        guard let op = LessonOp(rawValue: opName) else {
            throw LessonError(fields.location(of: "op"), example: id,
                              "unknown op \"\(opName)\"; expected one of \(ExampleRunner.opNames.joined(separator: ", "))")
        }
        let displayText = try fields.optionalString("display") ?? "player"
        guard let display = ExampleDisplay(rawValue: displayText) else {
            throw LessonError(fields.location(of: "display"), example: id, "display: expected player, answer or hidden, found \"\(displayText)\"")
        }
        let heading = ExampleHeading(id: id, op: op, title: try fields.optionalString("title"), caption: try fields.optionalString("caption"),
                                     display: display, location: SourceLocation(file: block.file, line: block.line))
        return Example(heading: heading, language: Language(code: block.lang), phrases: TracePhrases.forLanguage(block.lang), fields: fields)
    }

    /// A `LessonError` at `key`'s line, tagged with this example's id.
    func error(_ key: String, _ message: String) -> LessonError {
        LessonError(fields.location(of: key), example: heading.id, message)
    }

    /// The most multiply-adds (or cells read) a trace may record: a lesson's example is read
    /// step by step by a student, so anything larger is a mistake, reported instead of traced.
    static let maxTraceWork = 2_000_000

    /// Throws when tracing would record more than `maxTraceWork` values (the product of `factors`,
    /// saturating instead of overflowing).
    func ensureTraceable(_ factors: Int..., at key: String) throws {
        var work = 1
        for f in factors {
            let (p, overflow) = work.multipliedReportingOverflow(by: max(f, 0))
            work = overflow ? Int.max : p
        }
        guard work <= Example.maxTraceWork else {
            throw error(key, "\(heading.op): the trace would record \(work) values (more than \(Example.maxTraceWork)); keep worked examples small")
        }
    }

    /// Runs `body`, turning a `TensorError` into a `LessonError` at `key`'s line.
    func kernel<T>(at key: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as TensorError {
            throw error(key, e.description)
        } catch var e as LessonError {
            if e.exampleID == nil { e.exampleID = heading.id }
            throw e
        }
    }
}

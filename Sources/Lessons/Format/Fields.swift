import Basics
import Foundation
import NN
import Yams

/// Composes YAML into a node tree, turning parser errors into `LessonError`s with the
/// file's own line numbers.
enum YAMLSource {
    /// The largest front matter or example block read, in bytes: YAML builds a node per
    /// number, so a 100 MB array would take minutes and gigabytes before `TensorLiteral`'s cap.
    static let maxBytes = 1 << 20

    static func compose(_ yaml: String, file: String, lineOffset: Int) throws -> Node {
        guard yaml.utf8.count <= maxBytes else {
            throw LessonError(SourceLocation(file: file, line: lineOffset + 1),
                              "the block is \(yaml.utf8.count) bytes (the limit is \(maxBytes)); lessons keep examples small")
        }
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw LessonError(SourceLocation(file: file, line: lineOffset + 1), "expected a YAML mapping, found nothing")
            }
            return node
        } catch let error as YamlError {
            throw LessonError(location(of: error, file: file, lineOffset: lineOffset), "malformed YAML: \(summary(of: error))")
        }
    }

    static func location(of error: YamlError, file: String, lineOffset: Int) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: file, line: lineOffset + mark.line, column: mark.column)
        case .duplicatedKeysInMapping(_, let context):
            return SourceLocation(file: file, line: lineOffset + context.mark.line, column: context.mark.column)
        default:
            return SourceLocation(file: file, line: lineOffset + 1)
        }
    }

    static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            if let c = context { return "\(yamlProblemInWords(problem)) (\(c.text))" }
            return yamlProblemInWords(problem)
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicate key \(duplicates.joined(separator: ", "))"
        default:
            return "\(error)"
        }
    }
}

/// A YAML mapping read field by field. Every accessor throws a `LessonError` at the
/// field's own line and column, and `rejectUnknown()` catches typos in field names.
final class Fields {
    let node: Node
    let mapping: Node.Mapping
    let file: String
    let lineOffset: Int
    let context: String
    private(set) var used: Set<String> = []

    init(_ node: Node, file: String, lineOffset: Int, context: String) throws {
        self.node = node
        self.file = file
        self.lineOffset = lineOffset
        self.context = context
        guard let mapping = node.mapping else {
            throw LessonError(Fields.location(node, file: file, lineOffset: lineOffset),
                              "\(context): expected a mapping of `key: value` lines, found \(Fields.kind(node))")
        }
        self.mapping = mapping
    }

    static func location(_ node: Node?, file: String, lineOffset: Int) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file, line: lineOffset + 1) }
        return SourceLocation(file: file, line: lineOffset + mark.line, column: mark.column)
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return "\"\(s.string)\""
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    func has(_ key: String) -> Bool { mapping[key] != nil }

    /// The node under `key`, marking the key as used.
    func node(_ key: String) -> Node? {
        used.insert(key)
        return mapping[key]
    }

    /// Where `key`'s value stands, or the mapping itself when the key is absent.
    func location(of key: String) -> SourceLocation {
        Fields.location(mapping[key] ?? node, file: file, lineOffset: lineOffset)
    }

    func location(_ node: Node) -> SourceLocation { Fields.location(node, file: file, lineOffset: lineOffset) }

    func error(_ key: String, _ message: String) -> LessonError { LessonError(location(of: key), message) }

    func required(_ key: String) throws -> Node {
        guard let n = node(key) else {
            throw LessonError(location(of: key), "\(context): missing field `\(key)`")
        }
        return n
    }

    func string(_ key: String) throws -> String {
        let n = try required(key)
        guard case .scalar(let s) = n else {
            throw LessonError(location(n), "`\(key)`: expected text, found \(Fields.kind(n))")
        }
        return s.string
    }

    func optionalString(_ key: String) throws -> String? {
        guard has(key) else { return nil }
        return try string(key)
    }

    /// The largest size, stride, padding or count a lesson may write; keeps arithmetic far from overflow.
    static let maxWhole = 100_000

    func int(_ key: String) throws -> Int {
        let n = try required(key)
        guard let v = n.wholeNumber else {
            throw LessonError(location(n), "`\(key)`: expected a whole number, found \(Fields.kind(n))")
        }
        guard abs(v) <= Fields.maxWhole else {
            throw LessonError(location(n), "`\(key)`: \(v) is too large; lessons keep numbers within ±\(Fields.maxWhole)")
        }
        return v
    }

    func optionalInt(_ key: String) throws -> Int? { has(key) ? try int(key) : nil }

    /// A count such as a parameter or multiply-add total: a whole number from 0 to 10^15
    /// (beyond `maxWhole`, which bounds sizes a lesson computes with).
    func count(_ key: String) throws -> Int {
        let n = try required(key)
        guard let v = n.wholeNumber, (0...1_000_000_000_000_000).contains(v) else {
            throw LessonError(location(n), "`\(key)`: expected a whole number from 0 to 10^15, found \(Fields.kind(n))")
        }
        return v
    }

    /// One whole number for a square (`5` is 5x5) or two for rows and columns (`[5, 3]`).
    func intOrPair(_ key: String) throws -> [Int] {
        let n = try required(key)
        if n.sequence == nil { let v = try int(key); return [v, v] }
        let values = try n.sequence!.map { item -> Int in
            guard let v = item.wholeNumber, abs(v) <= Fields.maxWhole else {
                throw LessonError(location(item), "`\(key)`: expected whole numbers, found \(Fields.kind(item))")
            }
            return v
        }
        guard values.count == 2 else { throw LessonError(location(n), "`\(key)`: expected one number or [rows, columns], found \(values.count) numbers") }
        return values
    }

    func number(_ key: String) throws -> Float {
        let n = try required(key)
        guard let v = n.float, v.isFinite else {
            throw LessonError(location(n), "`\(key)`: expected a number, found \(Fields.kind(n))")
        }
        guard Float(v).isFinite else {
            throw LessonError(location(n), "`\(key)`: \(n.scalar?.string ?? "the number") is beyond ±3.4e38, the range of the kernels' 32-bit numbers")
        }
        return Float(v)
    }

    func optionalNumber(_ key: String) throws -> Float? { has(key) ? try number(key) : nil }

    func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let n = node(key) else { return value }
        guard let b = n.bool else {
            throw LessonError(location(n), "`\(key)`: expected true or false, found \(Fields.kind(n))")
        }
        return b
    }

    /// One whole number, or a pair `[h, w]` for rectangular settings (stride, padding, size).
    func pair(_ key: String, default value: (Int, Int)) throws -> (Int, Int) {
        guard let n = node(key) else { return value }
        let fits = { (v: Int) in abs(v) <= Fields.maxWhole }
        if let v = n.wholeNumber, fits(v) { return (v, v) }
        if let seq = n.sequence, seq.count == 2, let a = seq[0].wholeNumber, let b = seq[1].wholeNumber, fits(a), fits(b) { return (a, b) }
        throw LessonError(location(n), "`\(key)`: expected a whole number or a pair [rows, columns], found \(Fields.kind(n))")
    }

    func tensor(_ key: String) throws -> Tensor2 {
        let n = try required(key)
        return try TensorLiteral.parse(n, key: key, file: file, lineOffset: lineOffset)
    }

    func optionalTensor(_ key: String) throws -> Tensor2? { has(key) ? try tensor(key) : nil }

    /// Throws for the first field nobody asked for (a typo such as `kernal`).
    func rejectUnknown(allowed extra: Set<String> = []) throws {
        for (k, _) in mapping {
            guard case .scalar(let s) = k else { continue }
            if !used.contains(s.string) && !extra.contains(s.string) {
                throw LessonError(location(k), "\(context): unknown field `\(s.string)`")
            }
        }
    }

    /// Throws for the first field not in `accepted`, naming what `owner` accepts.
    func rejectUnknown(accepted: [String], by owner: String) throws {
        for (k, _) in mapping {
            guard case .scalar(let s) = k, !accepted.contains(s.string) else { continue }
            throw LessonError(location(k), "\(context): unknown field `\(s.string)`; \(owner) accepts \(accepted.joined(separator: ", "))")
        }
    }
}

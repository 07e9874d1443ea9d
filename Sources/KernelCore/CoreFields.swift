/// An example object's fields read one by one, with the lesson engine's messages word for word
/// (see `Fields` in Lessons): the WebAssembly engine's counterpart of the YAML reader.
struct CoreFields {
    let members: [(String, JSONValue)]

    /// The most numbers a tensor literal may hold.
    static let maxElements = NumberList.maxElements
    /// The largest whole number a setting may hold (`Fields.maxWhole`).
    static let maxWhole = 100_000

    init(_ members: [(String, JSONValue)]) { self.members = members }

    func has(_ key: String) -> Bool { members.contains { $0.0 == key } }

    func node(_ key: String) -> JSONValue? { members.first { $0.0 == key }?.1 }

    /// How a message names a value: `"2.5"`, `a list`, `a mapping`.
    static func kind(_ v: JSONValue) -> String {
        switch v {
        case .null: return "\"null\""
        case .bool(let b): return b ? "\"true\"" : "\"false\""
        case .number(_, let raw): return "\"\(raw)\""
        case .string(let s): return "\"\(s)\""
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }

    static func whole(_ v: JSONValue) -> Int? {
        guard case .number(let d, _) = v, d == d.rounded(.towardZero), abs(d) < 2_000_000_000 else { return nil }
        return Int(d)
    }

    mutating func required(_ key: String) throws(CoreError) -> JSONValue {
        guard let n = node(key) else { throw CoreError(key, "example: missing field `\(key)`") }
        return n
    }

    mutating func string(_ key: String) throws(CoreError) -> String {
        switch try required(key) {
        case .string(let s): return s
        case .number(_, let raw): return raw
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case let n: throw CoreError(key, "`\(key)`: expected text, found \(CoreFields.kind(n))")
        }
    }

    mutating func optionalString(_ key: String) throws(CoreError) -> String? { has(key) ? try string(key) : nil }

    mutating func int(_ key: String) throws(CoreError) -> Int {
        let n = try required(key)
        guard let v = CoreFields.whole(n) else { throw CoreError(key, "`\(key)`: expected a whole number, found \(CoreFields.kind(n))") }
        guard abs(v) <= CoreFields.maxWhole else {
            throw CoreError(key, "`\(key)`: \(v) is too large; lessons keep numbers within ±\(CoreFields.maxWhole)")
        }
        return v
    }

    mutating func optionalInt(_ key: String) throws(CoreError) -> Int? { has(key) ? try int(key) : nil }

    mutating func number(_ key: String) throws(CoreError) -> Float {
        let n = try required(key)
        guard case .number(let d, _) = n else { throw CoreError(key, "`\(key)`: expected a number, found \(CoreFields.kind(n))") }
        return Float(d)
    }

    mutating func optionalNumber(_ key: String) throws(CoreError) -> Float? { has(key) ? try number(key) : nil }

    mutating func bool(_ key: String, default value: Bool) throws(CoreError) -> Bool {
        guard let n = node(key) else { return value }
        guard case .bool(let b) = n else { throw CoreError(key, "`\(key)`: expected true or false, found \(CoreFields.kind(n))") }
        return b
    }

    mutating func pair(_ key: String, default value: (Int, Int)) throws(CoreError) -> (Int, Int) {
        guard let n = node(key) else { return value }
        let fits = { (v: Int) in abs(v) <= CoreFields.maxWhole }
        if let v = CoreFields.whole(n), fits(v) { return (v, v) }
        if case .array(let seq) = n, seq.count == 2, let a = CoreFields.whole(seq[0]), let b = CoreFields.whole(seq[1]), fits(a), fits(b) {
            return (a, b)
        }
        throw CoreError(key, "`\(key)`: expected a whole number or a pair [rows, columns], found \(CoreFields.kind(n))")
    }

    mutating func tensor(_ key: String) throws(CoreError) -> CoreArray {
        let n = try required(key)
        var values: [Float] = []
        let shape = try CoreFields.walk(n, key: key, into: &values)
        return CoreArray(shape, values)
    }

    mutating func optionalTensor(_ key: String) throws(CoreError) -> CoreArray? { has(key) ? try tensor(key) : nil }

    /// `node` as `NumberList.walk` reads it.
    static func item(_ node: JSONValue) -> NumberList.Item<JSONValue> {
        switch node {
        case .number(let d, let raw): return .number(d, written: raw)
        case .array(let seq): return .list(seq)
        case .string, .bool, .null: return .notNumber(found: kind(node))
        case .object: return .notNumberOrList(found: kind(node))
        }
    }

    static func walk(_ node: JSONValue, key: String, into values: inout [Float]) throws(CoreError) -> [Int] {
        do {
            return try NumberList.walk(node, key: key, read: item, into: &values)
        } catch {
            throw CoreError(key, error.message)
        }
    }

    /// Throws for the first field not in `accepted`, naming what `owner` accepts (at `op`).
    func rejectUnknown(accepted: [String], by owner: String) throws(CoreError) {
        for (key, _) in members where !accepted.contains(key) {
            throw CoreError("op", "example: unknown field `\(key)`; \(owner) accepts \(StepText.joined(accepted, ", "))")
        }
    }
}

/// A nested list of numbers (`[[1,2],[3,4]]`, or one number) read into its shape and row-major
/// values with the lesson engine's rules and messages: the one walker behind `CoreFields.tensor`
/// (JSON, the page) and `TensorLiteral` in Lessons (YAML, the command). Generic over the node
/// type, which `read` describes; a failure names the failing node by its path of list indexes.
public enum NumberList {
    /// The most numbers a tensor literal may hold (keeps absurd input from exhausting memory).
    public static let maxElements = 1 << 16

    /// A node as the walker sees it.
    public enum Item<Node> {
        /// A number, with how it was written (the messages quote it).
        case number(Double, written: String)
        case list([Node])
        /// A scalar that is not a number (`found`: how a message names it, `"abc"`).
        case notNumber(found: String)
        /// Anything else (`found`: `a mapping`, ...).
        case notNumberOrList(found: String)
    }

    public struct Failure: Error {
        /// The list indexes from the top node down to the failing node (`[]`: the top node).
        public var path: [Int]
        public var message: String
    }

    /// The shape of `node` (`[]` for one number), its numbers appended to `values`.
    public static func walk<Node>(_ node: Node, key: String, read: (Node) -> Item<Node>,
                                  into values: inout [Float]) throws(Failure) -> [Int] {
        try walk(node, key: key, read: read, path: [], into: &values)
    }

    static func walk<Node>(_ node: Node, key: String, read: (Node) -> Item<Node>, path: [Int],
                           into values: inout [Float]) throws(Failure) -> [Int] {
        switch read(node) {
        case .number(let d, let written):
            guard d.isFinite else { throw Failure(path: path, message: "`\(key)`: expected a number, found \"\(written)\"") }
            guard Float(d).isFinite else {
                throw Failure(path: path, message: "`\(key)`: \(written) is beyond ±3.4e38, the range of the kernels' 32-bit numbers")
            }
            values.append(Float(d))
            return []
        case .list(let seq):
            guard !seq.isEmpty else { throw Failure(path: path, message: "`\(key)`: empty list; expected numbers") }
            var inner: [Int]? = nil
            for (i, child) in seq.enumerated() {
                let s = try walk(child, key: key, read: read, path: path + [i], into: &values)
                if let expected = inner, expected != s {
                    throw Failure(path: path + [i],
                                  message: "`\(key)`: ragged array: expected a row of shape \(StepText.shape(expected)), found \(StepText.shape(s))")
                }
                inner = s
                if values.count > maxElements {
                    throw Failure(path: path, message: "`\(key)`: more than \(maxElements) numbers; lessons keep examples small")
                }
            }
            return [seq.count] + (inner ?? [])
        case .notNumber(let found):
            throw Failure(path: path, message: "`\(key)`: expected a number, found \(found)")
        case .notNumberOrList(let found):
            throw Failure(path: path, message: "`\(key)`: expected a number or a list of numbers, found \(found)")
        }
    }
}

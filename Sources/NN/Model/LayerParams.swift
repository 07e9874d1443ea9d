import Yams

/// The parameters of one layer in a model file: `{filters: 6, kernel: 5}`, a bare number
/// (`{linear: 120}`), or nothing (`relu`). Reads typed values with messages that name the
/// layer and the line.
struct Params {
    let node: Node?
    let parser: ModelSpecParser
    let context: String

    var mapping: Node.Mapping? { node?.mapping }

    private func value(_ key: String) -> Node? { mapping?[key] }

    private func fail(_ node: Node?, _ message: String) -> ModelSpecError {
        ModelSpecError(parser.at(node ?? self.node), "\(context): \(message)")
    }

    /// A whole number ≥ `minimum`; `default` nil means required.
    func int(_ key: String, default def: Int?, minimum: Int = 1) throws -> Int {
        guard let v = value(key) else {
            if let def { return def }
            throw fail(node, "missing '\(key)'")
        }
        guard let i = v.wholeNumber, i >= minimum else { throw fail(v, "'\(key)' must be a whole number ≥ \(minimum), got \(parser.describe(v))") }
        return i
    }

    /// A number.
    func float(_ key: String, default def: Float) throws -> Float {
        try optionalFloat(key) ?? def
    }

    /// A number, or nil when absent.
    func optionalBool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        guard let b = v.bool else { throw fail(v, "'\(key)' must be true or false, got \(parser.describe(v))") }
        return b
    }

    func optionalFloat(_ key: String) throws -> Float? {
        guard let v = value(key) else { return nil }
        guard let d = v.float else { throw fail(v, "'\(key)' must be a number, got \(parser.describe(v))") }
        return Float(d)
    }

    /// A number given either as the whole parameter (`{dropout: 0.3}`) or under `key`.
    func scalarOr(_ key: String, default def: Float) throws -> Float {
        if let node, node.scalar != nil {
            guard let d = node.float else { throw fail(node, "expected a number, got \(parser.describe(node))") }
            return Float(d)
        }
        return try float(key, default: def)
    }

    /// A whole number given either as the whole parameter (`{linear: 120}`) or under `key`.
    func intOr(_ key: String) throws -> Int {
        if let node, node.scalar != nil {
            guard let i = node.wholeNumber, i >= 1 else { throw fail(node, "expected a whole number ≥ 1, got \(parser.describe(node))") }
            return i
        }
        return try int(key, default: nil)
    }

    /// A size per axis: `5` means 5x5, `[3, 5]` means 3 rows by 5 columns.
    func pair(_ key: String, default def: Int?, fallback: (Int, Int)? = nil) throws -> (Int, Int) {
        guard let v = value(key) else {
            if let fallback { return fallback }
            if let def { return (def, def) }
            throw fail(node, "missing '\(key)'")
        }
        if v.sequence != nil {
            let xs = try parser.intList(v, count: 2, what: "'\(key)'")
            return (xs[0], xs[1])
        }
        guard let i = v.wholeNumber, i >= 1 else { throw fail(v, "'\(key)' must be a whole number ≥ 1 or [rows, cols], got \(parser.describe(v))") }
        return (i, i)
    }

    /// A convolution's padding: a number, [rows, cols], `same` or `valid` (default 0).
    func padding() throws -> PaddingSpec {
        guard let v = value("padding") else { return .explicit(h: 0, w: 0) }
        if let s = v.scalar?.string, s == "same" || s == "valid" { return s == "same" ? .same : .valid }
        if v.sequence != nil {
            guard let seq = v.sequence, seq.count == 2, let h = seq[0].wholeNumber, let w = seq[1].wholeNumber, h >= 0, w >= 0 else {
                throw fail(v, "'padding' must be a number ≥ 0, [rows, cols], same or valid")
            }
            return .explicit(h: h, w: w)
        }
        guard let p = v.wholeNumber, p >= 0 else { throw fail(v, "'padding' must be a number ≥ 0, [rows, cols], same or valid, got \(parser.describe(v))") }
        return .explicit(h: p, w: p)
    }

    /// Throws for any key not in `known`, naming the ones that are. A bare value such as
    /// `{linear: 120}` is accepted only where `scalarAllowed`.
    func rejectUnknown(_ known: [String], scalarAllowed: Bool = false) throws {
        guard let node, node.null == nil else { return }
        if node.scalar != nil {
            if scalarAllowed { return }
            throw fail(node, known.isEmpty ? "takes no parameters" : "expected a mapping of \(known.joined(separator: ", "))")
        }
        guard let mapping else { throw fail(node, "expected a mapping of parameters, got a list") }
        for (k, _) in mapping {
            let key = k.string ?? "?"
            guard known.contains(key) else {
                let expected = known.isEmpty ? "none" : known.joined(separator: ", ")
                throw fail(k, "unknown parameter '\(key)' (expected \(expected))")
            }
        }
    }
}

extension Params {
    /// A whole number ≥ 1, or nil when absent.
    func optionalInt(_ key: String) throws -> Int? {
        guard mapping?[key] != nil else { return nil }
        return try int(key, default: nil)
    }

    /// Text, or nil when absent.
    func optionalString(_ key: String) throws -> String? {
        guard let v = mapping?[key] else { return nil }
        return try parser.string(v)
    }
}

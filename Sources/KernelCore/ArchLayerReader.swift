/// A value of a layer list as `ArchLayerReader` sees it: KernelCore's `JSONValue` (the page and
/// `convwalk compute`) or a YAML node (NN's model files, whose messages carry the line and
/// column). Each side keeps its own reading of a scalar (YAML's `yes` is true, `0.5` in quotes a
/// number; JSON's are typed), so one reader serves both without changing either.
public protocol ArchNode {
    /// A scalar's text as written (`relu`, `5`, `0.5`); nil for a list, a mapping and JSON's null.
    var archText: String? { get }
    /// A whole number written in decimal (`12`, `-3`), else nil.
    var archWhole: Int? { get }
    /// A number, else nil.
    var archNumber: Double? { get }
    /// true or false, else nil.
    var archBool: Bool? { get }
    /// Whether the value is null (a layer's parameters written as nothing).
    var archIsNull: Bool { get }
    /// A list's items; nil when the value is not a list.
    var archItems: [Self]? { get }
    /// A mapping's members in order, each key's text (nil when it is not a scalar) with its
    /// node; nil when the value is not a mapping.
    var archMembers: [(key: String?, keyNode: Self, value: Self)]? { get }
    /// The member called `key` of a mapping.
    func archMember(_ key: String) -> Self?
    /// How a message names the value: `'5'`, `a list`, `a mapping`.
    var archDescription: String { get }
    /// Where the value was written (YAML), for the message; nil when unknown (JSON).
    var archMark: (line: Int, column: Int)? { get }
    /// A number as this side's messages print it (`1.5`).
    static func archNumberText(_ x: Float) -> String
}

extension JSONValue: ArchNode {
    public var archText: String? {
        switch self {
        case .string(let s): return s
        case .number(_, let raw): return raw
        case .bool(let b): return b ? "true" : "false"
        case .null, .array, .object: return nil
        }
    }

    /// As `Int(text)` reads it, up to 9 digits (WebAssembly's Int has 32 bits).
    public var archWhole: Int? {
        let text: String
        switch self {
        case .number(_, let raw): text = raw
        case .string(let s): text = s
        case .null, .bool, .array, .object: return nil
        }
        var b = Array(text.utf8), negative = false
        if let f = b.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { negative = f == UInt8(ascii: "-"); b.removeFirst() }
        guard !b.isEmpty, b.count <= 9 else { return nil }
        var n = 0
        for c in b {
            guard c >= 48, c <= 57 else { return nil }
            n = n * 10 + Int(c - 48)
        }
        return negative ? -n : n
    }

    public var archNumber: Double? {
        guard case .number(let d, _) = self else { return nil }
        return d
    }

    public var archBool: Bool? {
        guard case .bool(let b) = self else { return nil }
        return b
    }

    public var archIsNull: Bool {
        guard case .null = self else { return false }
        return true
    }

    public var archItems: [JSONValue]? {
        guard case .array(let items) = self else { return nil }
        return items
    }

    public var archMembers: [(key: String?, keyNode: JSONValue, value: JSONValue)]? {
        guard case .object(let m) = self else { return nil }
        return m.map { (key: $0.0, keyNode: JSONValue.string($0.0), value: $0.1) }
    }

    public func archMember(_ key: String) -> JSONValue? { self[key] }

    public var archDescription: String {
        switch self {
        case .null: return "'null'"
        case .array: return "a list"
        case .object: return "a mapping"
        case .bool, .number, .string: return "'" + (archText ?? "") + "'"
        }
    }

    public var archMark: (line: Int, column: Int)? { nil }

    /// A Float as Swift prints it for the numbers a model file holds (`1.0`, `1.5`, `0.0001`).
    public static func archNumberText(_ x: Float) -> String {
        if let n = JSONWriter.whole(x), n > -10_000_000, n < 10_000_000 { return "\(n).0" }
        return JSONWriter.shortest(x)
    }
}

/// Reads a layer list in this project's model-file style (`[{conv: {filters: 6, kernel: 5}},
/// relu, ...]`) or the lecture notes' shorthand: the one reader of layers, for the page (JSON)
/// and for NN's model files (YAML). Every message names the layer (`layer 3 (conv): missing
/// 'kernel'`) and its `ArchError.at` the value it is about.
public enum ArchLayerReader<Node: ArchNode> {
    static func fail(_ message: String, at node: Node?) -> ArchError { ArchError(message, at: node?.archMark) }

    public static func positiveInt(_ v: Node, _ what: String) throws(ArchError) -> Int {
        guard let n = v.archWhole, n >= 1, n <= ArchitectureCore.maxNumber else {
            throw fail("\(what) must be a whole number in 1...\(ArchitectureCore.maxNumber), got \(v.archDescription)", at: v)
        }
        return n
    }

    public static func intList(_ v: Node, count: Int, what: String) throws(ArchError) -> [Int] {
        guard let seq = v.archItems, seq.count == count else {
            throw fail("\(what) must be a list of \(count) whole numbers, got \(v.archDescription)", at: v)
        }
        var xs: [Int] = []
        for item in seq { xs.append(try positiveInt(item, what)) }
        return xs
    }

    /// The layers: a non-empty list in one style, this project's or the notes' shorthand.
    public static func layers(_ v: Node, classes: Int = 10) throws(ArchError) -> [ArchLayer] {
        var out: [ArchLayer] = []
        for (layer, _) in try layersAndEntries(v, classes: classes) { out.append(layer) }
        return out
    }

    /// The layers, each with the index of the list entry it was written in (a notes entry can
    /// give several; the appended output layer belongs to the last).
    public static func layersAndEntries(_ v: Node, classes: Int = 10) throws(ArchError) -> [(layer: ArchLayer, entry: Int)] {
        guard let entries = v.archItems, !entries.isEmpty else { throw fail("'layers' must be a non-empty list", at: v) }
        func isNotes(_ e: Node) -> Bool { e.archItems != nil || e.archWhole != nil }
        let first = isNotes(entries[0])
        for (i, e) in entries.enumerated() where isNotes(e) != first {
            let styles = ("the notes' [kind, {...}] style", "this project's {kind: {...}} style")
            let (a, b) = first ? (styles.0, styles.1) : (styles.1, styles.0)
            throw fail("layer \(i + 1) is in \(b) but layer 1 is in \(a); use one style per file", at: e)
        }
        if first { return try notes(entries, classes: classes) }
        var out: [(layer: ArchLayer, entry: Int)] = []
        for (i, e) in entries.enumerated() { out.append((try layer(e, index: i + 1), i)) }
        return out
    }

    /// One layer: a bare kind or a one-key mapping `{kind: params}`.
    static func layer(_ node: Node, index: Int) throws(ArchError) -> ArchLayer {
        let kind: String, params: Node?
        if let s = node.archText {
            (kind, params) = (s, nil)
        } else if let m = node.archMembers, m.count == 1, let k = m[0].key {
            (kind, params) = (k, m[0].value)
        } else {
            throw fail("layer \(index): expected a kind such as `relu` or a mapping such as `{conv: {filters: 6, kernel: 5}}`", at: node)
        }
        let p = ArchParams(node: params, context: "layer \(index) (\(kind))")
        switch kind {
        case "conv":
            let (kh, kw) = try p.pair("kernel", default: nil)
            let (sh, sw) = try p.pair("stride", default: 1)
            let bias = try p.optionalBool("bias")
            let filters = try p.int("filters", default: nil)
            let padding = try p.padding()
            let spec = ArchLayer.conv(filters: filters, kernelH: kh, kernelW: kw, strideH: sh, strideW: sw, padding: padding,
                                      dilation: try p.int("dilation", default: 1), bias: bias != false)
            try p.rejectUnknown(["filters", "kernel", "stride", "padding", "dilation", "bias"])
            return spec
        case "maxpool", "avgpool":
            let (kh, kw) = try p.pair("size", default: nil)
            let (sh, sw) = try p.pair("stride", default: nil, fallback: (kh, kw))
            let pad = try p.int("padding", default: 0, minimum: 0)
            try p.rejectUnknown(["size", "stride", "padding"])
            return kind == "maxpool" ? .maxpool(sizeH: kh, sizeW: kw, strideH: sh, strideW: sw, padding: pad)
                                     : .avgpool(sizeH: kh, sizeW: kw, strideH: sh, strideW: sw, padding: pad)
        case "relu", "sigmoid", "tanh", "leaky_relu", "elu", "prelu":
            let act = ArchActivation(rawValue: kind) ?? .relu
            let alpha = try p.optionalFloat("alpha")
            if alpha != nil, act == .relu || act == .sigmoid || act == .tanh {
                throw fail("layer \(index) (\(kind)): \(kind) takes no alpha", at: node)
            }
            try p.rejectUnknown(["alpha"])
            return .activation(act, alpha: alpha)
        case "lrn":
            let spec = ArchLayer.lrn(size: try p.int("size", default: 5), alpha: try p.float("alpha", default: 1e-4),
                                     beta: try p.float("beta", default: 0.75), k: try p.float("k", default: 2))
            try p.rejectUnknown(["size", "alpha", "beta", "k"])
            return spec
        case "dropout":
            let prob = try p.scalarOr("p", default: 0.5)
            guard prob >= 0, prob < 1 else {
                throw fail("layer \(index) (dropout): p must be in [0, 1), got \(Node.archNumberText(prob))", at: params ?? node)
            }
            try p.rejectUnknown(["p"], scalarAllowed: true)
            return .dropout(p: prob)
        case "flatten", "batchnorm", "global_avgpool":
            try p.rejectUnknown([])
            return kind == "flatten" ? .flatten : kind == "batchnorm" ? .batchnorm : .globalAvgPool
        case "linear":
            let n = try p.intOr("n")
            try p.rejectUnknown(["n"], scalarAllowed: true)
            return .linear(outputs: n)
        case "residual":
            // `residual: [layers]`, or `residual: {body: [layers], shortcut: [layers]}`.
            if let params, params.archMembers != nil {
                try p.rejectUnknown(["body", "shortcut"])
                guard let body = params.archMember("body") else {
                    throw fail("layer \(index) (residual): expected `body: [layers]` (and optionally `shortcut: [layers]`), or a plain list of layers", at: params)
                }
                var shortcut: [ArchLayer]? = nil
                if let s = params.archMember("shortcut") { shortcut = try block(s, of: node, index: index, kind: "residual shortcut") }
                return .residual(body: try block(body, of: node, index: index, kind: kind), shortcut: shortcut)
            }
            return .residual(body: try block(params, of: node, index: index, kind: kind), shortcut: nil)
        case "inception":
            guard let list = params?.archItems, list.count >= 2 else {
                throw fail("layer \(index) (inception): expected a list of at least 2 branches, each a list of layers", at: params ?? node)
            }
            var branches: [[ArchLayer]] = []
            for b in list { branches.append(try block(b, of: node, index: index, kind: "inception branch")) }
            return .inception(branches: branches)
        default:
            throw fail("layer \(index): unknown layer kind '\(kind)' (known: conv, maxpool, avgpool, relu, sigmoid, tanh, leaky_relu, elu, prelu, lrn, dropout, flatten, linear, batchnorm, global_avgpool, residual, inception)", at: node)
        }
    }

    /// The layers of a residual body or an inception branch: a non-empty list in this project's style.
    static func block(_ list: Node?, of node: Node, index: Int, kind: String) throws(ArchError) -> [ArchLayer] {
        guard let items = list?.archItems, !items.isEmpty else {
            throw fail("layer \(index) (\(kind)): expected a non-empty list of layers, e.g. [{conv: {filters: 16, kernel: 3, padding: 1}}, batchnorm, relu]", at: list ?? node)
        }
        var out: [ArchLayer] = []
        for item in items { out.append(try layer(item, index: index)) }
        return out
    }

    /// The lecture notes' layer shorthand (seed 000's `CnnBasicModel` hconfigs), e.g.
    /// `[['conv', {'ksize': 5, 'chn': 6}], ['max', {'stride': 2}], ['full', {'width': 120}]]`:
    /// - `['conv', {ksize, chn, actfunc}]`: a stride-1 convolution with "same" padding, `chn`
    ///   filters of `ksize` (a number or [rows, cols]), then `actfunc` (relu by default; `none`
    ///   for no activation; sigmoid, tanh).
    /// - `['max', {stride}]`, `['avg', {stride}]`: pooling whose window equals its stride.
    /// - `['full', {width, actfunc}]` or a bare number: a fully connected layer (flattening
    ///   first when needed), then `actfunc` (relu by default). `affine` and `out` are accepted
    ///   as synonyms of `full` and `width`.
    /// - As in the notes, these are the hidden layers: an output layer of `classes` units
    ///   without activation is appended.
    static func notes(_ entries: [Node], classes: Int) throws(ArchError) -> [(layer: ArchLayer, entry: Int)] {
        var out: [(layer: ArchLayer, entry: Int)] = []
        var flat = false
        for (i, entry) in entries.enumerated() {
            let context = "layer \(i + 1)"
            if let width = entry.archWhole {
                guard width >= 1 else { throw fail("\(context): width must be ≥ 1", at: entry) }
                if !flat { out.append((.flatten, i)); flat = true }
                out += [(.linear(outputs: width), i), (.activation(.relu, alpha: nil), i)]
                continue
            }
            guard let seq = entry.archItems, seq.count == 1 || seq.count == 2, let kind = seq[0].archText else {
                throw fail("\(context): expected [kind, {options}] such as ['conv', {'ksize': 5, 'chn': 6}]", at: entry)
            }
            let p = ArchParams(node: seq.count == 2 ? seq[1] : nil, context: "\(context) (\(kind))")
            switch kind {
            case "conv":
                let (kh, kw) = try p.pair("ksize", default: nil)
                out.append((.conv(filters: try p.int("chn", default: nil), kernelH: kh, kernelW: kw, strideH: 1, strideW: 1, padding: .same,
                                  dilation: 1, bias: true), i))
                if let act = try notesActivation(p, entry) { out.append((act, i)) }
                try p.rejectUnknown(["ksize", "chn", "actfunc"])
                flat = false
            case "max", "avg":
                let (sh, sw) = try p.pair("stride", default: nil)
                out.append((kind == "max" ? .maxpool(sizeH: sh, sizeW: sw, strideH: sh, strideW: sw, padding: 0)
                                          : .avgpool(sizeH: sh, sizeW: sw, strideH: sh, strideW: sw, padding: 0), i))
                try p.rejectUnknown(["stride"])
            case "full", "affine":
                let width: Int
                if p.value("width") != nil { width = try p.int("width", default: nil) } else { width = try p.int("out", default: nil) }
                if !flat { out.append((.flatten, i)); flat = true }
                out.append((.linear(outputs: width), i))
                if let act = try notesActivation(p, entry) { out.append((act, i)) }
                try p.rejectUnknown(["width", "out", "actfunc"])
            default:
                throw fail("\(context): unknown kind '\(kind)' in the notes' style (known: conv, max, avg, full, affine)", at: seq[0])
            }
        }
        let last = entries.count - 1
        if !flat { out.append((.flatten, last)) }
        out.append((.linear(outputs: classes), last))
        return out
    }

    /// The notes' `actfunc` (relu when absent, nil for `none`).
    static func notesActivation(_ p: ArchParams<Node>, _ entry: Node) throws(ArchError) -> ArchLayer? {
        guard let v = p.value("actfunc") else { return .activation(.relu, alpha: nil) }
        guard let name = v.archText else { throw fail("expected text", at: v) }
        switch name {
        case "none": return nil
        case "relu": return .activation(.relu, alpha: nil)
        case "sigmoid": return .activation(.sigmoid, alpha: nil)
        case "tanh": return .activation(.tanh, alpha: nil)
        default: throw fail("actfunc '\(name)' is not one of relu, sigmoid, tanh, none", at: entry)
        }
    }
}

/// The parameters of one layer: `{filters: 6, kernel: 5}`, a bare number (`{linear: 120}`), or
/// nothing (`relu`). Typed values with messages that name the layer and point at the value.
struct ArchParams<Node: ArchNode> {
    let node: Node?
    let context: String

    func value(_ key: String) -> Node? { node?.archMember(key) }

    /// A number, text or true/false given as the whole parameter (YAML's null too).
    var isScalar: Bool { node?.archText != nil }

    func fail(_ message: String, at v: Node? = nil) -> ArchError { ArchError(context + ": " + message, at: (v ?? node)?.archMark) }

    /// A whole number ≥ `minimum`; `default` nil means required.
    func int(_ key: String, default def: Int?, minimum: Int = 1) throws(ArchError) -> Int {
        guard let v = value(key) else {
            if let def { return def }
            throw fail("missing '\(key)'")
        }
        guard let i = v.archWhole, i >= minimum else {
            throw fail("'\(key)' must be a whole number ≥ \(minimum), got \(v.archDescription)", at: v)
        }
        return i
    }

    func optionalFloat(_ key: String) throws(ArchError) -> Float? {
        guard let v = value(key) else { return nil }
        guard let d = v.archNumber else { throw fail("'\(key)' must be a number, got \(v.archDescription)", at: v) }
        return Float(d)
    }

    func float(_ key: String, default def: Float) throws(ArchError) -> Float { try optionalFloat(key) ?? def }

    func optionalBool(_ key: String) throws(ArchError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard let b = v.archBool else { throw fail("'\(key)' must be true or false, got \(v.archDescription)", at: v) }
        return b
    }

    /// A number given either as the whole parameter (`{dropout: 0.3}`) or under `key`.
    func scalarOr(_ key: String, default def: Float) throws(ArchError) -> Float {
        if let node, isScalar {
            guard let d = node.archNumber else { throw fail("expected a number, got \(node.archDescription)") }
            return Float(d)
        }
        return try float(key, default: def)
    }

    /// A whole number given either as the whole parameter (`{linear: 120}`) or under `key`.
    func intOr(_ key: String) throws(ArchError) -> Int {
        if let node, isScalar {
            guard let i = node.archWhole, i >= 1 else { throw fail("expected a whole number ≥ 1, got \(node.archDescription)") }
            return i
        }
        return try int(key, default: nil)
    }

    /// A size per axis: `5` means 5x5, `[3, 5]` means 3 rows by 5 columns.
    func pair(_ key: String, default def: Int?, fallback: (Int, Int)? = nil) throws(ArchError) -> (Int, Int) {
        guard let v = value(key) else {
            if let fallback { return fallback }
            if let def { return (def, def) }
            throw fail("missing '\(key)'")
        }
        if v.archItems != nil {
            // Without the layer's name, as the input's message.
            let xs = try ArchLayerReader<Node>.intList(v, count: 2, what: "'\(key)'")
            return (xs[0], xs[1])
        }
        guard let i = v.archWhole, i >= 1 else {
            throw fail("'\(key)' must be a whole number ≥ 1 or [rows, cols], got \(v.archDescription)", at: v)
        }
        return (i, i)
    }

    /// A convolution's padding: a number, [rows, cols], `same` or `valid` (default 0).
    func padding() throws(ArchError) -> ArchPadding {
        guard let v = value("padding") else { return .explicit(h: 0, w: 0) }
        if let s = v.archText, s == "same" || s == "valid" { return s == "same" ? .same : .valid }
        if let seq = v.archItems {
            guard seq.count == 2, let h = seq[0].archWhole, let w = seq[1].archWhole, h >= 0, w >= 0 else {
                throw fail("'padding' must be a number ≥ 0, [rows, cols], same or valid", at: v)
            }
            return .explicit(h: h, w: w)
        }
        guard let p = v.archWhole, p >= 0 else {
            throw fail("'padding' must be a number ≥ 0, [rows, cols], same or valid, got \(v.archDescription)", at: v)
        }
        return .explicit(h: p, w: p)
    }

    /// Throws for any key not in `known`, naming the ones that are. A bare value such as
    /// `{linear: 120}` is accepted only where `scalarAllowed`.
    func rejectUnknown(_ known: [String], scalarAllowed: Bool = false) throws(ArchError) {
        guard let node, !node.archIsNull else { return }
        if isScalar {
            if scalarAllowed { return }
            throw fail(known.isEmpty ? "takes no parameters" : "expected a mapping of \(StepText.joined(known, ", "))")
        }
        guard let members = node.archMembers else { throw fail("expected a mapping of parameters, got a list") }
        for m in members {
            let key = m.key ?? "?"
            guard known.contains(key) else {
                throw fail("unknown parameter '\(key)' (expected \(known.isEmpty ? "none" : StepText.joined(known, ", ")))", at: m.keyNode)
            }
        }
    }
}

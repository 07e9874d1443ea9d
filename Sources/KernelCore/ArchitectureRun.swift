/// `op: architecture` end to end: the layer list read from JSON (this project's model-file
/// style, `[{"conv": {"filters": 6, "kernel": 5}}, "relu", ...]`, with the model parser's
/// messages), the layer table (`ArchitectureCore`), and the run the command prints (the
/// parameter count, the costs, one step per layer). A `model: NAME` example reaches the page
/// with the model resolved by the build, `"model": {"name", "input", "layers"}`, written by
/// `json(name:input:layers:)` from the model file: models/*.yaml stay the one source.
public struct ArchPhrases {
    /// `layer`: `{i}`, `{name}`; `parameters`: `{n}`; `weightsAndBiases`, `weightsOnly`:
    /// `{f}`, `{per}`, `{n}`; `modelTotal`: `{name}`, `{layers}`, `{total}`.
    public var layer, noParameters, parameters, weightsAndBiases, weightsOnly, modelTotal: String
    public init(layer: String, noParameters: String, parameters: String, weightsAndBiases: String, weightsOnly: String, modelTotal: String) {
        (self.layer, self.noParameters, self.parameters) = (layer, noParameters, parameters)
        (self.weightsAndBiases, self.weightsOnly, self.modelTotal) = (weightsAndBiases, weightsOnly, modelTotal)
    }
}

/// What the op records besides `CoreRun`'s tensors and steps: the table and whether the
/// lesson asked for its cost columns.
public struct ArchRun {
    public var run: CoreRun
    public var rows: [ArchRow]
}

extension ArchitectureCore {
    /// The run of a model whose table is `rows`: `params` first (the result), one step per layer
    /// (`conv 5x5, 6 filters: 1x28x28 → 6x24x24, 6·25 + 6 = 156 parameters`), the total as formula.
    public static func run(name: String, input: [Int], rows: [ArchRow], phrases p: ArchPhrases) -> CoreRun {
        var shape = input, total: Int64 = 0, macs: Int64 = 0, activations: Int64 = 0
        var steps: [CoreStep] = []
        for row in rows {
            let arrow = Array("→".utf8), d = Array(row.description.utf8)
            var hasArrow = false
            if d.count >= arrow.count {
                for i in 0...(d.count - arrow.count) where Array(d[i..<(i + arrow.count)]) == arrow { hasArrow = true }
            }
            let flow = hasArrow ? row.description : row.description + ": " + describe(shape) + " → " + describe(row.outputShape)
            let text = flow + ", " + paramsText(row, p)
            shape = row.outputShape
            var s = CoreStep()
            s.writes = [CoreCell("params", [row.index - 1])]
            s.result = Float(row.parameters)
            s.arithmetic = text
            s.description = StepText.fill(p.layer, [("i", "\(row.index)"), ("name", row.name)]) + ": " + text
            steps.append(s)
            total += row.parameters
            macs += row.multiplyAdds
            activations += row.activations
        }
        let field = rows.last?.field.size ?? [1, 1]
        func ints(_ name: String, _ xs: [Int64], scalar: Bool = false) -> CoreTensor {
            var t = CoreTensor(name, "output", scalar ? [] : [xs.count], xs.map { Float($0) })
            t.integers = xs
            return t
        }
        let outputs = [
            ints("params", [total], scalar: true), ints("layer_params", rows.map { $0.parameters }),
            ints("output_shape", shape.map { Int64($0) }), ints("multiply_adds", [macs], scalar: true),
            ints("layer_multiply_adds", rows.map { $0.multiplyAdds }), ints("activations", [activations], scalar: true),
            ints("receptive_field", field),
        ]
        let formula = StepText.fill(p.modelTotal, [("name", name), ("layers", "\(rows.count)"), ("total", "\(total)")])
        var run = CoreRun(result: outputs[0], tensors: [CoreTensor("params", "output", [rows.count], rows.map { Float($0.parameters) })],
                          steps: steps, formulas: [formula])
        run.outputs = outputs
        return run
    }

    /// `6·25 + 6 = 156 parameters` for conv and linear layers, `no parameters` otherwise.
    static func paramsText(_ row: ArchRow, _ p: ArchPhrases) -> String {
        guard row.parameters > 0 else { return p.noParameters }
        guard let s = row.split else { return StepText.fill(p.parameters, [("n", "\(row.parameters)")]) }
        return StepText.fill(s.biases > 0 ? p.weightsAndBiases : p.weightsOnly,
                             [("f", "\(s.units)"), ("per", "\(s.weightsPerUnit)"), ("n", "\(row.parameters)")])
    }
}

/// Reads a layer list in this project's model-file style from JSON, with `ModelSpecParser`'s
/// messages (`layer 3 (conv): missing 'kernel'`).
struct ArchLayerReader {
    /// How a message names a value: `'5'`, `a list`, `a mapping`.
    static func describe(_ v: JSONValue) -> String {
        switch v {
        case .null: return "'null'"
        case .bool(let b): return b ? "'true'" : "'false'"
        case .number(_, let raw): return "'" + raw + "'"
        case .string(let s): return "'" + s + "'"
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }

    /// A Float as Swift prints it for the numbers a model file holds (`1.0`, `1.5`, `0.0001`).
    static func floatText(_ x: Float) -> String {
        if let n = JSONWriter.whole(x), n > -10_000_000, n < 10_000_000 { return "\(n).0" }
        return JSONWriter.shortest(x)
    }

    /// A whole number written in decimal (`12`, `-3`), as `Int(text)` reads it; nil otherwise.
    static func whole(_ v: JSONValue) -> Int? {
        let text: String
        switch v {
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

    static func positiveInt(_ v: JSONValue, _ what: String) throws(ArchError) -> Int {
        guard let n = whole(v), n >= 1, n <= ArchitectureCore.maxNumber else {
            throw ArchError("\(what) must be a whole number in 1...\(ArchitectureCore.maxNumber), got \(describe(v))")
        }
        return n
    }

    static func intList(_ v: JSONValue, count: Int, what: String) throws(ArchError) -> [Int] {
        guard case .array(let seq) = v, seq.count == count else {
            throw ArchError("\(what) must be a list of \(count) whole numbers, got \(describe(v))")
        }
        var xs: [Int] = []
        for item in seq { xs.append(try positiveInt(item, what)) }
        return xs
    }

    /// The layers: a non-empty list in one style, this project's or the notes' shorthand.
    static func layers(_ v: JSONValue, classes: Int = 10) throws(ArchError) -> [ArchLayer] {
        guard case .array(let entries) = v, !entries.isEmpty else { throw ArchError("'layers' must be a non-empty list") }
        func isNotes(_ e: JSONValue) -> Bool {
            if case .array = e { return true }
            return whole(e) != nil
        }
        let first = isNotes(entries[0])
        for (i, e) in entries.enumerated() where isNotes(e) != first {
            let styles = ("the notes' [kind, {...}] style", "this project's {kind: {...}} style")
            let (a, b) = first ? (styles.0, styles.1) : (styles.1, styles.0)
            throw ArchError("layer \(i + 1) is in \(b) but layer 1 is in \(a); use one style per file")
        }
        if first { return try notes(entries, classes: classes) }
        var out: [ArchLayer] = []
        for (i, e) in entries.enumerated() { out.append(try layer(e, index: i + 1)) }
        return out
    }

    /// One layer: a bare kind or a one-key mapping `{kind: params}`.
    static func layer(_ node: JSONValue, index: Int) throws(ArchError) -> ArchLayer {
        let kind: String, params: JSONValue?
        switch node {
        case .string(let s): (kind, params) = (s, nil)
        case .number(_, let raw): (kind, params) = (raw, nil)
        case .bool(let b): (kind, params) = (b ? "true" : "false", nil)
        case .object(let m) where m.count == 1: (kind, params) = (m[0].0, m[0].1)
        case .null, .array, .object:
            throw ArchError("layer \(index): expected a kind such as `relu` or a mapping such as `{conv: {filters: 6, kernel: 5}}`")
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
                throw ArchError("layer \(index) (\(kind)): \(kind) takes no alpha")
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
            guard prob >= 0, prob < 1 else { throw ArchError("layer \(index) (dropout): p must be in [0, 1), got \(ArchLayerReader.floatText(prob))") }
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
            if case .object? = params {
                try p.rejectUnknown(["body", "shortcut"])
                guard let body = p.value("body") else {
                    throw ArchError("layer \(index) (residual): expected `body: [layers]` (and optionally `shortcut: [layers]`), or a plain list of layers")
                }
                var shortcut: [ArchLayer]? = nil
                if let s = p.value("shortcut") { shortcut = try block(s, index: index, kind: "residual shortcut") }
                return .residual(body: try block(body, index: index, kind: kind), shortcut: shortcut)
            }
            return .residual(body: try block(params, index: index, kind: kind), shortcut: nil)
        case "inception":
            guard case .array(let list)? = params, list.count >= 2 else {
                throw ArchError("layer \(index) (inception): expected a list of at least 2 branches, each a list of layers")
            }
            var branches: [[ArchLayer]] = []
            for b in list { branches.append(try block(b, index: index, kind: "inception branch")) }
            return .inception(branches: branches)
        default:
            throw ArchError("layer \(index): unknown layer kind '\(kind)' (known: conv, maxpool, avgpool, relu, sigmoid, tanh, leaky_relu, elu, prelu, lrn, dropout, flatten, linear, batchnorm, global_avgpool, residual, inception)")
        }
    }

    /// The lecture notes' shorthand (`NotesShorthand` in NN has the format): `['conv', {ksize,
    /// chn, actfunc}]` (stride 1, same padding, then relu unless `actfunc` says otherwise),
    /// `['max', {stride}]`, `['avg', {stride}]`, `['full', {width, actfunc}]` or a bare width,
    /// and an output layer of `classes` units appended.
    static func notes(_ entries: [JSONValue], classes: Int) throws(ArchError) -> [ArchLayer] {
        var out: [ArchLayer] = []
        var flat = false
        for (i, entry) in entries.enumerated() {
            let context = "layer \(i + 1)"
            if let width = whole(entry) {
                guard width >= 1 else { throw ArchError("\(context): width must be ≥ 1") }
                if !flat { out.append(.flatten); flat = true }
                out += [.linear(outputs: width), .activation(.relu, alpha: nil)]
                continue
            }
            guard case .array(let seq) = entry, seq.count == 1 || seq.count == 2, case .string(let kind) = seq[0] else {
                throw ArchError("\(context): expected [kind, {options}] such as ['conv', {'ksize': 5, 'chn': 6}]")
            }
            let p = ArchParams(node: seq.count == 2 ? seq[1] : nil, context: "\(context) (\(kind))")
            switch kind {
            case "conv":
                let (kh, kw) = try p.pair("ksize", default: nil)
                out.append(.conv(filters: try p.int("chn", default: nil), kernelH: kh, kernelW: kw, strideH: 1, strideW: 1, padding: .same,
                                 dilation: 1, bias: true))
                if let act = try notesActivation(p) { out.append(act) }
                try p.rejectUnknown(["ksize", "chn", "actfunc"])
                flat = false
            case "max", "avg":
                let (sh, sw) = try p.pair("stride", default: nil)
                out.append(kind == "max" ? .maxpool(sizeH: sh, sizeW: sw, strideH: sh, strideW: sw, padding: 0)
                                         : .avgpool(sizeH: sh, sizeW: sw, strideH: sh, strideW: sw, padding: 0))
                try p.rejectUnknown(["stride"])
            case "full", "affine":
                let width: Int
                if p.value("width") != nil { width = try p.int("width", default: nil) } else { width = try p.int("out", default: nil) }
                if !flat { out.append(.flatten); flat = true }
                out.append(.linear(outputs: width))
                if let act = try notesActivation(p) { out.append(act) }
                try p.rejectUnknown(["width", "out", "actfunc"])
            default:
                throw ArchError("\(context): unknown kind '\(kind)' in the notes' style (known: conv, max, avg, full, affine)")
            }
        }
        if !flat { out.append(.flatten) }
        out.append(.linear(outputs: classes))
        return out
    }

    /// The notes' `actfunc` (relu when absent, nil for `none`).
    static func notesActivation(_ p: ArchParams) throws(ArchError) -> ArchLayer? {
        guard let v = p.value("actfunc") else { return .activation(.relu, alpha: nil) }
        let name: String
        switch v {
        case .string(let s): name = s
        case .number(_, let raw): name = raw
        case .bool(let b): name = b ? "true" : "false"
        case .null, .array, .object: throw ArchError("expected text")
        }
        switch name {
        case "none": return nil
        case "relu": return .activation(.relu, alpha: nil)
        case "sigmoid": return .activation(.sigmoid, alpha: nil)
        case "tanh": return .activation(.tanh, alpha: nil)
        default: throw ArchError("actfunc '\(name)' is not one of relu, sigmoid, tanh, none")
        }
    }

    /// The layers of a residual body or an inception branch: a non-empty list.
    static func block(_ list: JSONValue?, index: Int, kind: String) throws(ArchError) -> [ArchLayer] {
        guard case .array(let items)? = list, !items.isEmpty else {
            throw ArchError("layer \(index) (\(kind)): expected a non-empty list of layers, e.g. [{conv: {filters: 16, kernel: 3, padding: 1}}, batchnorm, relu]")
        }
        var out: [ArchLayer] = []
        for item in items { out.append(try layer(item, index: index)) }
        return out
    }
}

/// The parameters of one layer (`Params` in NN): typed values with messages naming the layer.
struct ArchParams {
    let node: JSONValue?
    let context: String

    func value(_ key: String) -> JSONValue? {
        guard case .object(let m)? = node else { return nil }
        return m.first { $0.0 == key }?.1
    }

    var isScalar: Bool {
        switch node {
        case .number?, .string?, .bool?: return true
        case .null?, .array?, .object?, nil: return false
        }
    }

    func fail(_ message: String) -> ArchError { ArchError(context + ": " + message) }

    func int(_ key: String, default def: Int?, minimum: Int = 1) throws(ArchError) -> Int {
        guard let v = value(key) else {
            if let def { return def }
            throw fail("missing '\(key)'")
        }
        guard let i = ArchLayerReader.whole(v), i >= minimum else {
            throw fail("'\(key)' must be a whole number ≥ \(minimum), got \(ArchLayerReader.describe(v))")
        }
        return i
    }

    func optionalFloat(_ key: String) throws(ArchError) -> Float? {
        guard let v = value(key) else { return nil }
        guard case .number(let d, _) = v else { throw fail("'\(key)' must be a number, got \(ArchLayerReader.describe(v))") }
        return Float(d)
    }

    func float(_ key: String, default def: Float) throws(ArchError) -> Float { try optionalFloat(key) ?? def }

    func optionalBool(_ key: String) throws(ArchError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw fail("'\(key)' must be true or false, got \(ArchLayerReader.describe(v))") }
        return b
    }

    /// A number given either as the whole parameter (`{dropout: 0.3}`) or under `key`.
    func scalarOr(_ key: String, default def: Float) throws(ArchError) -> Float {
        if let node, isScalar {
            guard case .number(let d, _) = node else { throw fail("expected a number, got \(ArchLayerReader.describe(node))") }
            return Float(d)
        }
        return try float(key, default: def)
    }

    /// A whole number given either as the whole parameter (`{linear: 120}`) or under `key`.
    func intOr(_ key: String) throws(ArchError) -> Int {
        if let node, isScalar {
            guard let i = ArchLayerReader.whole(node), i >= 1 else {
                throw fail("expected a whole number ≥ 1, got \(ArchLayerReader.describe(node))")
            }
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
        if case .array = v {
            // As the model parser words it: without the layer's name.
            let xs = try ArchLayerReader.intList(v, count: 2, what: "'\(key)'")
            return (xs[0], xs[1])
        }
        guard let i = ArchLayerReader.whole(v), i >= 1 else {
            throw fail("'\(key)' must be a whole number ≥ 1 or [rows, cols], got \(ArchLayerReader.describe(v))")
        }
        return (i, i)
    }

    /// A convolution's padding: a number, [rows, cols], `same` or `valid` (default 0).
    func padding() throws(ArchError) -> ArchPadding {
        guard let v = value("padding") else { return .explicit(h: 0, w: 0) }
        if case .string(let s) = v, s == "same" || s == "valid" { return s == "same" ? .same : .valid }
        if case .array(let seq) = v {
            guard seq.count == 2, let h = ArchLayerReader.whole(seq[0]), let w = ArchLayerReader.whole(seq[1]), h >= 0, w >= 0 else {
                throw fail("'padding' must be a number ≥ 0, [rows, cols], same or valid")
            }
            return .explicit(h: h, w: w)
        }
        guard let p = ArchLayerReader.whole(v), p >= 0 else {
            throw fail("'padding' must be a number ≥ 0, [rows, cols], same or valid, got \(ArchLayerReader.describe(v))")
        }
        return .explicit(h: p, w: p)
    }

    /// Throws for any key not in `known`. A bare value such as `{linear: 120}` is accepted only
    /// where `scalarAllowed`.
    func rejectUnknown(_ known: [String], scalarAllowed: Bool = false) throws(ArchError) {
        guard let node else { return }
        if case .null = node { return }
        if isScalar {
            if scalarAllowed { return }
            throw fail(known.isEmpty ? "takes no parameters" : "expected a mapping of \(StepText.joined(known, ", "))")
        }
        guard case .object(let m) = node else { throw fail("expected a mapping of parameters, got a list") }
        for (key, _) in m where !known.contains(key) {
            throw fail("unknown parameter '\(key)' (expected \(known.isEmpty ? "none" : StepText.joined(known, ", ")))")
        }
    }
}

extension ArchitectureCore {
    /// `{"name": …, "input": [C, H, W], "layers": [...]}`: a resolved model as the page's
    /// examples carry it, every setting written out, read back by `ArchLayerReader`.
    public static func json(name: String, input: [Int], layers: [ArchLayer]) -> String {
        var w = JSONWriter()
        w.raw("{\"name\":"); w.string(name)
        w.raw(",\"input\":"); w.ints(input)
        w.raw(",\"layers\":"); write(&w, layers)
        w.raw("}")
        return String(decoding: w.text, as: UTF8.self)
    }

    static func write(_ w: inout JSONWriter, _ layers: [ArchLayer]) {
        w.raw("[")
        for (i, l) in layers.enumerated() {
            if i > 0 { w.raw(",") }
            write(&w, l)
        }
        w.raw("]")
    }

    static func write(_ w: inout JSONWriter, _ layer: ArchLayer) {
        func open(_ kind: String) { w.raw("{"); w.string(kind); w.raw(":{") }
        func pair(_ key: String, _ a: Int, _ b: Int, first: Bool = false) { w.raw(first ? "" : ","); w.string(key); w.raw(":"); w.ints([a, b]) }
        func num(_ key: String, _ x: Float) { w.raw(","); w.string(key); w.raw(":"); w.number(x) }
        switch layer {
        case let .conv(filters, kh, kw, sh, sw, padding, d, bias):
            open("conv")
            w.raw("\"filters\":"); w.integer(Int64(filters))
            pair("kernel", kh, kw)
            pair("stride", sh, sw)
            switch padding {
            case let .explicit(h, pw): pair("padding", h, pw)
            case .same: w.raw(",\"padding\":\"same\"")
            case .valid: w.raw(",\"padding\":\"valid\"")
            }
            w.raw(",\"dilation\":"); w.integer(Int64(d))
            if !bias { w.raw(",\"bias\":false") }
            w.raw("}}")
        case let .maxpool(kh, kw, sh, sw, p), let .avgpool(kh, kw, sh, sw, p):
            open(layer.kind)
            pair("size", kh, kw, first: true)
            pair("stride", sh, sw)
            w.raw(",\"padding\":"); w.integer(Int64(p))
            w.raw("}}")
        case let .activation(kind, alpha):
            guard let alpha else { w.string(kind.rawValue); return }
            open(kind.rawValue)
            w.raw("\"alpha\":"); w.number(alpha)
            w.raw("}}")
        case let .lrn(size, alpha, beta, k):
            open("lrn")
            w.raw("\"size\":"); w.integer(Int64(size))
            num("alpha", alpha)
            num("beta", beta)
            num("k", k)
            w.raw("}}")
        case let .dropout(p):
            open("dropout")
            w.raw("\"p\":"); w.number(p)
            w.raw("}}")
        case .flatten, .batchnorm, .globalAvgPool:
            w.string(layer.kind)
        case let .linear(n):
            w.raw("{\"linear\":"); w.integer(Int64(n)); w.raw("}")
        case let .residual(body, shortcut):
            w.raw("{\"residual\":{\"body\":")
            write(&w, body)
            if let shortcut { w.raw(",\"shortcut\":"); write(&w, shortcut) }
            w.raw("}}")
        case let .inception(branches):
            w.raw("{\"inception\":[")
            for (i, b) in branches.enumerated() {
                if i > 0 { w.raw(",") }
                write(&w, b)
            }
            w.raw("]}")
        }
    }
}

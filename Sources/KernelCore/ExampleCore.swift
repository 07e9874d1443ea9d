/// Runs one example object (the fields of an ```example block, as JSON) and writes the JSON
/// `convwalk compute` prints: `id`, `op`, `result`, `shape`, `outputs`, `trace`. The in-page
/// engine's entry point; the host's test suite runs it beside the lesson engine.
public enum ExampleCore {
    /// The ops this engine runs (`LessonOp.runsInPage`), sorted; the others need the host.
    public static let ops = LessonOp.sortedNames(LessonOp.allCases.filter { $0.runsInPage })

    /// Every op name the lesson engine knows, sorted, for its "unknown op" message.
    public static let allOps = LessonOp.sortedNames(LessonOp.allCases)

    /// The most values a trace may record (`Example.maxTraceWork`).
    public static let maxTraceWork = 2_000_000

    /// The JSON text for `input` = `{"example": {...}, "phrases": {...}}`: the compute output,
    /// or `{"error": message, "field": key}`.
    public static func run(json input: [UInt8]) -> [UInt8] {
        var w = JSONWriter()
        guard let root = JSONValue.parse(input), case .object(let members)? = root["example"] else {
            w.raw("{\"error\":")
            w.string("expected a JSON object with an `example` object")
            w.raw(",\"field\":\"\"}")
            return w.text
        }
        let phrases = root["phrases"] ?? .object([])
        do throws(CoreError) {
            let (id, op, run) = try compute(members, phrases: phrases)
            write(&w, id: id, op: op, run: run)
        } catch {
            w = JSONWriter()
            w.raw("{\"error\":")
            w.string(error.message)
            w.raw(",\"field\":")
            w.string(error.key)
            w.raw("}")
        }
        return w.text
    }

    static func phrase(_ phrases: JSONValue, _ key: String) -> String {
        if case .string(let s)? = phrases[key] { return s }
        return "{" + key + "}"
    }

    /// Throws when the trace would record more than `maxTraceWork` values.
    static func ensureTraceable(_ op: String, _ factors: [Int], at key: String) throws(CoreError) {
        try ensureTraceable(op, factors.map { Int64($0) }, at: key)
    }

    static func ensureTraceable(_ op: String, _ factors: [Int64], at key: String) throws(CoreError) {
        // Int64, not Int: WebAssembly's Int has 32 bits, and the message names the host's count.
        var work: Int64 = 1
        for f in factors {
            let (p, overflow) = work.multipliedReportingOverflow(by: max(f, 0))
            work = overflow ? Int64.max : p
        }
        guard work <= Int64(maxTraceWork) else {
            throw CoreError(key, "\(op): the trace would record \(work) values (more than \(maxTraceWork)); keep worked examples small")
        }
    }

    static func validID(_ id: String) -> Bool {
        let b = Array(id.utf8)
        func ok(_ c: UInt8, first: Bool) -> Bool {
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (!first && (c == 45 || c == 95))
        }
        guard let f = b.first, ok(f, first: true) else { return false }
        return b.allSatisfy { ok($0, first: false) }
    }

    static func compute(_ members: [(String, JSONValue)], phrases: JSONValue) throws(CoreError) -> (String?, String, CoreRun) {
        var fields = CoreFields(members)
        let id = try fields.optionalString("id")
        if let id, !validID(id) {
            throw CoreError("id", "id may hold only letters, digits, '-' and '_' (it becomes part of a link)")
        }
        let name = try fields.string("op")
        guard let op = LessonOp(rawValue: name) else {
            throw CoreError("op", "unknown op \"\(name)\"; expected one of \(StepText.joined(allOps, ", "))")
        }
        guard op.runsInPage else { throw hostOnly(op) }
        let display = try fields.optionalString("display") ?? "player"
        guard display == "player" || display == "answer" || display == "hidden" else {
            throw CoreError("display", "display: expected player, answer or hidden, found \"\(display)\"")
        }
        _ = try fields.optionalString("title")
        _ = try fields.optionalString("caption")
        let run: CoreRun
        switch op {
        case .conv2d: run = try conv2d(&fields, phrases)
        case .maxpool, .avgpool: run = try pool(&fields, op: name)
        case .softmax:
            let x = try fields.tensor("input")
            let axis = try fields.optionalInt("axis") ?? -1
            let a = VectorCore.normalizedAxis(axis, shape: x.shape, op: "softmax")
            if let e = a.error { throw CoreError("input", e) }
            run = VectorCore.softmax(input: x, axis: a.axis, softmaxMax: phrase(phrases, "softmaxMax"))
        case .argmax:
            let x = try fields.tensor("input")
            let axis = try fields.optionalInt("axis") ?? 0
            let a = VectorCore.normalizedAxis(axis, shape: x.shape, op: "argmax")
            if let e = a.error { throw CoreError("axis", e) }
            run = VectorCore.argmax(input: x, axis: a.axis, largest: phrase(phrases, "largest"), alongAxis: phrase(phrases, "alongAxis"),
                                    argmaxFormula: phrase(phrases, "argmaxFormula"))
        case .linear: run = try linear(&fields, phrases)
        case .outputSize: run = try outputSize(&fields, phrases)
        case .im2col: run = try im2col(&fields, phrases)
        case .convTranspose2d: run = try convTranspose2d(&fields, phrases)
        case .convMatrix: run = try convMatrix(&fields, phrases)
        case .arithmetic: run = try ArithmeticCore.run(expression: try fields.string("expression"))
        case .conv2dBackward: run = try conv2dBackward(&fields, phrases)
        case .maxpoolBackward, .avgpoolBackward: run = try poolBackward(&fields, op: name, isMax: op == .maxpoolBackward, phrases)
        case .poolBackward:
            let kind = try fields.string("pool")
            guard kind == "max" || kind == "avg" || kind == "average" else {
                throw CoreError("pool", "pool: expected max or avg, found \"\(kind)\"")
            }
            run = try poolBackward(&fields, op: name, isMax: kind == "max", phrases)
        case .learnKernel: run = try learnKernel(&fields, phrases)
        case .crossEntropy: run = try crossEntropy(&fields, phrases)
        case .residualAdd: run = try residualAdd(&fields)
        case .batchnorm: run = try batchnorm(&fields)
        case .lrn:
            let x = try fields.tensor("input")
            guard (2...4).contains(x.rank) else { throw CoreError("input", "lrn input: " + Geometry.imageRank(x.shape)) }
            guard x.rank >= 3 else { throw CoreError("input", "lrn: expected channels first, CxHxW, found shape \(StepText.shape(x.shape))") }
            let o = LRNCore.Options(size: try fields.optionalInt("size") ?? 5, alpha: try fields.optionalNumber("alpha") ?? 1e-4,
                                    beta: try fields.optionalNumber("beta") ?? 0.75, k: try fields.optionalNumber("k") ?? 2)
            try ensureTraceable("lrn", [x.count, min(max(o.size, 1), Geometry.nchw(x.shape)[1])], at: "size")
            guard o.size >= 1 else { throw CoreError("size", "lrn: window size must be at least 1, got \(o.size)") }
            run = LRNCore.run(input: x, o)
        case .gelu:
            let x = try fields.tensor("input")
            run = GeluCore.run(input: x, derivative: try fields.bool("derivative", default: false))
        case .concat: run = try concat(&fields)
        case .globalAvgpool:
            let x = try fields.tensor("input")
            guard (2...4).contains(x.rank) else { throw CoreError("input", "global-avgpool: " + Geometry.imageRank(x.shape)) }
            try ensureTraceable("global-avgpool", [x.count], at: "input")
            run = BlockCore.globalAvgPool(input: x)
        case .relu: run = try elementwise(&fields, .relu, phrases)
        case .sigmoid: run = try elementwise(&fields, .sigmoid, phrases)
        case .tanh: run = try elementwise(&fields, .tanh, phrases)
        case .leakyRelu: run = try elementwise(&fields, .leakyRelu, phrases)
        case .prelu: run = try elementwise(&fields, .prelu, phrases)
        case .elu: run = try elementwise(&fields, .elu, phrases)
        case .architecture: run = try architecture(&fields, id: id, phrases)
        }
        try fields.rejectUnknown(accepted: LessonOp.commonFields + op.fields, by: name)
        return (id, name, run)
    }

    /// The message for an op the page does not run (`LessonOp.runsInPage` is false).
    static func hostOnly(_ op: LessonOp) -> CoreError {
        CoreError("op", "op \"\(op.rawValue)\" runs only in the convwalk command, not in the page; expected one of \(StepText.joined(ops, ", "))")
    }

    /// `op: architecture`: `layers` and `input` as a model file writes them, or `model` resolved
    /// by the build into `{"name", "input", "layers"}` (the command reads the model file itself).
    static func architecture(_ fields: inout CoreFields, id: String?, _ phrases: JSONValue) throws(CoreError) -> CoreRun {
        let key = fields.has("layers") ? "layers" : "model"
        let name: String, inputNode: JSONValue, layersNode: JSONValue
        if let model = fields.node("model") {
            guard case .string(let n)? = model["name"], let i = model["input"], let l = model["layers"] else {
                let text = try fields.string("model")
                throw CoreError("model", "model \"\(text)\" is not in this page; the convwalk command reads model files")
            }
            (name, inputNode, layersNode) = (n, i, l)
        } else {
            layersNode = try fields.required("layers")
            inputNode = try fields.required("input")
            name = id ?? "example"
        }
        let input: [Int], layers: [ArchLayer]
        do throws(ArchError) {
            input = try ArchLayerReader.intList(inputNode, count: 3, what: "input [channels, height, width]")
            layers = try ArchLayerReader.layers(layersNode)
        } catch {
            throw CoreError(key, error.message)
        }
        let words = ArchWords(oneFilter: phrase(phrases, "layerOneFilter"), filters: phrase(phrases, "layerFilters"), pad: phrase(phrases, "layerPad"),
                              padSame: phrase(phrases, "layerPadSame"), stride: phrase(phrases, "layerStride"),
                              dilation: phrase(phrases, "layerDilation"), size: phrase(phrases, "layerSize"), noBias: phrase(phrases, "layerNoBias"),
                              learnedAlpha: phrase(phrases, "layerLearnedAlpha"))
        let rows: [ArchRow]
        do throws(ArchTableError) {
            rows = try ArchitectureCore.table(input: input, layers: layers, words: words)
        } catch {
            throw CoreError(key, error.text)
        }
        let p = ArchPhrases(layer: phrase(phrases, "layer"), noParameters: phrase(phrases, "noParameters"), parameters: phrase(phrases, "parameters"),
                            weightsAndBiases: phrase(phrases, "weightsAndBiases"), weightsOnly: phrase(phrases, "weightsOnly"),
                            modelTotal: phrase(phrases, "modelTotal"))
        var run = ArchitectureCore.run(name: name, input: input, rows: rows, phrases: p)
        run.layers = rows
        if try fields.bool("cost", default: false) { run.costs = true }
        return run
    }

    /// relu, sigmoid, tanh, leaky-relu, prelu, elu: `input`, `alpha`, `derivative`.
    static func elementwise(_ fields: inout CoreFields, _ a: CoreActivation, _ phrases: JSONValue) throws(CoreError) -> CoreRun {
        let x = try fields.tensor("input")
        let alpha = try fields.optionalNumber("alpha") ?? a.defaultAlpha
        let derivative = try fields.bool("derivative", default: false)
        return VectorCore.activation(a, input: x, alpha: alpha, derivative: derivative,
                                     positiveUnchanged: phrase(phrases, "positiveUnchanged"), derivativeAt: phrase(phrases, "derivativeAt"))
    }

    /// `bias`: one number for every filter, or one per filter.
    static func bias(_ fields: inout CoreFields, count: Int) throws(CoreError) -> [Float]? {
        guard let b = try fields.optionalTensor("bias") else { return nil }
        if b.rank == 0 { return [Float](repeating: b.data[0], count: count) }
        guard b.rank == 1, b.count == count else {
            throw CoreError("bias", "bias: expected one number, or one per filter (\(count)), found shape \(StepText.shape(b.shape))")
        }
        return b.data
    }

    static func activation(_ fields: inout CoreFields) throws(CoreError) -> CoreActivation? {
        guard let name = try fields.optionalString("activation") else { return nil }
        guard let a = CoreActivation.named(name) else {
            throw CoreError("activation", CoreActivation.unknownMessage(key: "activation", name: name))
        }
        return a
    }

    static func conv2d(_ fields: inout CoreFields, _ phrases: JSONValue) throws(CoreError) -> CoreRun {
        let input = try fields.tensor("input")
        let kernel = try fields.tensor("kernel")
        guard (2...4).contains(input.rank) else { throw CoreError("input", "conv2d input: " + Geometry.imageRank(input.shape)) }
        guard (2...4).contains(kernel.rank) else { throw CoreError("kernel", "conv2d kernel: " + Geometry.imageRank(kernel.shape)) }
        let x = Geometry.nchw(input.shape), w = Geometry.nchw(kernel.shape)
        let b = try bias(&fields, count: w[0])
        let stride = try fields.pair("stride", default: (1, 1))
        let dilation = try fields.pair("dilation", default: (1, 1))
        let padding = try convPadding(&fields, kernel: (w[2], w[3]), dilation: dilation)
        let act = try activation(&fields)
        let alpha = try fields.optionalNumber("alpha")
        let o = Conv2DCore.Options(stride: stride, padding: padding, dilation: dilation, activation: act,
                                   alpha: alpha ?? act?.defaultAlpha ?? 0)
        let size = try Conv2DCore.outputSize(input: input.shape, kernel: kernel.shape, o)
        try ensureTraceable("conv2d", [x[0], w[0], size.0, size.1, w[1], w[2], w[3]], at: "input")
        if let e = Conv2DCore.channelMismatch(input: input.shape, kernel: kernel.shape) { throw CoreError("kernel", e) }
        return Conv2DCore.run(input: input, kernel: kernel, bias: b, o, outSize: size,
                              windowAt: phrase(phrases, "windowAt"), window: phrase(phrases, "window"))
    }

    /// `op: conv-matrix`: `input` (an HxW image) or `input_shape`, checked in the host's order
    /// (`ConvMatrixTrace`) with its messages.
    static func convMatrix(_ fields: inout CoreFields, _ phrases: JSONValue) throws(CoreError) -> CoreRun {
        let image = try fields.optionalTensor("input")
        let h: Int, w: Int
        if let image {
            guard !fields.has("input_shape") else {
                throw CoreError("input_shape", "conv-matrix: give either an input image or input_shape, not both")
            }
            guard image.rank == 2 else {
                throw CoreError("input", "conv-matrix: expected one 2-D image HxW, found shape \(StepText.shape(image.shape))")
            }
            (h, w) = (image.shape[0], image.shape[1])
        } else {
            guard fields.has("input_shape") else {
                throw CoreError("input", "conv-matrix: missing field `input` (an HxW image) or `input_shape` ([H, W])")
            }
            (h, w) = try fields.pair("input_shape", default: (1, 1))
            guard h >= 1, w >= 1 else { throw CoreError("input_shape", "conv-matrix: input_shape must be at least 1x1, found \(h)x\(w)") }
        }
        let k = try fields.tensor("kernel")
        guard k.rank == 2 else {
            throw CoreError("kernel", "conv-matrix: expected one 2-D kernel KHxKW, found shape \(StepText.shape(k.shape))")
        }
        let stride = try fields.pair("stride", default: (1, 1))
        let dilation = try fields.pair("dilation", default: (1, 1))
        let padding = try convPadding(&fields, kernel: (k.shape[0], k.shape[1]), dilation: dilation)
        let o = Conv2DCore.Options(stride: stride, padding: padding, dilation: dilation, activation: nil, alpha: 0)
        let size = try Conv2DCore.outputSize(input: [h, w], kernel: k.shape, o, op: "conv-matrix")
        try ensureTraceable("conv-matrix", [size.0, size.1, h, w], at: "kernel")
        let words = ConvMatrixCore.Phrases { phrase(phrases, $0.rawValue) }
        return ConvMatrixCore.run(image: image, h: h, w: w, kernel: k, o, outSize: size, words)
    }

    /// `padding:` as a number, a pair `[rows, columns]`, `same` or `valid` (`Example.padding`).
    static func convPadding(_ fields: inout CoreFields, kernel: (Int, Int), dilation: (Int, Int)) throws(CoreError) -> (Int, Int) {
        guard case .string(let text)? = fields.node("padding") else { return try fields.pair("padding", default: (0, 0)) }
        switch text {
        case "valid": return (0, 0)
        case "same":
            let ph = Geometry.samePadding(kernel: kernel.0, dilation: dilation.0)
            if let e = ph.error { throw CoreError("padding", "samePadding: " + e) }
            let pw = Geometry.samePadding(kernel: kernel.1, dilation: dilation.1)
            if let e = pw.error { throw CoreError("padding", "samePadding: " + e) }
            return (ph.size, pw.size)
        default:
            throw CoreError("padding", "padding: expected a number, a pair [rows, columns], same or valid, found \"\(text)\"")
        }
    }

    static func im2col(_ fields: inout CoreFields, _ phrases: JSONValue) throws(CoreError) -> CoreRun {
        let input = try fields.tensor("input")
        guard (2...4).contains(input.rank) else { throw CoreError("input", "im2col input: " + Geometry.imageRank(input.shape)) }
        let x = Geometry.nchw(input.shape)
        guard x[0] == 1 else {
            throw CoreError("input", "im2col: expected one image (HxW or CxHxW), found shape \(StepText.shape(input.shape))")
        }
        let size = try fields.pair("size", default: (2, 2))
        let stride = try fields.pair("stride", default: (1, 1))
        let dilation = try fields.pair("dilation", default: (1, 1))
        let padding = try convPadding(&fields, kernel: size, dilation: dilation)
        let o = Conv2DCore.Options(stride: stride, padding: padding, dilation: dilation, activation: nil, alpha: 0)
        let out = try Conv2DCore.outputSize(input: input.shape, kernel: [size.0, size.1], o, op: "im2col", key: "size")
        try ensureTraceable("im2col", [out.0, out.1, x[1], size.0, size.1], at: "input")
        return Im2colCore.run(input: input, size: size, stride: stride, padding: padding, dilation: dilation, outSize: out,
                              row: phrase(phrases, "im2colRow"), formula: phrase(phrases, "im2colFormula"))
    }

    static func convTranspose2d(_ fields: inout CoreFields, _ phrases: JSONValue) throws(CoreError) -> CoreRun {
        let input = try fields.tensor("input")
        let kernel = try fields.tensor("kernel")
        guard (2...4).contains(input.rank) else {
            throw CoreError("input", "conv-transpose2d input: " + Geometry.imageRank(input.shape))
        }
        let k = ConvTransposeCore.kernelShape(kernel.shape)
        if let e = k.error { throw CoreError("kernel", e) }
        let x = Geometry.nchw(input.shape), w = k.shape
        let b = try bias(&fields, count: w[1])
        let o = ConvTransposeCore.Options(stride: try fields.pair("stride", default: (1, 1)), padding: try fields.pair("padding", default: (0, 0)),
                                          outputPadding: try fields.pair("output_padding", default: (0, 0)),
                                          dilation: try fields.pair("dilation", default: (1, 1)))
        try ensureTraceable("conv-transpose2d", [x[0], x[1], x[2], x[3], w[1], w[2], w[3]], at: "input")
        // Counted in Int64 as the host counts (a huge stride overflows WebAssembly's 32-bit Int).
        let wide = o.outputSize64(input: (Int64(x[2]), Int64(x[3])), kernel: (Int64(w[2]), Int64(w[3]))) ?? (Int64.max, Int64.max)
        try ensureTraceable("conv-transpose2d", [Int64(x[0]), Int64(w[1]), wide.0, wide.1], at: "stride")
        let size = (Int(clamping: wide.0), Int(clamping: wide.1))
        if let e = ConvTransposeCore.geometryError(x: x, w: w, o) { throw CoreError(e.field, e.message) }
        let words = ConvTransposeCore.Phrases { phrase(phrases, $0.rawValue) }
        return ConvTransposeCore.run(input: input, kernel: kernel, bias: b, o, outSize: size, phrases: words)
    }

    static func conv2dBackward(_ fields: inout CoreFields, _ phrases: JSONValue) throws(CoreError) -> CoreRun {
        let input = try fields.tensor("input"), kernel = try fields.tensor("kernel"), grad = try fields.tensor("grad")
        guard (2...4).contains(input.rank) else { throw CoreError("input", "conv2d-backward input: " + Geometry.imageRank(input.shape)) }
        guard (2...4).contains(kernel.rank) else { throw CoreError("kernel", "conv2d-backward kernel: " + Geometry.imageRank(kernel.shape)) }
        let w = Geometry.nchw(kernel.shape)
        let stride = try fields.pair("stride", default: (1, 1))
        let dilation = try fields.pair("dilation", default: (1, 1))
        let padding = try convPadding(&fields, kernel: (w[2], w[3]), dilation: dilation)
        _ = fields.node("bias")  // the bias does not change any gradient
        let o = Conv2DCore.Options(stride: stride, padding: padding, dilation: dilation, activation: nil, alpha: 0)
        let size = try Conv2DCore.outputSize(input: input.shape, kernel: kernel.shape, o, op: "conv2d-backward")
        try ensureTraceable("conv2d-backward", [3, input.count, w[0], size.0, size.1], at: "input")
        if let e = Conv2DCore.channelMismatch(input: input.shape, kernel: kernel.shape) { throw CoreError("kernel", e) }
        let dyShape = Conv2DBackwardCore.gradShape(input: input.shape, kernel: kernel.shape, outSize: size)
        guard grad.shape == dyShape else {
            throw CoreError("grad", "grad: expected the shape of the output, \(StepText.shape(dyShape)), found \(StepText.shape(grad.shape))")
        }
        let words = Conv2DBackwardCore.Phrases { phrase(phrases, $0.rawValue) }
        return Conv2DBackwardCore.run(input: input, kernel: kernel, grad: grad, stride: stride, padding: padding, dilation: dilation,
                                      outSize: size, phrases: words)
    }

    static func pool(_ fields: inout CoreFields, op: String) throws(CoreError) -> CoreRun {
        let input = try fields.tensor("input")
        guard (2...4).contains(input.rank) else { throw CoreError("input", "\(op) input: " + Geometry.imageRank(input.shape)) }
        let size = try fields.pair("size", default: (2, 2))
        let o = PoolCore.Options(size: size, stride: try fields.pair("stride", default: size), padding: try fields.pair("padding", default: (0, 0)))
        try ensureTraceable(op, [input.count, size.0, size.1], at: "size")
        let out = PoolCore.outputSize(op: op == "maxpool" ? "maxpool2d" : "avgpool2d", Geometry.nchw(input.shape), o)
        if let e = out.error { throw CoreError(out.field, e) }
        return PoolCore.run(input: input, isMax: op == "maxpool", o, outSize: out.size)
    }

    static func poolBackward(_ fields: inout CoreFields, op: String, isMax: Bool, _ phrases: JSONValue) throws(CoreError) -> CoreRun {
        let input = try fields.tensor("input"), grad = try fields.tensor("grad")
        guard (2...4).contains(input.rank) else { throw CoreError("input", "\(op) input: " + Geometry.imageRank(input.shape)) }
        let size = try fields.pair("size", default: (2, 2))
        let o = PoolCore.Options(size: size, stride: try fields.pair("stride", default: size), padding: try fields.pair("padding", default: (0, 0)))
        try ensureTraceable(op, [input.count, size.0, size.1], at: "size")
        let out = PoolCore.outputSize(op: isMax ? "maxpool2d" : "avgpool2d", Geometry.nchw(input.shape), o)
        if let e = out.error { throw CoreError(out.field, e) }
        if let e = PoolBackwardCore.gradShapeError(grad: grad.shape, input: input.shape, outSize: out.size) { throw CoreError("grad", e) }
        return PoolBackwardCore.run(input: input, grad: grad, isMax: isMax, o, outSize: out.size,
                                    phrases: PoolBackwardCore.Phrases { phrase(phrases, $0.rawValue) })
    }

    static func learnKernel(_ fields: inout CoreFields, _ phrases: JSONValue) throws(CoreError) -> CoreRun {
        let input = try fields.tensor("input"), target = try fields.tensor("target"), kernel = try fields.tensor("kernel")
        for (key, t) in [("input", input), ("target", target), ("kernel", kernel)] where t.rank != 2 {
            throw CoreError(key, "\(key): expected a matrix (rows of numbers), found shape \(StepText.shape(t.shape))")
        }
        let iterations = try fields.optionalInt("iterations") ?? 20
        guard iterations >= 1, iterations <= LearnKernelCore.maxIterations else {
            throw CoreError("iterations", "iterations: expected 1 to \(LearnKernelCore.maxIterations), found \(iterations)")
        }
        let rate = try fields.optionalNumber("learning_rate") ?? 0.1
        guard rate > 0, rate <= 10 else {
            throw CoreError("learning_rate", "learning_rate: expected a number above 0 and at most 10, found \(StepText.n(rate))")
        }
        let kind = try fields.optionalString("optimizer") ?? "sgd"
        guard LearnKernelCore.optimizers.contains(kind) else {
            throw CoreError("optimizer", "optimizer: expected one of \(StepText.joined(LearnKernelCore.optimizers, ", ")), found \"\(kind)\"")
        }
        let (h, w, kh, kw) = (input.shape[0], input.shape[1], kernel.shape[0], kernel.shape[1])
        guard kh <= h, kw <= w else { throw CoreError("kernel", "kernel \(kh)x\(kw) does not fit input \(h)x\(w)") }
        guard target.shape == [h - kh + 1, w - kw + 1] else {
            throw CoreError("target", "target: expected the shape of the output, \(h - kh + 1)x\(w - kw + 1), found \(StepText.shape(target.shape))")
        }
        try ensureTraceable("learn-kernel", [iterations, 2 * kh * kw], at: "iterations")
        let history = try LearnKernelCore.descend(input: input, target: target, kernel: kernel, rate: rate, iterations: iterations, optimizer: kind)
        return LearnKernelCore.run(input: input, target: target, kernel: kernel, rate: rate, history,
                                   learnStep: phrase(phrases, "learnStep"), learnFormula: phrase(phrases, "learnFormula"))
    }

    static func linear(_ fields: inout CoreFields, _ phrases: JSONValue) throws(CoreError) -> CoreRun {
        let input = try fields.tensor("input")
        let weight = try fields.tensor("weight")
        guard input.rank == 1 || input.rank == 2 else {
            throw CoreError("input", "linear: expected a vector or a batch of vectors (NxIn), found shape \(StepText.shape(input.shape))")
        }
        guard weight.rank == 2 else {
            throw CoreError("weight", "linear: expected a weight matrix OutxIn, found shape \(StepText.shape(weight.shape))")
        }
        let out = weight.shape[0]
        try ensureTraceable("linear", [out, input.count], at: "weight")
        let x = input.rank == 2 ? input.shape : [1, input.count]
        let b = try bias(&fields, count: out) ?? [Float](repeating: 0, count: out)
        let act = try activation(&fields)
        let alpha = try fields.optionalNumber("alpha") ?? act?.defaultAlpha ?? 0
        guard x[1] == weight.shape[1] else {
            throw CoreError("weight", "linear: input \(StepText.shape(x)) has \(x[1]) features but weights \(StepText.shape(weight.shape)) expect \(weight.shape[1])")
        }
        return VectorCore.linear(input: input, weight: weight, bias: b, activation: act, alpha: alpha,
                                 linearParameters: phrase(phrases, "linearParameters"))
    }

    static func outputSize(_ fields: inout CoreFields, _ phrases: JSONValue) throws(CoreError) -> CoreRun {
        let i = try fields.int("input"), f = try fields.int("kernel")
        let s = try fields.optionalInt("stride") ?? 1, d = try fields.optionalInt("dilation") ?? 1
        let p: Int
        if case .string(let text)? = fields.node("padding") {
            guard text == "same" || text == "valid" else {
                throw CoreError("padding", "padding: expected a number, same or valid, found \"\(text)\"")
            }
            if text == "valid" { p = 0 } else {
                let same = Geometry.samePadding(kernel: f, dilation: d)
                if let e = same.error { throw CoreError("padding", "samePadding: " + e) }
                p = same.size
            }
        } else {
            p = try fields.optionalInt("padding") ?? 0
        }
        let o = Geometry.checkedOutputSize(input: i, kernel: f, padding: p, stride: s, dilation: d)
        if let e = o.error { throw CoreError(o.argument, "conv2d: " + e) }
        let step = Geometry.outputSizeStep(i: i, f: f, p: p, s: s, d: d, o: o.size,
                                           notWhole: phrase(phrases, "notWhole"), inputs: phrase(phrases, "outputSizeInputs"),
                                           dilationPart: phrase(phrases, "dilationPart"))
        let v = Float(o.size)
        return CoreRun(result: CoreTensor("result", "output", [], [v]), tensors: [CoreTensor("output", "output", [1], [v])],
                       steps: [step], formulas: [step.arithmetic])
    }

    static func crossEntropy(_ fields: inout CoreFields, _ phrases: JSONValue) throws(CoreError) -> CoreRun {
        let x = try fields.tensor("input")
        if let e = CrossEntropyCore.shapeError(x.shape) { throw CoreError("input", e) }
        let classes = x.shape[x.rank - 1], rows = x.rank == 2 ? x.shape[0] : 1
        try ensureTraceable("cross-entropy", [rows, classes, 3], at: "input")
        let targets = try classList(&fields, "target", rows: rows, classes: classes)
        return CrossEntropyCore.run(input: x, targets: targets,
                                    phrases: CrossEntropyCore.Phrases { phrase(phrases, $0.rawValue) })
    }

    static func batchnorm(_ fields: inout CoreFields) throws(CoreError) -> CoreRun {
        let x = try fields.tensor("input")
        if let e = BatchNormCore.shapeError(x.shape) { throw CoreError("input", e) }
        let c = BatchNormCore.layout(x.shape).c
        func perChannel(_ key: String, _ t: CoreArray) throws(CoreError) -> [Float] {
            let v = BatchNormCore.channelVector(key, t, channels: c)
            if let e = v.error { throw CoreError(key, e) }
            return v.values
        }
        var gamma = [Float](repeating: 1, count: c), beta = [Float](repeating: 0, count: c)
        if let t = try fields.optionalTensor("gamma") { gamma = try perChannel("gamma", t) }
        if let t = try fields.optionalTensor("beta") { beta = try perChannel("beta", t) }
        let eps = try fields.optionalNumber("epsilon") ?? 1e-5
        guard eps >= 0, eps.isFinite else {
            throw CoreError("epsilon", "batchnorm: epsilon must be a finite number ≥ 0, found \(StepText.n(eps))")
        }
        try ensureTraceable("batchnorm", [x.count, 3], at: "input")
        let runningMean = try fields.optionalTensor("running-mean"), runningVar = try fields.optionalTensor("running-variance")
        guard (runningMean == nil) == (runningVar == nil) else {
            throw CoreError(runningMean == nil ? "running-variance" : "running-mean",
                            "batchnorm: give both running-mean and running-variance (evaluation), or neither (training)")
        }
        if let runningMean, let runningVar {
            let mean = try perChannel("running-mean", runningMean), variance = try perChannel("running-variance", runningVar)
            guard variance.allSatisfy({ $0 + eps > 0 }) else {
                throw CoreError("running-variance", "batchnorm: every running variance plus epsilon must be above 0")
            }
            return BatchNormCore.run(input: x, gamma: gamma, beta: beta, epsilon: eps, mean: mean, variance: variance, training: false)
        }
        let stats = BatchNormCore.statistics(x)
        if let e = stats.error { throw CoreError("input", e) }
        for (ch, v) in stats.variance.enumerated() where v + eps <= 0 {
            throw CoreError("input", "batchnorm: channel \(ch) is constant (variance 0) and epsilon is 0: the division is undefined; use epsilon > 0")
        }
        return BatchNormCore.run(input: x, gamma: gamma, beta: beta, epsilon: eps, mean: stats.mean, variance: stats.variance, training: true)
    }

    static func residualAdd(_ fields: inout CoreFields) throws(CoreError) -> CoreRun {
        let x = try fields.tensor("input"), fx = try fields.tensor("residual")
        var act: CoreActivation? = nil, gelu = false
        if let name = try fields.optionalString("activation") {
            if CoreActivation.isGELU(name) {
                gelu = true
            } else if let a = CoreActivation.named(name) {
                act = a
            } else {
                let known = StepText.joined(CoreActivation.allCases.map { $0.opName } + ["gelu"], ", ")
                throw CoreError("activation", "activation: unknown activation \"\(name)\"; expected one of \(known)")
            }
        }
        try ensureTraceable("residual-add", [x.count, 2], at: "input")
        if let e = BlockCore.residualShapeError(residual: fx.shape, input: x.shape) { throw CoreError("residual", e) }
        if gelu {
            var y: [Float] = []
            for i in 0..<x.count { y.append(GeluCore.value(fx.data[i] + x.data[i])) }
            return BlockCore.residualAdd(input: x, residual: fx, activation: nil, activationName: "gelu", values: y)
        }
        return BlockCore.residualAdd(input: x, residual: fx, activation: act, activationName: act?.opName)
    }

    static func concat(_ fields: inout CoreFields) throws(CoreError) -> CoreRun {
        guard case .array(let items) = try fields.required("branches"), !items.isEmpty else {
            throw CoreError("branches", "concat: branches must be a list of tensors, one per branch")
        }
        var parts: [CoreArray] = []
        var total = 0
        for item in items {
            var values: [Float] = []
            let shape = try CoreFields.walk(item, key: "branches", into: &values)
            let b = BlockCore.branch(CoreArray(shape, values))
            if let e = b.error { throw CoreError("branches", e) }
            parts.append(b.part)
            total += values.count
        }
        for part in parts {
            if let e = BlockCore.branchSizeError(part.shape, first: parts[0].shape) { throw CoreError("branches", e) }
        }
        try ensureTraceable("concat", [total], at: "branches")
        return BlockCore.concat(parts)
    }

    /// `target`: one class (a whole number in 0..<classes) for a row of scores, or a list with
    /// one class per row (`CrossEntropyTrace.targetList`).
    static func classList(_ fields: inout CoreFields, _ key: String, rows: Int, classes: Int) throws(CoreError) -> [Int] {
        let node = try fields.required(key)
        var items: [JSONValue] = [node]
        if case .array(let seq) = node { items = seq }
        var values: [Int] = []
        for item in items {
            var shown = "a list"
            var value: Int? = nil
            switch item {
            case .number(let d, let raw):
                shown = raw
                if integerText(raw) { value = Int(d) }
            case .string(let s): shown = s
            case .bool(let b): shown = b ? "true" : "false"
            case .null: shown = "null"
            case .array, .object: break
            }
            guard let v = value, v >= 0, v < classes else {
                throw CoreError(key, "`\(key)`: expected a class number from 0 to \(classes - 1), found \(shown)")
            }
            values.append(v)
        }
        guard values.count == rows else {
            throw CoreError(key, "`\(key)`: the input has \(rows) row\(rows == 1 ? "" : "s") of scores, so give \(rows) class number\(rows == 1 ? "" : "s"), found \(values.count)")
        }
        return values
    }

    /// Whether `raw` is written as a whole number (`Int(text)` on the host: `2`, not `2.0`).
    static func integerText(_ raw: String) -> Bool {
        var digits = Array(raw.utf8)
        if digits.first == UInt8(ascii: "-") { digits.removeFirst() }
        return !digits.isEmpty && digits.count <= 15 && digits.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}

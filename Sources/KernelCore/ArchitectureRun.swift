/// `op: architecture` end to end: the layer list read from JSON by `ArchLayerReader` (this project's model-file
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

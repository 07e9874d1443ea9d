import KernelCore
import NN
import Tensor
import Words

// The lesson engine's traces take their steps from KernelCore, the Foundation-free code the
// in-page WebAssembly engine is compiled from: the same loops, step records and words on
// both sides. These convert KernelCore's plain structs into the Codable trace types.

extension TraceStep {
    init(_ s: CoreStep) {
        self.init(reads: s.reads.map(CellRef.init), readValues: s.readValues, weights: s.weights.map(CellRef.init),
                  weightValues: s.weightValues, products: s.products, partialSums: s.partialSums,
                  emphasis: s.emphasis.map(CellRef.init), writes: s.writes.map(CellRef.init), runningValues: s.runningValues,
                  sum: s.sum, bias: s.bias, activation: s.activation, result: s.result, arithmetic: s.arithmetic,
                  description: s.description)
    }
}

extension CellRef {
    init(_ c: CoreCell) { self.init(c.tensor, c.index) }
}

extension TraceTensor {
    init(_ t: CoreTensor) {
        self.init(name: t.name, role: Role(rawValue: t.role) ?? .input, shape: t.shape, values: t.values, padding: t.padding)
    }
}

extension CoreArray {
    init(_ t: Tensor) { self.init(t.shape, t.data) }
}

extension Trace {
    /// A trace from KernelCore's run of an example.
    init(_ ex: Example, _ run: CoreRun) {
        self.init(exampleID: ex.id, op: ex.op.rawValue, tensors: run.tensors.map(TraceTensor.init), steps: run.steps.map(TraceStep.init),
                  formulas: run.formulas)
    }
}

extension CorePhrases {
    /// A KernelCore op's words in `language`: each key's `trace.<key>` message, the entry the
    /// in-page engine reads under the same name.
    init(_ language: Language) {
        self.init { key in
            guard let message = Message(rawValue: "trace." + key.rawValue) else {
                preconditionFailure("KernelCore's phrase \(key.rawValue) has no message trace.\(key.rawValue)")
            }
            return language[message]
        }
    }
}

extension TracePhrases {
    /// The phrases KernelCore's ops word their steps with in the language `code`, as the JSON
    /// object the in-page engine takes beside an example (`{"windowAt": "window at row {r},
    /// column {c}", ...}`), the layer table's words (`layer.*`) included.
    public static func engineJSON(_ code: String) -> String {
        let p = forLanguage(code), w = LayerWords.forLanguage(code)
        return p.engineJSON(layerWords: w)
    }

    /// The words of `op: architecture`'s steps.
    var architecture: ArchPhrases {
        ArchPhrases(layer: layer, noParameters: noParameters, parameters: parameters, weightsAndBiases: weightsAndBiases,
                    weightsOnly: weightsOnly, modelTotal: modelTotal)
    }

    func engineJSON(layerWords w: LayerWords) -> String {
        let pairs = [
            ("windowAt", windowAt), ("window", window), ("positiveUnchanged", positiveUnchanged), ("derivativeAt", derivativeAt),
            ("largest", largest), ("alongAxis", alongAxis), ("argmaxFormula", argmaxFormula), ("linearParameters", linearParameters),
            ("softmaxMax", softmaxMax), ("notWhole", notWhole), ("outputSizeInputs", outputSizeInputs), ("dilationPart", dilationPart),
            ("im2colRow", im2colRow), ("im2colFormula", im2colFormula), ("timesKernel", timesKernel),
            ("allInCroppedPadding", allInCroppedPadding), ("everyOutputGetsBias", everyOutputGetsBias), ("ofChannel", ofChannel),
            ("dXGathers", dXGathers), ("dWSums", dWSums), ("biasGradient", biasGradient), ("noWindowCovers", noWindowCovers),
            ("maxRoutes", maxRoutes), ("averageShares", averageShares), ("learnStep", learnStep), ("learnFormula", learnFormula),
            ("crossEntropyProbability", crossEntropyProbability), ("crossEntropyLoss", crossEntropyLoss),
            ("crossEntropyGradient", crossEntropyGradient), ("columnNumbers", columnNumbers), ("matrixRow", matrixRow),
            ("matrixRowValues", matrixRowValues), ("matrixFormula", matrixFormula),
            ("layer", layer), ("noParameters", noParameters), ("parameters", parameters), ("weightsAndBiases", weightsAndBiases),
            ("weightsOnly", weightsOnly), ("modelTotal", modelTotal), ("layerOneFilter", w.oneFilter), ("layerFilters", w.filters),
            ("layerPad", w.pad), ("layerPadSame", w.padSame), ("layerStride", w.stride), ("layerDilation", w.dilation),
            ("layerSize", w.size), ("layerNoBias", w.noBias), ("layerLearnedAlpha", w.learnedAlpha),
        ]
        var w = JSONWriter()
        w.raw("{")
        for (i, (key, value)) in pairs.enumerated() {
            if i > 0 { w.raw(",") }
            w.string(key)
            w.raw(":")
            w.string(value)
        }
        w.raw("}")
        return String(decoding: w.text, as: UTF8.self)
    }
}

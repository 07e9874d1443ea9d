import Basics
import Foundation
import Yams

/// Turns YAML into a `ModelSpec`, keeping each layer's file:line for later messages.
///
/// Two layer styles are accepted: this project's (`- {conv: {filters: 6, kernel: 5}}`,
/// `- relu`) and the lecture notes' shorthand (`- [conv, {ksize: 5, chn: 6}]`), see
/// `NotesShorthand`. One file uses one style.
struct ModelSpecParser {
    let file: String

    func parse(_ text: String) throws -> ModelSpec {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw ModelSpecError(at(nil), "the model file is empty") }
            root = node
        } catch let error as YamlError {
            throw yamlError(error)
        }
        guard let top = root.mapping else { throw ModelSpecError(at(root), "expected a mapping with name, input and layers") }
        var name: String?, input: [Int]?, layersNode: Node?, classes = 10
        for (keyNode, value) in top {
            switch keyNode.string ?? "" {
            case "name":
                name = try string(value)
                if let problem = ModelSpec.nameProblem(name!) { throw ModelSpecError(at(value), problem) }
            case "input": input = try intList(value, count: 3, what: "input [channels, height, width]")
            case "layers": layersNode = value
            case "classes": classes = try positiveInt(value, "classes")
            case "description": _ = try string(value)
            default:
                throw ModelSpecError(at(keyNode), "unknown key '\(keyNode.string ?? "?")' (expected name, input, layers, classes, description)")
            }
        }
        guard let name else { throw ModelSpecError(at(root), "missing 'name'") }
        guard let input else { throw ModelSpecError(at(root), "missing 'input' ([channels, height, width])") }
        guard let layersNode, let list = layersNode.sequence, !list.isEmpty else {
            throw ModelSpecError(at(layersNode ?? root), "'layers' must be a non-empty list")
        }
        let entries = Array(list)
        let notesStyle = entries.map { $0.sequence != nil || $0.wholeNumber != nil }
        var layers: [LayerSpec] = [], locations: [SourceLocation?] = []
        if let odd = notesStyle.firstIndex(where: { $0 != notesStyle[0] }) {
            let styles = ("the notes' [kind, {...}] style", "this project's {kind: {...}} style")
            let (first, other) = notesStyle[0] ? (styles.0, styles.1) : (styles.1, styles.0)
            throw ModelSpecError(at(entries[odd]), "layer \(odd + 1) is in \(other) but layer 1 is in \(first); use one style per file")
        }
        if notesStyle[0] {
            for (spec, node) in try NotesShorthand(parser: self).layers(entries, classes: classes) {
                layers.append(spec)
                locations.append(at(node))
            }
        } else {
            for (i, entry) in entries.enumerated() {
                layers.append(try layer(entry, index: i + 1))
                locations.append(at(entry))
            }
        }
        return ModelSpec(name: name, input: input, layers: layers, locations: locations)
    }

    /// One layer in this project's style: a bare kind or a one-key mapping `{kind: params}`.
    private func layer(_ node: Node, index: Int) throws -> LayerSpec {
        let kind: String, params: Node?
        if let s = node.scalar?.string {
            kind = s
            params = nil
        } else if let m = node.mapping, m.count == 1, let (k, v) = m.first, let s = k.string {
            kind = s
            params = v
        } else {
            throw ModelSpecError(at(node), "layer \(index): expected a kind such as `relu` or a mapping such as `{conv: {filters: 6, kernel: 5}}`")
        }
        let p = Params(node: params, parser: self, context: "layer \(index) (\(kind))")
        switch kind {
        case "conv":
            let (kh, kw) = try p.pair("kernel", default: nil)
            let (sh, sw) = try p.pair("stride", default: 1)
            let bias = try p.optionalBool("bias")
            let spec = LayerSpec.conv(filters: try p.int("filters", default: nil), kernelH: kh, kernelW: kw,
                                      strideH: sh, strideW: sw, padding: try p.padding(),
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
            let act = ActivationKind(rawValue: kind)!
            let alpha = try p.optionalFloat("alpha")
            if alpha != nil, [.relu, .sigmoid, .tanh].contains(act) {
                throw ModelSpecError(at(node), "layer \(index) (\(kind)): \(kind) takes no alpha")
            }
            try p.rejectUnknown(["alpha"])
            return .activation(act, alpha: alpha)
        case "lrn":
            let spec = LayerSpec.lrn(size: try p.int("size", default: 5), alpha: try p.float("alpha", default: 1e-4),
                                     beta: try p.float("beta", default: 0.75), k: try p.float("k", default: 2))
            try p.rejectUnknown(["size", "alpha", "beta", "k"])
            return spec
        case "dropout":
            let prob = try p.scalarOr("p", default: 0.5)
            guard prob >= 0, prob < 1 else {
                throw ModelSpecError(at(params ?? node), "layer \(index) (dropout): p must be in [0, 1), got \(prob)")
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
            if let fields = params?.mapping {
                let p = Params(node: params, parser: self, context: "layer \(index) (residual)")
                try p.rejectUnknown(["body", "shortcut"])
                guard let body = fields["body"] else {
                    throw ModelSpecError(at(params), "layer \(index) (residual): expected `body: [layers]` (and optionally `shortcut: [layers]`), or a plain list of layers")
                }
                let shortcut = try fields["shortcut"].map { try block($0, of: node, index: index, kind: "residual shortcut") }
                return .residual(body: try block(body, of: node, index: index, kind: kind), shortcut: shortcut)
            }
            return .residual(body: try block(params, of: node, index: index, kind: kind))
        case "inception":
            guard let list = params?.sequence, list.count >= 2 else {
                throw ModelSpecError(at(params ?? node), "layer \(index) (inception): expected a list of at least 2 branches, each a list of layers")
            }
            return .inception(branches: try list.map { try block($0, of: node, index: index, kind: "inception branch") })
        default:
            throw ModelSpecError(at(node), "layer \(index): unknown layer kind '\(kind)' (known: conv, maxpool, avgpool, relu, sigmoid, tanh, leaky_relu, elu, prelu, lrn, dropout, flatten, linear, batchnorm, global_avgpool, residual, inception)")
        }
    }

    /// The layers of a residual body or an inception branch: a non-empty list in this project's style.
    private func block(_ list: Node?, of node: Node, index: Int, kind: String) throws -> [LayerSpec] {
        guard let items = list?.sequence, !items.isEmpty else {
            throw ModelSpecError(at(list ?? node), "layer \(index) (\(kind)): expected a non-empty list of layers, e.g. [{conv: {filters: 16, kernel: 3, padding: 1}}, batchnorm, relu]")
        }
        return try items.map { try layer($0, index: index) }
    }

    // MARK: scalar helpers shared with NotesShorthand

    func at(_ node: Node?) -> SourceLocation? {
        guard let mark = node?.mark else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func string(_ node: Node) throws -> String {
        guard let s = node.scalar?.string else { throw ModelSpecError(at(node), "expected text") }
        return s
    }

    func positiveInt(_ node: Node, _ what: String) throws -> Int {
        guard let v = node.wholeNumber, (1...ModelLimits.maxNumber).contains(v) else {
            throw ModelSpecError(at(node), "\(what) must be a whole number in 1...\(ModelLimits.maxNumber), got \(describe(node))")
        }
        return v
    }

    func intList(_ node: Node, count: Int, what: String) throws -> [Int] {
        guard let seq = node.sequence, seq.count == count else {
            throw ModelSpecError(at(node), "\(what) must be a list of \(count) whole numbers, got \(describe(node))")
        }
        return try seq.map { try positiveInt($0, what) }
    }

    func describe(_ node: Node) -> String {
        if let s = node.scalar?.string { return "'\(s)'" }
        if node.sequence != nil { return "a list" }
        return "a mapping"
    }

    private func yamlError(_ error: YamlError) -> ModelSpecError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ModelSpecError(SourceLocation(file: file, line: mark.line, column: mark.column), "YAML: \(yamlProblemInWords(problem))")
        default:
            return ModelSpecError(SourceLocation(file: file, line: 1, column: 1), "YAML: \(error)")
        }
    }
}

extension ModelSpecError {
    init(_ location: SourceLocation?, _ message: String) {
        self.init(location: location, layer: nil, message)
    }
}

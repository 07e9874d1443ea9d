import Yams

/// The lecture notes' layer shorthand (seed 000's `CnnBasicModel` hconfigs), e.g.
///
///     layers: [['conv', {'ksize': 5, 'chn': 6}], ['max', {'stride': 2}], ['full', {'width': 120}]]
///
/// with the notes' meaning:
/// - `['conv', {ksize, chn, actfunc}]`: a stride-1 convolution with "same" padding, `chn`
///   filters of `ksize` (a number or [rows, cols]), then `actfunc` (relu by default; `none`
///   for no activation; sigmoid, tanh).
/// - `['max', {stride}]`, `['avg', {stride}]`: pooling whose window equals its stride.
/// - `['full', {width, actfunc}]` or a bare number: a fully connected layer (flattening
///   first when needed), then `actfunc` (relu by default). `affine` and `out` are accepted
///   as synonyms of `full` and `width`.
/// - As in the notes, these are the hidden layers: an output layer of `classes` units
///   without activation is appended.
struct NotesShorthand {
    let parser: ModelSpecParser

    func layers(_ entries: [Node], classes: Int) throws -> [(LayerSpec, Node)] {
        var out: [(LayerSpec, Node)] = []
        var flat = false
        for (i, entry) in entries.enumerated() {
            let context = "layer \(i + 1)"
            if let width = entry.wholeNumber {
                guard width >= 1 else { throw ModelSpecError(parser.at(entry), "\(context): width must be ≥ 1") }
                if !flat { out.append((.flatten, entry)); flat = true }
                out.append((.linear(outputs: width), entry))
                out.append((.activation(.relu, alpha: nil), entry))
                continue
            }
            guard let seq = entry.sequence, (1...2).contains(seq.count), let kind = seq[0].string else {
                throw ModelSpecError(parser.at(entry), "\(context): expected [kind, {options}] such as ['conv', {'ksize': 5, 'chn': 6}]")
            }
            let p = Params(node: seq.count == 2 ? seq[1] : nil, parser: parser, context: "\(context) (\(kind))")
            switch kind {
            case "conv":
                let (kh, kw) = try p.pair("ksize", default: nil)
                out.append((.conv(filters: try p.int("chn", default: nil), kernelH: kh, kernelW: kw,
                                  strideH: 1, strideW: 1, padding: .same, dilation: 1), entry))
                if let act = try activation(p, entry) { out.append((act, entry)) }
                try p.rejectUnknown(["ksize", "chn", "actfunc"])
                flat = false
            case "max", "avg":
                let (sh, sw) = try p.pair("stride", default: nil)
                out.append((kind == "max" ? .maxpool(sizeH: sh, sizeW: sw, strideH: sh, strideW: sw, padding: 0)
                                          : .avgpool(sizeH: sh, sizeW: sw, strideH: sh, strideW: sw, padding: 0), entry))
                try p.rejectUnknown(["stride"])
            case "full", "affine":
                let width = try p.optionalInt("width") ?? p.int("out", default: nil)
                if !flat { out.append((.flatten, entry)); flat = true }
                out.append((.linear(outputs: width), entry))
                if let act = try activation(p, entry) { out.append((act, entry)) }
                try p.rejectUnknown(["width", "out", "actfunc"])
            default:
                throw ModelSpecError(parser.at(seq[0]), "\(context): unknown kind '\(kind)' in the notes' style (known: conv, max, avg, full, affine)")
            }
        }
        let last = entries[entries.count - 1]
        if !flat { out.append((.flatten, last)) }
        out.append((.linear(outputs: classes), last))
        return out
    }

    /// The notes' `actfunc` (relu when absent, nil for `none`).
    private func activation(_ p: Params, _ node: Node) throws -> LayerSpec? {
        guard let name = try p.optionalString("actfunc") else { return .activation(.relu, alpha: nil) }
        switch name {
        case "none": return nil
        case "relu": return .activation(.relu, alpha: nil)
        case "sigmoid": return .activation(.sigmoid, alpha: nil)
        case "tanh": return .activation(.tanh, alpha: nil)
        default:
            throw ModelSpecError(parser.at(node), "actfunc '\(name)' is not one of relu, sigmoid, tanh, none")
        }
    }
}

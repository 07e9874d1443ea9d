import Basics
import KernelCore
import Foundation

/// An activation function as a model file names it: KernelCore's, which the layer rules use,
/// so the trainer and the rules name the same cases. Codable through its raw value.
public typealias ActivationKind = ArchActivation

extension ArchActivation: Codable {}

/// Padding of a convolution or pooling window: KernelCore's.
public typealias PaddingSpec = ArchPadding

/// One layer of a model, as written in a model file (no weights, no input shape): KernelCore's
/// `ArchLayer`, whose rules give its shapes and costs, here Codable as checkpoints hold it.
public typealias LayerSpec = ArchLayer

extension ArchLayer: Codable {
    /// Whether the layer holds trainable parameters.
    public var hasParameters: Bool {
        switch self {
        case .conv, .linear, .activation(.prelu, _), .batchnorm: return true
        case let .residual(body, shortcut): return (body + (shortcut ?? [])).contains { $0.hasParameters }
        case let .inception(branches): return branches.joined().contains { $0.hasParameters }
        case .maxpool, .avgpool, .activation, .lrn, .dropout, .flatten, .globalAvgPool: return false
        }
    }
}

// Checkpoints (and `ModelSpec` JSON) hold layers as Swift synthesised Codable for NN's own enum
// before it became KernelCore's: `{"case": {"label": value, ...}}`, `{"flatten": {}}`, the
// activation's unlabelled kind under `_0`, and `bias` written only when false. These keep those
// bytes; the decoders accept exactly what the synthesised ones did (one key per value).

private enum LayerCase: String, CodingKey {
    case conv, maxpool, avgpool, activation, lrn, dropout, flatten, linear, batchnorm, globalAvgPool, residual, inception
}

private enum LayerField: String, CodingKey {
    case filters, kernelH, kernelW, strideH, strideW, padding, dilation, bias, sizeH, sizeW
    case kind = "_0", alpha, size, beta, k, p, outputs, body, shortcut, branches
}

private func onlyKey<K: CodingKey>(_ c: KeyedDecodingContainer<K>) throws -> K {
    guard c.allKeys.count == 1, let key = c.allKeys.first else {
        throw DecodingError.typeMismatch(K.self, DecodingError.Context(codingPath: c.codingPath,
                                                                         debugDescription: "Invalid number of keys found, expected one."))
    }
    return key
}

extension ArchLayer {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: LayerCase.self)
        switch self {
        case let .conv(filters, kh, kw, sh, sw, padding, dilation, bias):
            var f = c.nestedContainer(keyedBy: LayerField.self, forKey: .conv)
            try f.encode(filters, forKey: .filters)
            try f.encode(kh, forKey: .kernelH)
            try f.encode(kw, forKey: .kernelW)
            try f.encode(sh, forKey: .strideH)
            try f.encode(sw, forKey: .strideW)
            try f.encode(padding, forKey: .padding)
            try f.encode(dilation, forKey: .dilation)
            if !bias { try f.encode(false, forKey: .bias) }
        case let .maxpool(kh, kw, sh, sw, padding), let .avgpool(kh, kw, sh, sw, padding):
            var f = c.nestedContainer(keyedBy: LayerField.self, forKey: kind == "maxpool" ? .maxpool : .avgpool)
            try f.encode(kh, forKey: .sizeH)
            try f.encode(kw, forKey: .sizeW)
            try f.encode(sh, forKey: .strideH)
            try f.encode(sw, forKey: .strideW)
            try f.encode(padding, forKey: .padding)
        case let .activation(a, alpha):
            var f = c.nestedContainer(keyedBy: LayerField.self, forKey: .activation)
            try f.encode(a, forKey: .kind)
            try f.encodeIfPresent(alpha, forKey: .alpha)
        case let .lrn(size, alpha, beta, k):
            var f = c.nestedContainer(keyedBy: LayerField.self, forKey: .lrn)
            try f.encode(size, forKey: .size)
            try f.encode(alpha, forKey: .alpha)
            try f.encode(beta, forKey: .beta)
            try f.encode(k, forKey: .k)
        case let .dropout(p):
            var f = c.nestedContainer(keyedBy: LayerField.self, forKey: .dropout)
            try f.encode(p, forKey: .p)
        case .flatten: _ = c.nestedContainer(keyedBy: LayerField.self, forKey: .flatten)
        case let .linear(n):
            var f = c.nestedContainer(keyedBy: LayerField.self, forKey: .linear)
            try f.encode(n, forKey: .outputs)
        case .batchnorm: _ = c.nestedContainer(keyedBy: LayerField.self, forKey: .batchnorm)
        case .globalAvgPool: _ = c.nestedContainer(keyedBy: LayerField.self, forKey: .globalAvgPool)
        case let .residual(body, shortcut):
            var f = c.nestedContainer(keyedBy: LayerField.self, forKey: .residual)
            try f.encode(body, forKey: .body)
            try f.encodeIfPresent(shortcut, forKey: .shortcut)
        case let .inception(branches):
            var f = c.nestedContainer(keyedBy: LayerField.self, forKey: .inception)
            try f.encode(branches, forKey: .branches)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: LayerCase.self)
        let key = try onlyKey(c)
        let f = try c.nestedContainer(keyedBy: LayerField.self, forKey: key)
        func int(_ k: LayerField) throws -> Int { try f.decode(Int.self, forKey: k) }
        func float(_ k: LayerField) throws -> Float { try f.decode(Float.self, forKey: k) }
        switch key {
        case .conv:
            self = .conv(filters: try int(.filters), kernelH: try int(.kernelH), kernelW: try int(.kernelW), strideH: try int(.strideH),
                         strideW: try int(.strideW), padding: try f.decode(ArchPadding.self, forKey: .padding), dilation: try int(.dilation),
                         bias: try f.decodeIfPresent(Bool.self, forKey: .bias) ?? true)
        case .maxpool:
            self = .maxpool(sizeH: try int(.sizeH), sizeW: try int(.sizeW), strideH: try int(.strideH), strideW: try int(.strideW), padding: try int(.padding))
        case .avgpool:
            self = .avgpool(sizeH: try int(.sizeH), sizeW: try int(.sizeW), strideH: try int(.strideH), strideW: try int(.strideW), padding: try int(.padding))
        case .activation:
            self = .activation(try f.decode(ArchActivation.self, forKey: .kind), alpha: try f.decodeIfPresent(Float.self, forKey: .alpha))
        case .lrn: self = .lrn(size: try int(.size), alpha: try float(.alpha), beta: try float(.beta), k: try float(.k))
        case .dropout: self = .dropout(p: try float(.p))
        case .flatten: self = .flatten
        case .linear: self = .linear(outputs: try int(.outputs))
        case .batchnorm: self = .batchnorm
        case .globalAvgPool: self = .globalAvgPool
        case .residual:
            self = .residual(body: try f.decode([ArchLayer].self, forKey: .body), shortcut: try f.decodeIfPresent([ArchLayer].self, forKey: .shortcut))
        case .inception: self = .inception(branches: try f.decode([[ArchLayer]].self, forKey: .branches))
        }
    }
}

extension ArchPadding: Codable {
    private enum Case: String, CodingKey { case explicit, same, valid }
    private enum Field: String, CodingKey { case h, w }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Case.self)
        switch self {
        case let .explicit(h, w):
            var f = c.nestedContainer(keyedBy: Field.self, forKey: .explicit)
            try f.encode(h, forKey: .h)
            try f.encode(w, forKey: .w)
        case .same: _ = c.nestedContainer(keyedBy: Field.self, forKey: .same)
        case .valid: _ = c.nestedContainer(keyedBy: Field.self, forKey: .valid)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Case.self)
        let key = try onlyKey(c)
        switch key {
        case .explicit:
            let f = try c.nestedContainer(keyedBy: Field.self, forKey: .explicit)
            self = .explicit(h: try f.decode(Int.self, forKey: .h), w: try f.decode(Int.self, forKey: .w))
        case .same: self = .same
        case .valid: self = .valid
        }
    }
}

/// A model-file problem: where it is, which layer, and what is wrong.
public struct ModelSpecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where in the model file, when known.
    public var location: SourceLocation?
    /// The 1-based layer number and its label, when the problem belongs to one layer.
    public var layer: (index: Int, label: String)?
    /// What is wrong, with the numbers involved.
    public var message: String

    public init(location: SourceLocation? = nil, layer: (index: Int, label: String)? = nil, _ message: String) {
        self.location = location
        self.layer = layer
        self.message = message
    }

    public var description: String {
        var parts: [String] = []
        if let location { parts.append("\(location)") }
        if let layer { parts.append("layer \(layer.index) (\(layer.label))") }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    public static func == (a: ModelSpecError, b: ModelSpecError) -> Bool {
        a.location == b.location && a.layer?.index == b.layer?.index && a.layer?.label == b.layer?.label && a.message == b.message
    }
}

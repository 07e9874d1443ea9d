import Foundation
import KernelCore
import NN
import Tensor

/// A trained network as the page runs it: the layers and float32 weights of a checkpoint in
/// KernelCore's compact binary (`NetworkCore.encoded`), embedded as base64 in a small script
/// (`figures/demos/<model>/network.js`) that the drawing pad loads (no fetch: works from
/// `file://`). Float32, not a smaller type, so that the page's logits are the host's to 1e-4
/// and its predictions are `convwalk evaluate`'s.
public enum PageNetworkAsset {
    /// The network's layers and weights for `NetworkCore`.
    /// - Returns: nil and the reason when a layer has no page kernel (lrn, prelu, inception
    ///   blocks): such a demo page has no drawing pad.
    public static func core(_ network: Network) -> (network: NetworkCore?, reason: String?) {
        let made = layers(network)
        return (made.network, made.reason)
    }

    /// `core`, and for each of the model's top-level layers the index of the page network's
    /// output that is that layer's output (a residual block is several page layers: `save`, its
    /// body, maybe `swap` and a projection, `add`; its output is the `add`'s).
    public static func layers(_ network: Network) -> (network: NetworkCore?, tops: [Int], reason: String?) {
        var layers: [NetworkCore.Layer] = []
        var tops: [Int] = []
        let epsilon = BatchNorm().epsilon
        func shape() -> [Int]? {
            NetworkCore.shapes(input: network.spec.input, layers: layers, complete: false).shapes.map { $0.last ?? network.spec.input }
        }
        func append(_ layer: LayerSpec, _ at: String) -> String? {
            switch layer {
            case let .conv(f, kh, kw, sh, sw, padding, d, bias):
                let (ph, pw): (Int, Int)
                switch padding {
                case let .explicit(h, w): (ph, pw) = (h, w)
                case .valid: (ph, pw) = (0, 0)
                case .same: (ph, pw) = ((kh - 1) * d / 2, (kw - 1) * d / 2)
                }
                layers.append(.conv(filters: f, kh: kh, kw: kw, strideH: sh, strideW: sw, padH: ph, padW: pw, dilation: d, bias: bias))
            case let .maxpool(h, w, sh, sw, p):
                layers.append(.pool(max: true, sizeH: h, sizeW: w, strideH: sh, strideW: sw, pad: p))
            case let .avgpool(h, w, sh, sw, p):
                layers.append(.pool(max: false, sizeH: h, sizeW: w, strideH: sh, strideW: sw, pad: p))
            case let .activation(kind, alpha):
                let a: CoreActivation
                switch kind {
                case .relu: a = .relu
                case .sigmoid: a = .sigmoid
                case .tanh: a = .tanh
                case .leakyRelu: a = .leakyRelu
                case .elu: a = .elu
                case .prelu: return "\(at) (prelu) has no page kernel"
                }
                layers.append(.activation(a, alpha: alpha ?? a.defaultAlpha))
            case .dropout:
                layers.append(.identity)
            case .flatten:
                layers.append(.flatten)
            case let .linear(n):
                layers.append(.linear(outputs: n))
            case .batchnorm:
                layers.append(.batchnorm(epsilon: epsilon))
            case .globalAvgPool:
                layers.append(.globalAvgPool)
            case let .residual(body, shortcut):
                guard let input = shape() else { return "\(at): its input does not fit" }
                layers.append(.save)
                for (k, inner) in body.enumerated() {
                    if let reason = append(inner, "\(at), body layer \(k + 1)") { return reason }
                }
                if let shortcut {
                    layers.append(.swap)
                    for (k, inner) in shortcut.enumerated() {
                        if let reason = append(inner, "\(at), shortcut layer \(k + 1)") { return reason }
                    }
                } else if let output = shape(), output != input {
                    // The host's projection: a 1×1 convolution with bias and the smallest stride
                    // that lands on the body's map.
                    guard input.count == 3, output.count == 3,
                          let stride = (1...max(input[1], 1)).first(where: { s in
                              (input[1] - 1) / s + 1 == output[1] && (input[2] - 1) / s + 1 == output[2] }) else {
                        return "\(at): no 1x1 projection fits its shortcut"
                    }
                    layers.append(.swap)
                    layers.append(.conv(filters: output[0], kh: 1, kw: 1, strideH: stride, strideW: stride, padH: 0, padW: 0, dilation: 1))
                }
                layers.append(.add)
            case .lrn, .inception:
                return "\(at) (\(layer.kind)) has no page kernel"
            }
            return nil
        }
        for (i, layer) in network.spec.layers.enumerated() {
            if let reason = append(layer, "layer \(i + 1)") { return (nil, [], reason) }
            tops.append(layers.count - 1)
        }
        let weights = network.parameters.flatMap(\.data)
        let made = NetworkCore.make(input: network.spec.input, layers: layers, weights: weights)
        return (made.network, made.network == nil ? [] : tops, made.error)
    }

    /// The script: `window.convwalkNetworks[name] = {data, predictions}`, `predictions` being
    /// the host's class for each of the first test digits (one character each), which the
    /// browser tests compare `convwalk.classify` with.
    static func script(name: String, network: NetworkCore, predictions: [Int]) -> String {
        let data = Data(network.encoded).base64EncodedString()
        let digits = predictions.map(String.init).joined()
        let key = name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" } ? name : "network"
        return "// Generated by convwalk build from the \(key) checkpoint (layers and float32 weights, NetworkCore's binary).\n"
            + "window.convwalkNetworks = window.convwalkNetworks || {};\n"
            + "window.convwalkNetworks[\"\(key)\"] = {data: \"\(data)\", predictions: \"\(digits)\"};\n"
    }
}

import Foundation
import Tensor

/// Bounds that keep an absurd model (a typo, a hostile file, a damaged checkpoint) from
/// overflowing shape arithmetic or allocating gigabytes. `layerTable()` checks the numbers
/// and shapes (lessons may still show a 150M-parameter layer table); `checkParameterCount`
/// guards what allocates weights (`Network`, `convwalk models check`).
public enum ModelLimits {
    /// The largest whole number a layer or the input may hold (size, filters, stride, ...).
    public static let maxNumber = 1 << 16
    /// The most values one example may have at any layer's output (and at the input).
    public static let maxActivations = 1 << 26
    /// The most trainable parameters a model may have: 500 million (2 GB of Float32), enough
    /// for the lessons' AlexNet and VGG tables, while a billion-parameter model is refused.
    public static let maxParameters = 500_000_000

    /// The product of `xs`, or nil on overflow.
    static func product(_ xs: Int...) -> Int? { product(xs) }

    /// The product of `xs`, or nil on overflow.
    static func product(_ xs: [Int]) -> Int? {
        var p = 1
        for x in xs {
            let (r, overflow) = p.multipliedReportingOverflow(by: x)
            if overflow { return nil }
            p = r
        }
        return p
    }

    /// The whole numbers of a layer, by name, for range checks.
    static func numbers(of layer: LayerSpec) -> [(String, Int, ClosedRange<Int>)] {
        let positive = 1...maxNumber, nonNegative = 0...maxNumber
        switch layer {
        case let .conv(filters, kh, kw, sh, sw, padding, d, _):
            var xs = [("filters", filters, positive), ("kernel", kh, positive), ("kernel", kw, positive),
                      ("stride", sh, positive), ("stride", sw, positive), ("dilation", d, positive)]
            if case let .explicit(h, w) = padding { xs += [("padding", h, nonNegative), ("padding", w, nonNegative)] }
            return xs
        case let .maxpool(kh, kw, sh, sw, p), let .avgpool(kh, kw, sh, sw, p):
            return [("size", kh, positive), ("size", kw, positive), ("stride", sh, positive), ("stride", sw, positive),
                    ("padding", p, nonNegative)]
        case let .lrn(size, _, _, _):
            return [("size", size, positive)]
        case let .linear(n):
            return [("outputs", n, positive)]
        case .activation, .dropout, .flatten, .batchnorm, .globalAvgPool, .residual, .inception:
            return []
        }
    }
}

extension ModelSpec {
    /// Throws when the model has more than `ModelLimits.maxParameters` parameters, before
    /// anything is allocated.
    public func checkParameterCount() throws {
        let total = try totalParameters()
        guard total <= ModelLimits.maxParameters else {
            throw ModelSpecError(location: locations.last ?? nil,
                                 "the model has \(total) parameters (the limit is \(ModelLimits.maxParameters)); convwalk refuses to allocate it")
        }
    }

    /// Throws unless the input is [C, H, W] with each side in 1...`ModelLimits.maxNumber`.
    func checkInputShape() throws {
        let fine = input.count == 3 && input.allSatisfy { (1...ModelLimits.maxNumber).contains($0) }
        guard fine, let n = ModelLimits.product(input[0], input[1], input[2]), n <= ModelLimits.maxActivations else {
            throw ModelSpecError(location: locations.first ?? nil,
                                 "input \(Tensor.describe(input)) must be [channels, height, width], each 1...\(ModelLimits.maxNumber), at most \(ModelLimits.maxActivations) values")
        }
    }
}

extension ModelSpec {
    /// Why `name` cannot name a model, or nil. The name becomes a folder (`runs/NAME`) and part
    /// of file names, so it may hold only letters, digits, '.', '_' and '-', must not start with
    /// '.' (no `..`, no hidden folder) and is 1 to 64 characters long.
    public static func nameProblem(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
        guard !name.isEmpty, name.count <= 64, allowed, !name.hasPrefix(".") else {
            return "model name \"\(name)\" may hold only letters, digits, '.', '_' and '-' (1 to 64, not starting with '.'): it becomes the run folder's name"
        }
        return nil
    }
}

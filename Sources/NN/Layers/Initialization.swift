import Foundation
import Tensor

/// How a layer's weights are drawn before training.
public enum WeightInit: String, Codable, Sendable {
    /// He et al. (2015): normal with standard deviation √(2 / fan-in), for layers feeding a ReLU.
    case he
    /// Glorot and Bengio (2010): uniform in ±√(6 / (fan-in + fan-out)), for the others.
    case xavier

    /// Draws `count` weights for a layer with the given fans.
    func draw(count: Int, fanIn: Int, fanOut: Int, rng: inout SplitMix64) -> [Float] {
        switch self {
        case .he:
            let std = Float((2 / Double(fanIn)).squareRoot())
            return (0..<count).map { _ in std * rng.nextNormal() }
        case .xavier:
            let limit = Float((6 / Double(fanIn + fanOut)).squareRoot())
            return (0..<count).map { _ in limit * (2 * rng.nextFloat() - 1) }
        }
    }

    /// He when the next layer that transforms values (skipping pooling, dropout, LRN and
    /// flatten) is a rectifier, Xavier otherwise (sigmoid, tanh, or the output layer).
    static func choose(after index: Int, in layers: [LayerSpec]) -> WeightInit {
        for layer in layers[(index + 1)...] {
            switch layer {
            case .maxpool, .avgpool, .dropout, .lrn, .flatten, .batchnorm, .globalAvgPool: continue
            case let .activation(kind, _):
                return [.relu, .leakyRelu, .prelu, .elu].contains(kind) ? .he : .xavier
            case .conv, .linear, .residual, .inception: return .xavier
            }
        }
        return .xavier
    }
}

extension SplitMix64 {
    /// A standard normal sample (Box–Muller on two uniform draws).
    mutating func nextNormal() -> Float {
        let u1 = max(Double(nextFloat()), 1e-12), u2 = Double(nextFloat())
        return Float((-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2))
    }

    /// A uniform integer in 0..<n (n ≥ 1), by rejection so that every value is equally likely.
    mutating func nextInt(below n: Int) -> Int {
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let r = next()
            if r < limit { return Int(r % bound) }
        }
    }

    /// A permutation of 0..<n (Fisher–Yates), written out here so that a seed means the same
    /// order on every platform and Swift version.
    mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        var i = n - 1
        while i > 0 {
            p.swapAt(i, nextInt(below: i + 1))
            i -= 1
        }
        return p
    }
}

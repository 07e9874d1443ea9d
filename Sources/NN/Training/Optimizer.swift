import Foundation
import Tensor

/// Which update rule `Optimizer` applies.
public enum OptimizerKind: String, Codable, CaseIterable, Sendable {
    /// p ← p − lr · g
    case sgd
    /// v ← μ v + g;  p ← p − lr · v  (PyTorch's form)
    case momentum
    /// Kingma and Ba (2015), with bias correction, as PyTorch's `Adam`.
    case adam

    /// How prose names the rule: "SGD", "SGD with momentum", "Adam".
    public var displayName: String {
        switch self {
        case .sgd: return "SGD"
        case .momentum: return "SGD with momentum"
        case .adam: return "Adam"
        }
    }

    /// A sensible learning rate for each rule on the built-in models.
    public var defaultLearningRate: Float {
        switch self {
        case .sgd: return 0.05
        case .momentum: return 0.01
        case .adam: return 0.001
        }
    }
}

/// An optimizer with its state: plain arrays, one per parameter tensor, so that a
/// checkpoint can store and restore it exactly.
public struct Optimizer: Codable, Equatable, Sendable {
    public var kind: OptimizerKind
    public var learningRate: Float
    /// μ of `momentum`.
    public var momentum: Float = 0.9
    /// β₁, β₂ and ε of `adam`.
    public var beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
    /// Epochs (counted from 1) after which the learning rate is divided by 10, as PyTorch's
    /// `MultiStepLR(optimizer, milestones, gamma: 0.1)` stepped once per epoch: `[6]` trains
    /// epochs 1–6 at `learningRate` and the later ones at a tenth of it. Strictly increasing,
    /// each at least 1 (`rateDropsProblem` says what is wrong with a list).
    public var rateDrops: [Int] = []
    /// Updates applied so far (Adam's t).
    public private(set) var step = 0
    /// The epochs completed when the current epoch started (set by `TrainingSession`).
    public var completedEpochs = 0
    /// Momentum's velocity or Adam's first moment, per parameter.
    public private(set) var first: [[Float]] = []
    /// Adam's second moment, per parameter.
    public private(set) var second: [[Float]] = []

    public init(kind: OptimizerKind, learningRate: Float? = nil) {
        self.kind = kind
        self.learningRate = learningRate ?? kind.defaultLearningRate
    }

    /// The most drops a schedule may list.
    public static let maxRateDrops = 64

    /// What is wrong with `drops` as a schedule, in words, or nil.
    public static func rateDropsProblem(_ drops: [Int]) -> String? {
        if drops.count > maxRateDrops { return "at most \(maxRateDrops) epochs, got \(drops.count)" }
        if let bad = drops.first(where: { $0 < 1 }) { return "epochs are counted from 1, got \(bad)" }
        if zip(drops, drops.dropFirst()).contains(where: { $0 >= $1 }) {
            return "the epochs must increase, got \(drops.map(String.init).joined(separator: ","))"
        }
        return nil
    }

    /// The rate used in the epoch after `done` completed epochs: `learningRate` divided by 10
    /// for every drop at or before `done`.
    public func learningRate(afterEpochs done: Int) -> Float {
        rateDrops.reduce(learningRate) { rate, drop in done >= drop ? rate * 0.1 : rate }
    }

    /// Restores an optimizer with its state (used by `Checkpoint`).
    init(kind: OptimizerKind, learningRate: Float, rateDrops: [Int], momentum: Float, beta1: Float, beta2: Float, epsilon: Float,
         step: Int, first: [[Float]], second: [[Float]]) {
        self.kind = kind
        self.learningRate = learningRate
        self.rateDrops = rateDrops
        self.momentum = momentum
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.step = step
        self.first = first
        self.second = second
    }

    /// Applies one update to `parameters` from `gradients` (same count and shapes).
    public mutating func update(_ parameters: inout [Tensor], _ gradients: [Tensor]) {
        precondition(parameters.count == gradients.count, "\(parameters.count) parameters, \(gradients.count) gradients")
        if first.isEmpty, kind != .sgd {
            first = parameters.map { [Float](repeating: 0, count: $0.count) }
            if kind == .adam { second = first }
        }
        step += 1
        let lr = learningRate(afterEpochs: completedEpochs)
        // Bias corrections folded into the step size, as PyTorch does.
        let c1 = 1 - Foundation.pow(beta1, Float(step)), c2 = 1 - Foundation.pow(beta2, Float(step))
        let adamStep = lr / c1, c2Root = c2.squareRoot()
        for i in parameters.indices {
            precondition(parameters[i].count == gradients[i].count, "parameter \(i): shape mismatch")
            let n = parameters[i].count
            gradients[i].data.withUnsafeBufferPointer { g in
                parameters[i].data.withUnsafeMutableBufferPointer { p in
                    switch kind {
                    case .sgd:
                        for j in 0..<n { p[j] -= lr * g[j] }
                    case .momentum:
                        let mu = momentum
                        first[i].withUnsafeMutableBufferPointer { v in
                            for j in 0..<n {
                                v[j] = mu * v[j] + g[j]
                                p[j] -= lr * v[j]
                            }
                        }
                    case .adam:
                        let b1 = beta1, b2 = beta2, eps = epsilon
                        first[i].withUnsafeMutableBufferPointer { m in
                            second[i].withUnsafeMutableBufferPointer { v in
                                // Elementwise, so split across cores with the same bits.
                                let (p, g, m, v) = (SharedPointer(p.baseAddress!), SharedPointer(reading: g.baseAddress!),
                                                    SharedPointer(m.baseAddress!), SharedPointer(v.baseAddress!))
                                Parallelism.run(chunks: Parallelism.chunks(for: n, work: 8 * n), count: n) { _, r in
                                    let at = r.lowerBound
                                    Self.adamStep(r.count, p: p.p + at, g: g.p + at, m: m.p + at, v: v.p + at,
                                                  b1: b1, b2: b2, step: adamStep, c2Root: c2Root, eps: eps)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adam's update of `n` values, eight at a time (SIMD8; the same operations in the same
    /// order as one at a time, so the same bits). The compiler left the scalar loop unvectorised.
    private static func adamStep(_ n: Int, p: UnsafeMutablePointer<Float>, g: UnsafePointer<Float>,
                                 m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
                                 b1: Float, b2: Float, step: Float, c2Root: Float, eps: Float) {
        let (a1, a2) = (1 - b1, 1 - b2)
        var j = 0
        while j + 8 <= n {
            let gj = UnsafeRawPointer(g + j).loadUnaligned(as: SIMD8<Float>.self)
            let mj = b1 * UnsafeRawPointer(m + j).loadUnaligned(as: SIMD8<Float>.self) + a1 * gj
            let vj = b2 * UnsafeRawPointer(v + j).loadUnaligned(as: SIMD8<Float>.self) + a2 * gj * gj
            let pj = UnsafeRawPointer(p + j).loadUnaligned(as: SIMD8<Float>.self) - step * mj / (vj.squareRoot() / c2Root + eps)
            UnsafeMutableRawPointer(m + j).storeBytes(of: mj, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(v + j).storeBytes(of: vj, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(p + j).storeBytes(of: pj, as: SIMD8<Float>.self)
            j += 8
        }
        while j < n {
            let gj = g[j]
            m[j] = b1 * m[j] + a1 * gj
            v[j] = b2 * v[j] + a2 * gj * gj
            p[j] -= step * m[j] / (v[j].squareRoot() / c2Root + eps)
            j += 1
        }
    }
}

import Foundation
import Render
import Tensor

/// Small, hand-checkable inputs for the non-frame figures.
enum FigureFixtures {
    static var lossChart: LineChart {
        LineChart(title: "Loss per epoch", xLabel: "epoch", yLabel: "cross-entropy loss",
                  series: [LineSeries(name: "train", perEpoch: [2.30, 0.92, 0.51, 0.38, 0.31, 0.27, 0.24, 0.22]),
                           LineSeries(name: "test", perEpoch: [1.45, 0.70, 0.48, 0.41, 0.37, 0.36, 0.35, 0.36])],
                  size: Size(480, 300), integerXTicks: true)
    }

    static var confusion: ConfusionMatrixChart {
        let k = 10
        let counts = (0..<k).map { t in (0..<k).map { p in t == p ? 90 + (t * 7) % 13 : ((t * 3 + p * 5) % 11 == 0 ? (t + p) % 6 + 1 : 0) } }
        return ConfusionMatrixChart(counts: counts, title: "Test set")
    }

    /// A ring of radius `r` on a 28×28 canvas: a digit-like grey image in 0...1.
    static func ring(_ r: Double, cx: Double = 14, cy: Double = 14) -> Tensor {
        var t = Tensor(shape: [28, 28])
        for y in 0..<28 {
            for x in 0..<28 {
                let d = abs(((Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)).squareRoot() - r)
                t[y, x] = Float(max(0, 1 - d / 2))
            }
        }
        return t
    }

    /// Six 8×8 maps with hand-made patterns: a ramp, a checkerboard, a cross, a border,
    /// a diagonal and a constant.
    static var featureMaps: Tensor {
        var t = Tensor(shape: [6, 8, 8])
        for y in 0..<8 {
            for x in 0..<8 {
                t[0, y, x] = Float(x) / 7
                t[1, y, x] = Float((x + y) % 2)
                t[2, y, x] = x == 3 || y == 4 ? 2 : 0
                t[3, y, x] = x == 0 || y == 0 || x == 7 || y == 7 ? 1.5 : 0.25
                t[4, y, x] = x == y ? 1 : 0
                t[5, y, x] = 0.5
            }
        }
        return t
    }

    static var lenet: [ArchitectureLayer] {
        [ArchitectureLayer(name: "input", kind: "input", outputShape: [1, 28, 28], parameters: 0),
         ArchitectureLayer(name: "conv1", kind: "conv 5×5, pad 2", outputShape: [6, 28, 28], parameters: 156),
         ArchitectureLayer(name: "relu1", kind: "ReLU", outputShape: [6, 28, 28], parameters: 0),
         ArchitectureLayer(name: "pool1", kind: "max pool 2×2", outputShape: [6, 14, 14], parameters: 0),
         ArchitectureLayer(name: "conv2", kind: "conv 5×5", outputShape: [16, 10, 10], parameters: 2416),
         ArchitectureLayer(name: "relu2", kind: "ReLU", outputShape: [16, 10, 10], parameters: 0),
         ArchitectureLayer(name: "pool2", kind: "max pool 2×2", outputShape: [16, 5, 5], parameters: 0),
         ArchitectureLayer(name: "flatten", kind: "flatten", outputShape: [400], parameters: 0),
         ArchitectureLayer(name: "fc1", kind: "dense", outputShape: [120], parameters: 48120),
         ArchitectureLayer(name: "fc2", kind: "dense", outputShape: [84], parameters: 10164),
         ArchitectureLayer(name: "fc3", kind: "dense", outputShape: [10], parameters: 850),
         ArchitectureLayer(name: "softmax", kind: "softmax", outputShape: [10], parameters: 0)]
    }

    static var alexnet: [ArchitectureLayer] {
        var l = [ArchitectureLayer(name: "input", kind: "input", outputShape: [1, 28, 28], parameters: 0)]
        let convs: [(Int, Int, Int, Int)] = [(32, 1, 3, 28), (64, 32, 3, 28), (96, 64, 3, 14), (96, 96, 3, 14), (64, 96, 3, 14)]
        for (i, (f, c, k, s)) in convs.enumerated() {
            l.append(ArchitectureLayer(name: "conv\(i + 1)", kind: "conv \(k)×\(k), pad 1", outputShape: [f, s, s],
                                       parameters: f * c * k * k + f))
            l.append(ArchitectureLayer(name: "relu\(i + 1)", kind: "ReLU", outputShape: [f, s, s], parameters: 0))
            if i == 1 || i == 4 {
                l.append(ArchitectureLayer(name: "pool\(i == 1 ? 1 : 2)", kind: "max pool 2×2", outputShape: [f, s / 2, s / 2], parameters: 0))
            }
        }
        l += [ArchitectureLayer(name: "flatten", kind: "flatten", outputShape: [3136], parameters: 0),
              ArchitectureLayer(name: "fc1", kind: "dense", outputShape: [256], parameters: 3136 * 256 + 256),
              ArchitectureLayer(name: "relu6", kind: "ReLU", outputShape: [256], parameters: 0),
              ArchitectureLayer(name: "dropout", kind: "dropout 0.5", outputShape: [256], parameters: 0),
              ArchitectureLayer(name: "fc2", kind: "dense", outputShape: [10], parameters: 2570),
              ArchitectureLayer(name: "softmax", kind: "softmax", outputShape: [10], parameters: 0)]
        return l
    }
}

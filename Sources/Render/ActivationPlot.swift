import Tensor

/// An activation function and its derivative on one chart, from sample points the caller
/// computed (so the curve is the one the Tensor module uses).
public enum ActivationPlot {
    /// - Parameters:
    ///   - name: "ReLU", "sigmoid", "tanh" ...
    ///   - x: sample positions, increasing.
    ///   - value: f(x) at each position.
    ///   - derivative: f′(x) at each position.
    public static func chart(name: String, x: [Double], value: [Double], derivative: [Double],
                             size: Size = Size(440, 300)) -> LineChart {
        LineChart(title: name, xLabel: "x", yLabel: nil,
                  series: [LineSeries(name: "\(name)(x)", x: x, y: value), LineSeries(name: "\(name)′(x)", x: x, y: derivative)],
                  size: size, showsZeroLines: true, showsMarkers: false)
    }

    /// Samples `f` and `df` at `count` evenly spaced points of `range`.
    public static func chart(name: String, range: ClosedRange<Double> = -4...4, count: Int = 161,
                             f: (Double) -> Double, df: (Double) -> Double, size: Size = Size(440, 300)) -> LineChart {
        let xs = (0..<count).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(count - 1) }
        return chart(name: name, x: xs, value: xs.map(f), derivative: xs.map(df), size: size)
    }
}

extension ActivationPlot {
    /// The Tensor module's `activation` and its derivative, sampled on `range`.
    public static func chart(_ activation: Activation, alpha: Float? = nil, range: ClosedRange<Double> = -4...4,
                             count: Int = 161, size: Size = Size(440, 300)) -> LineChart {
        chart(name: displayName(activation), range: range, count: count,
              f: { Double(activation.value(Float($0), alpha: alpha)) },
              df: { Double(activation.derivative(Float($0), alpha: alpha)) }, size: size)
    }

    /// "ReLU", "leaky ReLU", "PReLU", "ELU", "GELU", "sigmoid", "tanh", "identity".
    public static func displayName(_ a: Activation) -> String {
        switch a {
        case .identity: "identity"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .relu: "ReLU"
        case .leakyRelu: "leaky ReLU"
        case .prelu: "PReLU"
        case .elu: "ELU"
        case .gelu: "GELU"
        }
    }
}

import Tensor

/// One image run through a network, with every layer's output kept: what the demo pages
/// draw as feature maps and probability bars.
public struct Inspection: Sendable {
    /// One layer's result for the image.
    public struct Layer: Sendable {
        /// The layer's row of the model's layer table (name, kind, description, shapes).
        public var info: LayerInfo
        /// The layer's output for this image, without the batch axis: [C, H, W] or [n].
        public var output: Tensor
    }

    /// The image as it went in, [C, H, W].
    public var input: Tensor
    /// Every layer, first to last.
    public var layers: [Layer]
    /// The softmax of the last layer's output.
    public var probabilities: [Float]
    /// The class with the highest probability (the first on ties).
    public var predicted: Int
}

extension Network {
    /// Runs one image (dropout off) and keeps every layer's activation.
    /// - Parameter image: [C, H, W] (or [1, C, H, W]) matching `spec.input`.
    /// - Throws: `TensorError` when the image does not fit the model.
    public func inspect(_ image: Tensor) throws -> Inspection {
        let batch = image.rank == 3 ? try image.reshaped([1] + image.shape) : image
        var rng = SplitMix64(seed: 0)
        let pass = try forward(batch, training: false, rng: &rng)
        let layers = try zip(table, pass.outputs).map { info, out in
            Inspection.Layer(info: info, output: try out.reshaped(Array(out.shape.dropFirst())))
        }
        let logits = pass.logits
        let probs = try softmax(logits.reshaped([1, logits.count]), axis: 1).data
        let predicted = probs.indices.max { probs[$0] < probs[$1] || (probs[$0] == probs[$1] && $0 > $1) } ?? 0
        return Inspection(input: try batch.reshaped(spec.input), layers: layers, probabilities: probs, predicted: predicted)
    }
}

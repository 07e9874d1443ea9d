import Tensor

/// A model's results on a labelled data set: loss, accuracy, confusion matrix, and every
/// prediction with its confidence (for the demo pages' "most confident mistakes").
public struct Evaluation: Sendable {
    /// Mean cross-entropy.
    public var loss: Float
    /// Fraction of images classified correctly.
    public var accuracy: Float
    /// `confusion[true][predicted]` counts.
    public var confusion: [[Int]]
    /// The predicted class of every image, in data set order.
    public var predictions: [Int]
    /// The softmax probability of each predicted class.
    public var confidences: [Float]
    /// The true labels, in data set order.
    public var labels: [Int]

    /// Runs `network` (dropout off) over `dataset` in batches.
    /// - Throws: `TensorError` when the images do not fit the model.
    public init(network: Network, dataset: Dataset, batchSize: Int = 500) throws {
        MemoryReuse.enable()
        try dataset.checkFits(network.spec)
        let classes = try network.spec.outputShape().first ?? 0
        confusion = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        predictions = []
        confidences = []
        labels = dataset.labels
        var batcher = Batcher(dataset: dataset)
        var rng = SplitMix64(seed: 0)
        var lossSum: Double = 0
        var start = 0
        while start < dataset.count {
            let indices = Array(start..<min(dataset.count, start + batchSize))
            let (x, y) = try batcher.batch(indices)
            let logits = try network.forward(x, training: false, rng: &rng).logits
            lossSum += Double(try crossEntropy(logits: logits, labels: y).loss) * Double(indices.count)
            let probs = try softmax(logits, axis: 1)
            for (r, label) in y.enumerated() {
                let row = probs.data[(r * classes)..<((r + 1) * classes)]
                var best = row.startIndex
                for k in row.indices where row[k] > row[best] { best = k }
                let predicted = best - row.startIndex
                predictions.append(predicted)
                confidences.append(row[best])
                confusion[label][predicted] += 1
            }
            start += batchSize
        }
        let correct = zip(predictions, labels).filter { $0 == $1 }.count
        loss = dataset.count > 0 ? Float(lossSum / Double(dataset.count)) : 0
        accuracy = dataset.count > 0 ? Float(correct) / Float(dataset.count) : 0
    }

    /// For each class, the fraction of its images classified correctly (nil when it has none).
    public var perClassAccuracy: [Float?] {
        confusion.enumerated().map { k, row in
            let total = row.reduce(0, +)
            return total > 0 ? Float(row[k]) / Float(total) : nil
        }
    }

    /// A misclassified image: where it is, what it is, what the model said and how sure it was.
    public struct Mistake: Equatable, Sendable {
        public var index: Int
        public var label: Int
        public var predicted: Int
        public var confidence: Float
    }

    /// The `count` wrong predictions made with the highest confidence (ties: lower index first).
    public func mostConfidentMistakes(_ count: Int) -> [Mistake] {
        let wrong = predictions.indices.filter { predictions[$0] != labels[$0] }
        let sorted = wrong.sorted { confidences[$0] != confidences[$1] ? confidences[$0] > confidences[$1] : $0 < $1 }
        return sorted.prefix(count).map { Mistake(index: $0, label: labels[$0], predicted: predictions[$0], confidence: confidences[$0]) }
    }
}

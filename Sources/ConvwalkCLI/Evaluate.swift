import ArgumentParser
import Foundation
import NN
import Tensor

/// `convwalk evaluate MODEL --checkpoint F`: accuracy, per-class accuracy and confusion matrix.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a trained checkpoint on the test set: accuracy, per-class accuracy, confusion matrix.")

    @OptionGroup var modelArgument: ModelArgument
    @Option(help: "The checkpoint file written by `convwalk train`.")
    var checkpoint: String
    @OptionGroup var data: DataOption
    @Option(help: "Evaluate on the first this many test images.")
    var limit: Int?
    @Option(help: "List this many of the most confident mistakes.")
    var mistakes = 5
    @OptionGroup var threads: ThreadsOption

    func validate() throws {
        try requirePositive(["--limit": limit])
        if mistakes < 0 { throw ValidationError("--mistakes must be 0 or more, got \(mistakes)") }
    }

    func run() throws {
        try Console.reportingErrors {
            threads.apply()
            let spec = try modelArgument.spec()
            let session = try Checkpoint.read(path: checkpoint, expecting: spec)
            let test = try data.testSet(limit: limit)
            let eval = try Evaluation(network: session.network, dataset: test)
            report(eval, model: spec.name, epoch: session.epoch, images: test.count)
        }
    }

    private func report(_ eval: Evaluation, model: String, epoch: Int, images: Int) {
        Console.out(String(format: "%@ after %d epochs: accuracy %.2f%% on %d test images (loss %.4f)",
                           model, epoch, 100 * eval.accuracy, images, eval.loss))
        Console.out("\nper-class accuracy:")
        for (k, acc) in eval.perClassAccuracy.enumerated() {
            Console.out("  \(k): " + (acc.map { String(format: "%6.2f%%", 100 * $0) } ?? "   n/a"))
        }
        Console.out("\nconfusion matrix (rows: true class, columns: predicted):")
        let classes = eval.confusion.count
        Console.out("      " + (0..<classes).map { pad("\($0)", 6) }.joined())
        for (k, row) in eval.confusion.enumerated() {
            Console.out(pad("\(k)", 4) + "  " + row.map { pad("\($0)", 6) }.joined())
        }
        let worst = eval.mostConfidentMistakes(mistakes)
        if !worst.isEmpty {
            Console.out("\nmost confident mistakes:")
            for m in worst {
                Console.out(String(format: "  test image %5d: a %d taken for a %d (%.1f%% sure)", m.index, m.label, m.predicted, 100 * m.confidence))
            }
        }
    }

    private func pad(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }
}

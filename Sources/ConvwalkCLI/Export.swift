import ArgumentParser
import Foundation
import NN

/// `convwalk export CHECKPOINT --format safetensors|npz --out FILE`: weights for PyTorch.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a checkpoint's weights under PyTorch's names, as safetensors or npz, with the architecture as JSON.",
        discussion: """
        Parameters are named after the layer table's modules: conv1.weight [out, in, kh, kw], \
        conv1.bias, fc1.weight [out, in], fc1.bias, prelu1.weight, bn1.weight, bn1.bias, \
        bn1.running_mean, bn1.running_var, bn1.num_batches_tracked (the training steps, int64); \
        inside blocks res1.conv1.weight, res1.proj.weight (the shortcut's 1x1 projection), \
        inception1.b2.conv1.weight. A torch.nn.Sequential of an OrderedDict with the modules conv1, \
        relu1, pool1, ..., flatten1, fc1, ... loads them with load_state_dict(strict=True) \
        (bench/torch_bridge.py builds it from the JSON, blocks included). The architecture (the model's \
        layers with every option resolved, and each parameter's shape) goes to FILE.json and, for \
        safetensors, into the file's __metadata__ under "convwalk.architecture".
        """)

    @Argument(help: "A checkpoint written by `convwalk train` (checkpoint.cwck).")
    var checkpoint: String
    @Option(help: "safetensors or npz (default: from --out's extension).")
    var format: WeightsFormat?
    @Option(help: "The weights file to write; FILE.json gets the architecture.")
    var out: String

    func run() throws {
        try Console.reportingErrors {
            let format = try self.format ?? WeightsFormat(path: out)
            let session = try Checkpoint.read(path: checkpoint)
            let network = session.network
            try WeightsFile.write(network, format: format, to: out, batchesTrained: session.optimizer.step)
            Console.out("wrote \(out) (\(format.rawValue), \(network.parameters.count) tensors, \(network.parameterCount) numbers) and \(out).json")
        }
    }
}

extension WeightsFormat: ExpressibleByArgument {}

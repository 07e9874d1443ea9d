import Basics
import Foundation
import Tensor

/// A weights file format that PyTorch and NumPy read.
public enum WeightsFormat: String, CaseIterable, Sendable {
    case safetensors, npz

    /// The format a file name announces by its extension.
    /// - Throws: `InteropError.unknownFormat`.
    public init(path: String) throws {
        switch (path as NSString).pathExtension.lowercased() {
        case "safetensors": self = .safetensors
        case "npz": self = .npz
        default: throw InteropError.unknownFormat(file: path)
        }
    }
}

/// Reads and writes a network's weights under PyTorch's names (see `TorchWeights`).
public enum WeightsFile {
    /// The metadata key under which a safetensors file carries the architecture JSON.
    public static let architectureKey = "convwalk.architecture"

    /// Writes the weights to `path`, and the architecture JSON to `path + ".json"` (both
    /// through a temporary file and a rename). A safetensors file also carries the JSON in
    /// its `__metadata__`, so it is complete on its own.
    /// Each batch normalisation also gets PyTorch's `num_batches_tracked`, set to `batchesTrained`.
    public static func write(_ network: Network, format: WeightsFormat, to path: String, batchesTrained: Int = 0) throws {
        let architecture = try TorchWeights.architecture(network)
        let tensors = TorchWeights.tensors(of: network)
        let counters = TorchWeights.batchCounters(of: network, batches: batchesTrained)
        let bytes: [UInt8]
        switch format {
        case .safetensors: bytes = try SafeTensors.encode(tensors, counters: counters, metadata: ["format": "pt", architectureKey: architecture])
        case .npz: bytes = NPZ.encode(tensors, counters: counters)
        }
        try AtomicFile.write(Data(bytes), to: path)
        try AtomicFile.write(Data((architecture + "\n").utf8), to: path + ".json")
    }

    /// The tensors of a `.safetensors` or `.npz` file, in file order.
    /// - Throws: `InteropError` naming the file.
    public static func read(path: String) throws -> [NamedTensor] {
        let format = try WeightsFormat(path: path)
        guard let data = FileManager.default.contents(atPath: path) else { throw InteropError.unreadable(file: path) }
        switch format {
        case .safetensors: return try SafeTensors.decode([UInt8](data), file: path).tensors
        case .npz: return try NPZ.decode([UInt8](data), file: path)
        }
    }

    /// Reads `path` and loads its tensors into a network of `spec`.
    /// - Throws: `InteropError` (including `.mismatch` with every tensor that does not fit).
    public static func network(_ spec: ModelSpec, path: String) throws -> Network {
        try TorchWeights.network(spec, from: read(path: path), file: path)
    }
}

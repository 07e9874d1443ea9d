import Foundation
import Tensor

/// How convwalk's parameters are named and laid out for PyTorch.
///
/// Each layer becomes a module named as in convwalk's layer table (`conv1`, `relu1`, `pool1`,
/// `flatten1`, `fc1`, ...), so `torch.nn.Sequential(OrderedDict([("conv1", nn.Conv2d(...)),
/// ("relu1", nn.ReLU()), ...]))` has exactly these `state_dict()` keys:
///
///     convwalk      PyTorch          shape
///     conv1.w       conv1.weight     [out, in, kh, kw]   (same layout, nothing transposed)
///     conv1.b       conv1.bias       [out]
///     fc1.w         fc1.weight       [out, in]           (nn.Linear computes x Wᵀ + b)
///     fc1.b         fc1.bias         [out]
///     prelu1.alpha  prelu1.weight    [1]                 (nn.PReLU with one parameter)
///     bn1.gamma     bn1.weight       [C]                 (nn.BatchNorm2d, or BatchNorm1d after
///     bn1.beta      bn1.bias         [C]                  a flatten; running_mean and running_var
///                   bn1.num_batches_tracked  []  int64    keep their names)
///     res1.conv1.w  res1.conv1.weight                    (inside a residual block; its shortcut's
///     res1.proj.w   res1.proj.weight [out, in, 1, 1]      1x1 projection is `proj`)
///     inception1.b2.conv1.w  inception1.b2.conv1.weight  (branch 2 of an inception block)
///
/// `num_batches_tracked` counts the training batches (the optimiser's steps); convwalk's
/// batch normalisation uses momentum 0.1 and never reads it, so on import it is checked and skipped.
///
/// Flatten is row-major over [C, H, W], as `nn.Flatten()` does. convwalk's LRN α is not divided
/// by the window size, so its PyTorch twin is `nn.LocalResponseNorm(size, alpha: α·size, ...)`.
public enum TorchWeights {
    /// The architecture JSON's `format` value.
    public static let format = "convwalk-pytorch-1"

    /// The PyTorch name of a convwalk parameter: `fc1.w` → `fc1.weight`.
    public static func torchName(_ name: String) -> String {
        let suffixes = [".w": ".weight", ".b": ".bias", ".alpha": ".weight", ".gamma": ".weight", ".beta": ".bias"]
        for (from, to) in suffixes where name.hasSuffix(from) { return String(name.dropLast(from.count)) + to }
        return name
    }

    /// Every parameter of `network` under its PyTorch name, in layer order.
    public static func tensors(of network: Network) -> [NamedTensor] {
        zip(network.parameterNames, network.parameters).map { NamedTensor(name: torchName($0), tensor: $1) }
    }

    /// PyTorch's `num_batches_tracked` of each batch normalisation of `network` (found by its
    /// `running_var`), all equal to `batches`, the number of training steps taken.
    public static func batchCounters(of network: Network, batches: Int) -> [(name: String, value: Int64)] {
        batchNormPrefixes(network).map { ("\($0).num_batches_tracked", Int64(batches)) }
    }

    /// `bn1`, `res1.bn2`, ...: the module names of the network's batch normalisations.
    static func batchNormPrefixes(_ network: Network) -> [String] {
        network.parameterNames.filter { $0.hasSuffix(".running_var") }.map { String($0.dropLast(".running_var".count)) }
    }

    /// The model as JSON for a PyTorch script: `format`, `model`, `input`, `modules` (one per
    /// layer: `name`, `kind` and its options resolved to numbers, as `ModelSpec.resolvedLayers`)
    /// and `parameters` (PyTorch name → shape).
    public static func architecture(_ network: Network) throws -> String {
        struct Architecture: Encodable {
            var format: String, model: String, input: [Int]
            var modules: [[String: JSONValue]]
            var parameters: [String: [Int]]
        }
        var modules = try network.spec.resolvedLayers()
        for (i, row) in network.table.enumerated() { modules[i]["name"] = .string(row.name) }
        let parameters = Dictionary(uniqueKeysWithValues: tensors(of: network).map { ($0.name, $0.tensor.shape) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Architecture(format: format, model: network.spec.name, input: network.spec.input,
                                                   modules: modules, parameters: parameters))
        return String(decoding: data, as: UTF8.self)
    }

    /// A network of `spec` whose parameters are the PyTorch-named `tensors`.
    ///
    /// Every parameter must be present with its exact shape, and nothing else may be there.
    /// - Parameter file: names the source in errors.
    /// - Throws: `InteropError.mismatch` listing every missing, extra or misshapen tensor,
    ///   e.g. `fc1.weight: expected 120x400, found 120x256`; `ModelSpecError` for a bad spec.
    public static func network(_ spec: ModelSpec, from tensors: [NamedTensor], file: String) throws -> Network {
        var network = try Network(spec: spec, seed: 0)
        var byName: [String: Tensor] = [:]
        for t in tensors { byName[t.name] = t.tensor }
        var problems: [WeightProblem] = []
        var used = Set<String>()
        for (i, name) in network.parameterNames.enumerated() {
            let torch = torchName(name), expected = network.parameters[i].shape
            guard let found = byName[torch] else {
                problems.append(.missing(name: torch, expected: expected))
                continue
            }
            used.insert(torch)
            if found.shape == expected {
                network.parameters[i] = found
            } else {
                problems.append(.shape(name: torch, expected: expected, found: found.shape))
            }
        }
        // PyTorch's batch counters: one whole number each, for a batch normalisation the model has.
        for prefix in batchNormPrefixes(network) {
            let name = "\(prefix).num_batches_tracked"
            guard let found = byName[name] else { continue }
            used.insert(name)
            if found.count != 1 { problems.append(.shape(name: name, expected: [], found: found.shape)) }
        }
        problems += tensors.filter { !used.contains($0.name) }.map { .unexpected(name: $0.name, found: $0.tensor.shape) }
        guard problems.isEmpty else { throw InteropError.mismatch(file: file, model: spec.name, problems: problems) }
        return network
    }
}

import Foundation
import KernelCore

/// Bounds that keep an absurd model (a typo, a hostile file, a damaged checkpoint) from
/// overflowing shape arithmetic or allocating gigabytes. `layerTable()` checks the numbers
/// and shapes (lessons may still show a 150M-parameter layer table); `checkParameterCount`
/// guards what allocates weights (`Network`, `convwalk models check`).
public enum ModelLimits {
    /// The largest whole number a layer or the input may hold (size, filters, stride, ...).
    public static let maxNumber = ArchitectureCore.maxNumber
    /// The most values one example may have at any layer's output (and at the input).
    public static let maxActivations = Int(ArchitectureCore.maxActivations)
    /// The most trainable parameters a model may have: 500 million (2 GB of Float32), enough
    /// for the lessons' AlexNet and VGG tables, while a billion-parameter model is refused.
    public static let maxParameters = Int(ArchitectureCore.maxParameters)
}

extension ModelSpec {
    /// Throws when the model has more than `ModelLimits.maxParameters` parameters, before
    /// anything is allocated.
    public func checkParameterCount() throws {
        let total = try totalParameters()
        guard total <= ModelLimits.maxParameters else {
            throw ModelSpecError(location: locations.last ?? nil,
                                 "the model has \(total) parameters (the limit is \(ModelLimits.maxParameters)); convwalk refuses to allocate it")
        }
    }
}

extension ModelSpec {
    /// Why `name` cannot name a model, or nil. The name becomes a folder (`runs/NAME`) and part
    /// of file names, so it may hold only letters, digits, '.', '_' and '-', must not start with
    /// '.' (no `..`, no hidden folder) and is 1 to 64 characters long.
    public static func nameProblem(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
        guard !name.isEmpty, name.count <= 64, allowed, !name.hasPrefix(".") else {
            return "model name \"\(name)\" may hold only letters, digits, '.', '_' and '-' (1 to 64, not starting with '.'): it becomes the run folder's name"
        }
        return nil
    }
}

import Foundation
import Tensor

/// Labelled images ready for training: pixels scaled to 0...1, laid out [N, C, H, W]
/// (C is 1 for MNIST-like grey images).
public struct Dataset: Sendable {
    /// The images, `[count, channels, rows, cols]`, values in 0...1.
    public var images: Tensor
    /// One class index per image.
    public var labels: [Int]
    /// Where the images came from (for messages and reports).
    public var source: String
    /// Where the labels came from, when that is another file (IDX keeps them apart).
    public var labelsSource: String?
    /// For each item, its position in the files it was read from (a subset keeps the original
    /// positions, so a message can point into the file); nil means item i is at position i.
    public var filePositions: [Int]?

    /// The number of images.
    public var count: Int { labels.count }
    /// The shape of one image, `[channels, rows, cols]`.
    public var imageShape: [Int] { Array(images.shape.dropFirst()) }

    /// Builds a data set from already-decoded arrays.
    /// - Throws: `DataError.countMismatch` when the counts differ.
    public init(images: Tensor, labels: [Int], source: String) throws {
        guard images.shape.first == labels.count else {
            throw DataError.countMismatch(imagesFile: source, images: images.shape.first ?? 0,
                                          labelsFile: source, labels: labels.count)
        }
        self.images = images
        self.labels = labels
        self.source = source
    }

    /// Reads a pair of IDX files and checks that they describe the same items and that every
    /// label is below `classes`.
    /// - Throws: `DataError` naming the file at fault.
    public static func load(imagesPath: String, labelsPath: String, classes: Int = 10) throws -> Dataset {
        let raw = try IDX.readImages(path: imagesPath)
        let rawLabels = try IDX.readLabels(path: labelsPath)
        guard raw.count == rawLabels.count else {
            throw DataError.countMismatch(imagesFile: imagesPath, images: raw.count, labelsFile: labelsPath, labels: rawLabels.count)
        }
        var labels = [Int](repeating: 0, count: rawLabels.count)
        for (i, l) in rawLabels.enumerated() {
            guard Int(l) < classes else { throw DataError.badLabel(file: labelsPath, index: i, label: Int(l)) }
            labels[i] = Int(l)
        }
        let pixels = raw.pixels.map { Float($0) / 255 }
        let images = try Tensor(shape: [raw.count, raw.channels, raw.rows, raw.cols], data: pixels)
        var set = try Dataset(images: images, labels: labels, source: imagesPath)
        set.labelsSource = labelsPath
        return set
    }

    /// Checks that every image has the model's input shape and every label is one of its outputs.
    /// - Throws: `DataError.doesNotFit` with both shapes, or the first label out of range.
    public func checkFits(_ spec: ModelSpec) throws {
        guard imageShape == spec.input else {
            throw DataError.doesNotFit(source: source, model: spec.name, detail: "its images are \(Tensor.describe(imageShape)) "
                + "but the model takes \(Tensor.describe(spec.input)); set `input: [\(imageShape.map(String.init).joined(separator: ", "))]` in the model file")
        }
        let output = try spec.outputShape()
        guard output.count == 1 else {
            throw DataError.doesNotFit(source: source, model: spec.name, detail: "the model ends in \(Tensor.describe(output)) maps, "
                + "not one score per class; end it with `- flatten` and `- {linear: CLASSES}`")
        }
        let classes = output[0]
        if let i = labels.firstIndex(where: { $0 >= classes }) {
            let position = filePositions?[i] ?? i
            throw DataError.doesNotFit(source: labelsSource ?? source, model: spec.name, detail: "label \(labels[i]) at item \(position), but the model "
                + "has \(classes) outputs (classes 0 to \(classes - 1)); make its last layer `{linear: \(labels.max()! + 1)}` or more")
        }
    }

    /// The first `n` items (all of them when `n` is nil or larger than the set).
    public func prefix(_ n: Int?) -> Dataset {
        guard let n, n < count else { return self }
        return subset(Array(0..<max(0, n)))
    }

    /// `n` items drawn at random (seeded) without replacement; all of them when `n` is nil
    /// or larger than the set. Use this rather than `prefix` on a set sorted by class.
    public func randomSubset(_ n: Int?, seed: UInt64) -> Dataset {
        guard let n, n < count else { return self }
        var rng = SplitMix64(seed: seed)
        return subset(Array(rng.permutation(count).prefix(max(0, n))))
    }

    /// The items at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        let per = imageShape.reduce(1, *)
        var data = [Float](repeating: 0, count: indices.count * per)
        images.data.withUnsafeBufferPointer { src in
            data.withUnsafeMutableBufferPointer { dst in
                for (k, i) in indices.enumerated() {
                    (dst.baseAddress! + k * per).update(from: src.baseAddress! + i * per, count: per)
                }
            }
        }
        let shape = [indices.count] + imageShape
        // The shape and count agree by construction.
        let t = try! Tensor(shape: shape, data: data)
        var set = try! Dataset(images: t, labels: indices.map { labels[$0] }, source: source)
        set.labelsSource = labelsSource
        set.filePositions = indices.map { filePositions?[$0] ?? $0 }
        return set
    }
}

/// Which half of a data set directory to read.
public enum DataSplit: String, Sendable {
    case train, test
}

/// Finds the IDX files of a data set in a directory.
public enum DataDirectory {
    /// File stems tried for each split, in order of preference (the full training set wins).
    public static func stems(_ split: DataSplit) -> [String] {
        split == .train ? ["train", "train-5k"] : ["t10k"]
    }

    /// Loads the training or test split from `directory`.
    ///
    /// Looks for `<stem>-images-idx3-ubyte[.gz]` and `<stem>-labels-idx1-ubyte[.gz]`, with the
    /// stems of `stems(_:)`: the full `train-*` set when present, else the bundled `train-5k-*`.
    /// Labels must be below `classes` (a model's output count).
    /// - Throws: `DataError.noDataset` listing what was looked for, or a file's own error.
    public static func load(_ directory: String, split: DataSplit, classes: Int = 10) throws -> Dataset {
        var looked: [String] = []
        for stem in stems(split) {
            for ext in [".gz", ""] {
                let images = "\(directory)/\(stem)-images-idx3-ubyte\(ext)"
                let labels = "\(directory)/\(stem)-labels-idx1-ubyte\(ext)"
                looked.append("\(stem)-images-idx3-ubyte\(ext)")
                if FileManager.default.fileExists(atPath: images) {
                    return try Dataset.load(imagesPath: images, labelsPath: labels, classes: classes)
                }
            }
        }
        throw DataError.noDataset(directory: directory, looked: looked)
    }

    /// Resolves a `--data` argument: a directory; `mnist` or `fashion-mnist` (what
    /// `convwalk data fetch` put in the repository's `data/NAME`, or for Fashion-MNIST
    /// Debian's `dataset-fashion-mnist` package when installed); or nil for the repository's
    /// `data/` found from the current directory upwards.
    /// - Throws: `DataError.noDataset` when nothing suitable exists.
    public static func resolve(_ argument: String?) throws -> String {
        if let argument, FileManager.default.fileExists(atPath: argument) || RemoteDataset.named(argument) == nil {
            return argument
        }
        let repoData = try repositoryData()
        guard let name = argument else { return repoData }
        let fetched = "\(repoData)/\(name)"
        if FileManager.default.fileExists(atPath: fetched) { return fetched }
        if name == "fashion-mnist", let dir = debianFashionMNIST() { return dir }
        throw DataError.noDataset(directory: fetched, looked: name == "fashion-mnist" ? ["\(fetched)/", "dpkg -L dataset-fashion-mnist"] : ["\(fetched)/"])
    }

    /// The repository's `data/` directory, found from the current directory upwards.
    static func repositoryData() throws -> String {
        guard let dir = RepositoryPath.find("data", containing: "t10k-images-idx3-ubyte.gz") else {
            throw DataError.noDataset(directory: FileManager.default.currentDirectoryPath,
                                      looked: ["data/t10k-images-idx3-ubyte.gz here and in parent directories"])
        }
        return dir
    }

    /// The directory of Debian's `dataset-fashion-mnist` files, if the package is installed.
    public static func debianFashionMNIST() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dpkg")
        process.arguments = ["-L", "dataset-fashion-mnist"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n")
        let hit = lines.first { $0.hasSuffix("t10k-images-idx3-ubyte.gz") || $0.hasSuffix("t10k-images-idx3-ubyte") }
        return hit.map { String($0).components(separatedBy: "/").dropLast().joined(separator: "/") }
    }
}

import Foundation

/// A problem with a data file or data directory. Every case names the file, and the
/// message says what was expected and what was found, so it can be shown as it is.
public enum DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file does not exist or cannot be read.
    case unreadable(file: String, reason: String)
    /// The file ends before the header or the items it announces.
    case truncated(file: String, expectedBytes: Int, actualBytes: Int)
    /// The file holds more bytes than its header announces.
    case trailingBytes(file: String, expectedBytes: Int, actualBytes: Int)
    /// The first four bytes are not the IDX magic number that was expected.
    case wrongMagic(file: String, found: UInt32, expected: UInt32)
    /// The header announces a count or a size that no MNIST-like file can have.
    case absurdHeader(file: String, detail: String)
    /// The images file and the labels file disagree on how many items there are.
    case countMismatch(imagesFile: String, images: Int, labelsFile: String, labels: Int)
    /// A label is outside 0..<classes.
    case badLabel(file: String, index: Int, label: Int)
    /// The images or labels do not fit the model they are given to.
    case doesNotFit(source: String, model: String, detail: String)
    /// The file is named `.gz` but does not start with the gzip signature.
    case notGzip(file: String)
    /// zlib rejected the compressed stream.
    case corruptGzip(file: String, detail: String)
    /// No data set files were found in the directory.
    case noDataset(directory: String, looked: [String])
    /// A downloaded or bundled file does not have the checksum it should have.
    case checksumMismatch(file: String, algorithm: String, expected: String, actual: String)
    /// A download failed.
    case download(url: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .truncated(file, expected, actual):
            return "\(file): truncated: the header announces \(expected) bytes, the file holds \(actual)"
        case let .trailingBytes(file, expected, actual):
            return "\(file): \(actual - expected) unexpected bytes after the \(expected) the header announces"
        case let .wrongMagic(file, found, expected):
            return "\(file): wrong magic number 0x\(hex8(found)), expected 0x\(hex8(expected)) (is this an IDX file of the right kind?)"
        case let .absurdHeader(file, detail):
            return "\(file): implausible header: \(detail)"
        case let .countMismatch(imagesFile, images, labelsFile, labels):
            return "\(imagesFile) holds \(images) images but \(labelsFile) holds \(labels) labels"
        case let .badLabel(file, index, label):
            return "\(file): label \(label) at item \(index) (byte \(8 + index) of the IDX data) is not a class index"
        case let .doesNotFit(source, model, detail):
            return "\(source): does not fit model \(model): \(detail)"
        case let .notGzip(file):
            return "\(file): not a gzip file (no 1f 8b signature); rename it without .gz if it is a plain IDX file"
        case let .corruptGzip(file, detail):
            return "\(file): corrupt gzip data: \(detail)"
        case let .noDataset(directory, looked):
            return "\(directory): no data set found (looked for \(looked.joined(separator: ", "))); fetch one with `convwalk data fetch mnist|fashion-mnist` or pass --data DIR"
        case let .checksumMismatch(file, algorithm, expected, actual):
            return "\(file): \(algorithm) is \(actual), expected \(expected)"
        case let .download(url, reason):
            return "\(url): download failed: \(reason)"
        }
    }
}

private func hex8(_ v: UInt32) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: max(0, 8 - s.count)) + s
}

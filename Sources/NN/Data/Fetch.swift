import Basics
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A data set that `convwalk data fetch` knows how to download and verify.
public struct RemoteDataset: Sendable {
    /// The name used on the command line.
    public var name: String
    /// Mirrors tried in order when no base URL is given.
    public var baseURLs: [String]
    /// File names with their MD5, as the canonical listings give them.
    public var files: [(name: String, md5: String)]
    /// Each file's size in bytes, where known: a download may not exceed it.
    public var sizes: [String: Int] = [:]

    /// The cap on a file whose size is not listed.
    public static let maxUnlistedBytes = 64 << 20

    /// The canonical MNIST files (md5 as listed in `data/README.md`).
    public static let mnist = RemoteDataset(
        idx: "mnist", baseURLs: ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"],
        md5: ["f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432",
              "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c"],
        bytes: [9_912_422, 28_881, 1_648_877, 4_542])

    /// The canonical Fashion-MNIST files (md5 from Zalando Research's listing).
    public static let fashionMNIST = RemoteDataset(
        idx: "fashion-mnist", baseURLs: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
        md5: ["8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe",
              "bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83cd310"],
        bytes: [26_421_880, 29_515, 4_422_102, 5_148])

    /// Looks a data set up by its command-line name.
    public static func named(_ name: String) -> RemoteDataset? {
        [mnist, fashionMNIST].first { $0.name == name }
    }
}

extension RemoteDataset {
    /// The four gzipped IDX files of an MNIST-format data set, in the order of `init(idx:…)`'s lists.
    static let idxFiles = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                           "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]

    /// An MNIST-format data set: `idxFiles` with these MD5s and sizes, in that order.
    init(idx name: String, baseURLs: [String], md5: [String], bytes: [Int]) {
        self.init(name: name, baseURLs: baseURLs, files: zip(Self.idxFiles, md5).map { (name: $0, md5: $1) },
                  sizes: Dictionary(uniqueKeysWithValues: zip(Self.idxFiles, bytes)))
    }
}

/// Downloads a `RemoteDataset` into a directory, verifying each file's MD5.
///
/// Files already present with the right checksum are kept, so an interrupted fetch can
/// simply be run again. Each file is written to a temporary name and renamed into place
/// only after its checksum matched, so a half-written file never looks complete.
public struct DataFetcher: Sendable {
    public var dataset: RemoteDataset
    public var baseURLs: [String]
    public var directory: String
    /// Seconds without a byte before a download is given up (the stall timeout).
    public var timeout: TimeInterval
    /// Seconds one file's download may take in all.
    public var deadline: TimeInterval

    /// - Parameters:
    ///   - baseURL: a mirror to use instead of the data set's own list.
    ///   - directory: where the files go (created when missing).
    ///   - timeout: the stall timeout; `deadline` the total time per file.
    public init(dataset: RemoteDataset, baseURL: String? = nil, directory: String, timeout: TimeInterval = 60,
                deadline: TimeInterval = 900) {
        self.dataset = dataset
        self.baseURLs = baseURL.map { [$0.hasSuffix("/") ? $0 : $0 + "/"] } ?? dataset.baseURLs
        self.directory = directory
        self.timeout = timeout
        self.deadline = deadline
    }

    /// What happened to one file.
    public enum Outcome: Equatable, Sendable {
        case alreadyPresent, downloaded(bytes: Int)
    }

    /// Fetches every file, reporting each one through `progress`.
    /// - Throws: `DataError.download` (offline, HTTP error, short body) or
    ///   `DataError.checksumMismatch`; nothing is left at the final path in either case.
    public func run(progress: (String, Outcome) -> Void = { _, _ in }) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in dataset.files {
            let outcome = try await fetch(file.name, md5: file.md5)
            progress(file.name, outcome)
        }
    }

    private func fetch(_ name: String, md5: String) async throws -> Outcome {
        let target = "\(directory)/\(name)"
        if let existing = FileManager.default.contents(atPath: target), Digest.md5([UInt8](existing)) == md5 {
            return .alreadyPresent
        }
        AtomicFile.removeStaleTemporaries(of: URL(fileURLWithPath: target))
        var lastError: Error = DataError.download(url: name, reason: "no mirror configured")
        for base in baseURLs {
            do {
                let bytes = try download(base + name, maxBytes: dataset.sizes[name] ?? RemoteDataset.maxUnlistedBytes)
                let actual = Digest.md5(bytes)
                guard actual == md5 else {
                    throw DataError.checksumMismatch(file: base + name, algorithm: "md5", expected: md5, actual: actual)
                }
                try AtomicFile.write(Data(bytes), to: target)
                return .downloaded(bytes: bytes.count)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private func download(_ address: String, maxBytes: Int) throws -> [UInt8] {
        guard let url = URL(string: address) else { throw DataError.download(url: address, reason: "not a valid URL") }
        var request = URLRequest(url: url)
        request.timeoutInterval = timeout
        let (data, response) = try BoundedDownload.get(request, address: address,
                                                       limits: .init(deadline: deadline, stall: timeout, maxBytes: maxBytes))
        if let http = response as? HTTPURLResponse {
            guard http.statusCode == 200 else {
                throw DataError.download(url: address, reason: "HTTP \(http.statusCode)")
            }
            if let declared = http.value(forHTTPHeaderField: "Content-Length").flatMap(Int.init), declared != data.count {
                throw DataError.download(url: address, reason: "received \(data.count) of \(declared) bytes")
            }
        }
        return [UInt8](data)
    }

    static func explain(_ error: URLError) -> String {
        switch error.code {
        case .notConnectedToInternet, .cannotFindHost, .dnsLookupFailed, .cannotConnectToHost:
            return "cannot reach the server (offline?): \(error.localizedDescription)"
        case .networkConnectionLost:
            return "the connection closed before the whole file arrived"
        case .timedOut:
            return "timed out"
        default:
            return error.localizedDescription
        }
    }
}

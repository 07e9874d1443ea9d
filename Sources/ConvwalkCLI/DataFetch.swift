import ArgumentParser
import Dispatch
import Foundation
import NN

/// `convwalk data ...`: data set files.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Download and verify data sets.", subcommands: [DataFetch.self])
}

/// `convwalk data fetch mnist|fashion-mnist`: downloads the canonical files and checks their md5.
struct DataFetch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download the canonical MNIST or Fashion-MNIST files and verify their md5.",
        discussion: "Files already present with the right checksum are kept, so an interrupted fetch can be run again.")

    @Argument(help: "mnist or fashion-mnist.")
    var dataset: String
    @Option(help: "A mirror's base URL (the directory holding the .gz files).")
    var url: String?
    @Option(help: "Where to put the files (default: data/DATASET).")
    var out: String?

    func run() throws {
        guard let remote = RemoteDataset.named(dataset) else {
            Console.err("error: unknown data set '\(dataset)' (known: mnist, fashion-mnist)")
            throw ExitCode.failure
        }
        let fetcher = DataFetcher(dataset: remote, baseURL: url, directory: out ?? "data/\(remote.name)")
        let result = ResultBox()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await fetcher.run { name, outcome in
                    switch outcome {
                    case .alreadyPresent: Console.out("\(name): already present, md5 ok")
                    case let .downloaded(bytes): Console.out("\(name): downloaded \(bytes) bytes, md5 ok")
                    }
                }
            } catch {
                result.error = ErrorWords.describe(error)
            }
            done.signal()
        }
        done.wait()
        if let error = result.error {
            Console.err("error: \(error)")
            throw ExitCode.failure
        }
        Console.out("\(remote.name) is in \(fetcher.directory)")
    }
}

/// Carries the outcome of the download task back to the waiting command.
private final class ResultBox: @unchecked Sendable {
    var error: String?
}

import ArgumentParser
import NN
import Tensor

/// `--data`: the folder of MNIST-format IDX files, for every command that reads them.
struct DataOption: ParsableArguments {
    @Option(name: .customLong("data"),
            help: "Data directory with IDX files (default: the repository's data/); 'fashion-mnist' for Debian's package.")
    var folder: String?

    /// The folder `--data` names, or the repository's data/.
    func directory() throws -> String { try DataDirectory.resolve(folder) }

    /// The test set, or its first `limit` images.
    func testSet(limit: Int?) throws -> Dataset {
        try DataDirectory.load(try directory(), split: .test).prefix(limit)
    }
}

/// `MODEL`: the network of the commands that take one, a built-in name or a model YAML file.
struct ModelArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("A built-in model (\(BuiltinModels.names.joined(separator: ", "))) or a model YAML file."))
    var model: String

    /// The built-in model of that name, or the file's model.
    func spec() throws -> ModelSpec { try BuiltinModels.resolve(model) }
}

/// `--data` and `--test-limit`: the test images a command evaluates on. The command checks
/// `--test-limit` with its other counts, so that it names the first bad one in name order.
struct TestSetOptions: ParsableArguments {
    @OptionGroup var data: DataOption
    @Option(help: "Evaluate on the first this many test images.")
    var testLimit: Int?

    /// The test set, or its first `--test-limit` images (labels below `classes`, as `DataDirectory.load` reads them).
    func load(classes: Int = 10) throws -> Dataset {
        try DataDirectory.load(try data.directory(), split: .test, classes: classes).prefix(testLimit)
    }
}

/// `--lessons`: the course's lessons folder, for the commands that read a whole course.
struct LessonsOption: ParsableArguments {
    @Option(name: .customLong("lessons"), help: "The lessons folder.")
    var path = "lessons"
}

/// `--threads` of the commands that run a network over batches.
struct ThreadsOption: ParsableArguments {
    @Option(help: "Cores to split each batch across (default: all).")
    var threads: Int?

    func validate() throws {
        try requirePositive(["--threads": threads])
    }

    /// Sets `Parallelism.threads` when `--threads` was given.
    func apply() {
        if let threads { Parallelism.threads = threads }
    }
}

/// `1 thread`, `4 threads`.
func threadCount(_ n: Int) -> String {
    n == 1 ? "1 thread" : "\(n) threads"
}

/// Throws a usage error naming the first option (in name order) whose value is below 1
/// (a batch of 0 divided by zero).
func requirePositive(_ options: [String: Int?]) throws {
    for (name, value) in options.sorted(by: { $0.key < $1.key }) {
        if let value, value < 1 { throw ValidationError("\(name) must be at least 1, got \(value)") }
    }
}

/// Throws a usage error naming the first option (in name order) whose value is above its limit.
func requireAtMost(_ options: [String: (Int?, Int)]) throws {
    for (name, (value, limit)) in options.sorted(by: { $0.key < $1.key }) {
        if let value, value > limit { throw ValidationError("\(name) must be at most \(limit), got \(value)") }
    }
}

import ArgumentParser
import Foundation
import NN
import Tensor
import Words

/// `convwalk models`: the built-in models, and `models check FILE` for a model file's layer table.
struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in models, or check a model file.",
        subcommands: [List.self, CheckModel.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the built-in models with their shapes and parameter counts.")

        func run() throws {
            guard let dir = BuiltinModels.directory() else {
                Console.err("error: no models/ directory here or in a parent directory")
                throw ExitCode.failure
            }
            for name in BuiltinModels.names {
                do {
                    let spec = try ModelSpec.load(path: "\(dir)/\(name).yaml")
                    let table = try spec.layerTable()
                    let total = table.reduce(0) { $0 + $1.parameters }
                    Console.out("\(name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(Tensor.describe(spec.input)) → "
                                + "\(Tensor.describe(table.last?.outputShape ?? spec.input)), \(table.count) layers, \(Language.grouped(total)) parameters")
                } catch {
                    Console.err("\(name): " + ErrorWords.describe(error))
                }
            }
        }
    }

    struct CheckModel: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Print a model file's layer table, or what is wrong with it.")

        @Argument(help: "A model YAML file or a built-in name.")
        var file: String

        func run() throws {
            try Console.reportingErrors {
                let spec = try BuiltinModels.resolve(file)
                let table = try spec.layerTable()
                Console.out("\(spec.name): input \(Tensor.describe(spec.input))")
                // Fixed columns; a longer layer description (a block's inner layers) ends in "…".
                func left(_ s: String, _ n: Int) -> String {
                    s.count > n ? String(s.prefix(n - 1)) + "…" : s.padding(toLength: n, withPad: " ", startingAt: 0)
                }
                func right(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
                Console.out(right("#", 3) + "  " + left("name", 15) + " " + left("layer", 40) + " " + left("output", 12)
                            + right("parameters", 11) + " " + right("multiply-adds", 14) + "  receptive field")
                for row in table {
                    Console.out(right("\(row.index)", 3) + "  " + left(row.name, 15) + " " + left(row.description, 40) + " "
                                + left(Tensor.describe(row.outputShape), 12) + right(Language.grouped(row.parameters), 11) + " "
                                + right(Language.grouped(row.multiplyAdds), 14) + "  " + row.receptiveField.words(.en))
                }
                Console.out("total parameters: \(Language.grouped(table.reduce(0) { $0 + $1.parameters })), "
                            + "multiply-adds per image: \(Language.grouped(table.reduce(0) { $0 + $1.multiplyAdds }))")
                try spec.checkParameterCount()
            }
        }
    }
}

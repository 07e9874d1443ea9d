import ArgumentParser
import Foundation
import NN
import Tensor

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
                                + "\(Tensor.describe(table.last?.outputShape ?? spec.input)), \(table.count) layers, \(total) parameters")
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
            do {
                let spec = try BuiltinModels.resolve(file)
                let table = try spec.layerTable()
                Console.out("\(spec.name): input \(Tensor.describe(spec.input))")
                Console.out("  #  name       layer                                    output       parameters")
                for row in table {
                    Console.out(String(format: "%3d  %@ %@ %@ %10d", row.index, row.name.padding(toLength: 10, withPad: " ", startingAt: 0),
                                       row.description.padding(toLength: 40, withPad: " ", startingAt: 0),
                                       Tensor.describe(row.outputShape).padding(toLength: 12, withPad: " ", startingAt: 0), row.parameters))
                }
                Console.out("total parameters: \(table.reduce(0) { $0 + $1.parameters })")
                try spec.checkParameterCount()
            } catch {
                Console.err("error: " + ErrorWords.describe(error))
                throw ExitCode.failure
            }
        }
    }
}

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
                Console.out("  #  name       layer                                    output       parameters  multiply-adds  receptive field")
                for row in table {
                    let f = row.receptiveField
                    let field = f.wholeInput ? "whole input" : "\(f.size[0])x\(f.size[1]), jump \(f.jump[0] == f.jump[1] ? "\(f.jump[0])" : "\(f.jump[0])x\(f.jump[1])")"
                    Console.out(String(format: "%3d  %@ %@ %@ %10@ %14@  %@", row.index, row.name.padding(toLength: 10, withPad: " ", startingAt: 0),
                                       row.description.padding(toLength: 40, withPad: " ", startingAt: 0),
                                       Tensor.describe(row.outputShape).padding(toLength: 12, withPad: " ", startingAt: 0),
                                       Language.grouped(row.parameters), Language.grouped(row.multiplyAdds), field))
                }
                Console.out("total parameters: \(Language.grouped(table.reduce(0) { $0 + $1.parameters })), "
                            + "multiply-adds per image: \(Language.grouped(table.reduce(0) { $0 + $1.multiplyAdds }))")
                try spec.checkParameterCount()
            } catch {
                Console.err("error: " + ErrorWords.describe(error))
                throw ExitCode.failure
            }
        }
    }
}
